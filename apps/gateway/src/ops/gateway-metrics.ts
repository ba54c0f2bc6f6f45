import { MetricsRegistry } from '@exchange/observability';

/** Every metric the gateway exports at /metrics. */
export class GatewayMetrics {
  readonly registry = new MetricsRegistry();
  readonly httpRequests = this.registry.counter(
    'gateway_http_requests_total',
    'HTTP requests by route, method and status',
  );
  readonly orderAckSeconds = this.registry.histogram(
    'gateway_order_ack_seconds',
    'time from receiving an order command to the engines answering it',
  );
  readonly orderCommands = this.registry.counter('gateway_order_commands_total', 'order commands by kind and outcome');
  readonly wsConnections = this.registry.gauge('gateway_ws_connections', 'open WebSocket connections');
  readonly wsSlowConsumers = this.registry.counter(
    'gateway_ws_slow_consumers_total',
    'WebSocket clients disconnected for not reading fast enough',
  );
  readonly consumeErrors = this.registry.counter(
    'gateway_consume_errors_total',
    'Kafka messages the gateway failed to process, by topic',
  );

  render(): string {
    return this.registry.render();
  }
}
