import { Injectable } from '@nestjs/common';
import type { MarginSimulationRequest } from '@exchange/contracts';
import type { Principal } from '../auth/principal';
import { ApiError, ErrorCode } from '../http/api-error';
import { MarketCatalog } from '../markets/market-catalog.service';
import { parseSignedSizeLots } from '../orders/decimal-fields';
import type { MarginSimulationView, SimulateMarginBody, SimulatedPositionBody } from './margin-simulation.dto';
import { RiskServiceClient } from './risk-service.client';
import { toSimulationView } from './simulation-result';

/** What-if margin: hypothetical positions checked and converted to lots here, computed by the risk service. */
@Injectable()
export class MarginSimulationService {
  constructor(
    private readonly catalog: MarketCatalog,
    private readonly risk: RiskServiceClient,
  ) {}

  async simulate(caller: Principal, body: SimulateMarginBody): Promise<MarginSimulationView> {
    const request: MarginSimulationRequest = {
      accountId: caller.accountId,
      includeAccount: body.includeAccount ?? true,
      ...(body.model === undefined ? {} : { model: body.model }),
      positions: await this.positionsInLots(body.positions),
    };
    return toSimulationView(await this.risk.simulate(request));
  }

  /** Signed lots per market, in the order first named; several entries of one market add up. */
  private async positionsInLots(
    positions: readonly SimulatedPositionBody[],
  ): Promise<MarginSimulationRequest['positions']> {
    const lotsByMarket = new Map<string, number>();
    for (const [index, position] of positions.entries()) {
      const market = await this.catalog.find(position.market);
      if (!market) {
        throw new ApiError(404, ErrorCode.UNKNOWN_MARKET, `unknown market ${position.market}`, {
          field: `positions.${index}.market`,
        });
      }
      const lots = parseSignedSizeLots(`positions.${index}.size`, position.size, market);
      if (!lots.ok) throw new ApiError(400, lots.problem.code, lots.problem.message, lots.problem.details);
      lotsByMarket.set(market.symbol, (lotsByMarket.get(market.symbol) ?? 0) + lots.value);
    }
    return [...lotsByMarket].map(([market, sizeLots]) => ({ market, sizeLots }));
  }
}
