import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { MessageBus } from '@exchange/kafka';
import type { Logger } from '@exchange/observability';
import { AccountController } from './account/account.controller';
import { AccountService } from './account/account.service';
import { MarginModeService } from './account/margin-mode.service';
import { MarginStates } from './account/margin-states';
import { MarkPrices } from './account/mark-prices';
import type { GatewayStore } from './adapters/store.port';
import { AdminMarginParamsController } from './admin/admin-margin-params.controller';
import { AdminMarketsController } from './admin/admin-markets.controller';
import { AdminPricesController } from './admin/admin-prices.controller';
import { AdminVolSurfacesController } from './admin/admin-vol-surfaces.controller';
import { MarginParamsAdminService } from './admin/margin-params-admin.service';
import { MarketListingService } from './admin/market-listing.service';
import { PriceAdminService } from './admin/price-admin.service';
import { StaffActions } from './admin/staff-actions';
import { VolSurfaceAdminService } from './admin/vol-surface-admin.service';
import { ApiKeyAuthenticator } from './auth/api-key-authenticator.service';
import { ApiKeyGuard } from './auth/api-key.guard';
import { BookRegistry } from './book/book-registry.service';
import { Clock, systemClock } from './clock';
import type { GatewaySettings } from './config';
import { MarketCatalog } from './markets/market-catalog.service';
import { MarketsController } from './markets/markets.controller';
import { MarginController } from './margin/margin.controller';
import { MarginSimulationService } from './margin/margin-simulation.service';
import { RiskServiceClient } from './margin/risk-service.client';
import { GatewayMetrics } from './ops/gateway-metrics';
import { HealthService } from './ops/health.service';
import { OpsController } from './ops/ops.controller';
import { CommandWaiters } from './orders/command-answer';
import { CommandSubmitter } from './orders/command-submitter';
import { OrderCancelService } from './orders/order-cancel.service';
import { OrderEntryService } from './orders/order-entry.service';
import { OrderQueryService } from './orders/order-query.service';
import { OrderTracker } from './orders/order-tracker';
import { OrdersController } from './orders/orders.controller';
import { OrderRateGuard } from './rate-limit/order-rate.guard';
import { MessagePublisher } from './streams/message-publisher.service';
import { EventStreams } from './streams/event-streams.service';
import { MatchingEventsHandler } from './streams/matching-events.handler';
import { BUS, CLOCK, LOGGER, SETTINGS, STORE } from './tokens';
import { MarketDataFanout } from './ws/market-data-fanout.service';
import { MarketDataGateway } from './ws/market-data.gateway';

/** What the process (or a test) hands the gateway: its settings and its connections. */
export interface GatewayDependencies {
  readonly settings: GatewaySettings;
  readonly logger: Logger;
  readonly bus: MessageBus;
  readonly store: GatewayStore;
  readonly clock?: Clock;
}

/**
 * Closes the connections after the consumers have stopped (EventStreams stops them in
 * beforeApplicationShutdown, which Nest runs for every provider before any onApplicationShutdown).
 */
class Connections implements OnApplicationShutdown {
  constructor(
    private readonly publisher: MessagePublisher,
    @Inject(BUS) private readonly bus: MessageBus,
    @Inject(STORE) private readonly store: GatewayStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    for (const [name, close] of [
      ['publisher', () => this.publisher.close()],
      ['kafka', () => this.bus.close()],
      ['postgres', () => this.store.close()],
    ] as const) {
      await close().catch((error: unknown) => this.logger.warn(`closing ${name} failed`, { error }));
    }
    this.logger.info('gateway stopped');
  }
}

@Module({})
export class GatewayModule {
  static register(dependencies: GatewayDependencies): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [
        MarketsController,
        OrdersController,
        AccountController,
        MarginController,
        AdminPricesController,
        AdminVolSurfacesController,
        AdminMarketsController,
        AdminMarginParamsController,
        OpsController,
      ],
      providers: [
        { provide: SETTINGS, useValue: dependencies.settings },
        { provide: LOGGER, useValue: dependencies.logger },
        { provide: BUS, useValue: dependencies.bus },
        { provide: STORE, useValue: dependencies.store },
        { provide: CLOCK, useValue: dependencies.clock ?? systemClock },
        { provide: GatewayMetrics, useFactory: () => new GatewayMetrics() },
        { provide: OrderTracker, useFactory: () => new OrderTracker() },
        { provide: CommandWaiters, useFactory: () => new CommandWaiters() },
        { provide: MarginStates, useFactory: () => new MarginStates() },
        { provide: MarkPrices, useFactory: () => new MarkPrices() },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        ApiKeyAuthenticator,
        OrderRateGuard,
        MarketCatalog,
        BookRegistry,
        MessagePublisher,
        CommandSubmitter,
        OrderEntryService,
        OrderCancelService,
        OrderQueryService,
        AccountService,
        MarginModeService,
        RiskServiceClient,
        MarginSimulationService,
        StaffActions,
        PriceAdminService,
        VolSurfaceAdminService,
        MarketListingService,
        MarginParamsAdminService,
        HealthService,
        MarketDataFanout,
        MatchingEventsHandler,
        EventStreams,
        MarketDataGateway,
        Connections,
      ],
    };
  }
}
