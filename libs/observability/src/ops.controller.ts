import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { MetricsRegistry } from './metrics';

/** What /health reports: each named dependency is up or down; the service is ready when all are up. */
export type HealthChecks = () => Promise<Record<string, boolean>>;

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

interface Replyable {
  status(code: number): { send(body: unknown): unknown };
}

@Controller()
class OpsController {
  constructor(
    @Inject(HEALTH_CHECKS) private readonly checks: HealthChecks,
    private readonly metrics: MetricsRegistry,
  ) {}

  @Get('health')
  async health(@Res() reply: Replyable): Promise<void> {
    const parts = await this.checks().catch(() => ({ checks: false }));
    const up = Object.values(parts).every(Boolean);
    reply.status(up ? 200 : 503).send({ status: up ? 'ok' : 'unavailable', ...parts });
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  render(): string {
    return this.metrics.render();
  }
}

/**
 * /health and /metrics of a service. The importing module declares this controller and provides
 * its MetricsRegistry and a HEALTH_CHECKS function (which may depend on the service's workers).
 */
export const OPS_CONTROLLER = OpsController;
