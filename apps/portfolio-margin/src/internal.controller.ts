import { Body, Controller, Get, HttpCode, HttpException, Inject, Param, Post } from '@nestjs/common';
import { InstrumentMark, MarginSimulationRequest, MarginSimulationResult } from '@exchange/contracts';
import { RejectCode } from '@exchange/domain';
import { MarginParamsByUnderlying, RiskEngine } from '@exchange/margin';
import { RISK_ENGINE } from './tokens';

const NOT_FOUND: ReadonlySet<RejectCode> = new Set([RejectCode.UNKNOWN_ACCOUNT, RejectCode.UNKNOWN_MARKET]);

/**
 * The service's private API (bound to its private address, for the gateway and operators): the
 * what-if calculator, on the engine's current market data and, when asked, the account's own
 * positions and orders; an instrument's mark with its vol and Greeks; the margin parameters in
 * force; and the engine's state hash, which restart tests compare.
 */
@Controller('internal/v1')
export class InternalController {
  constructor(@Inject(RISK_ENGINE) private readonly engine: RiskEngine) {}

  @Get('state-hash')
  stateHash(): { stateHash: string } {
    return { stateHash: this.engine.stateHash() };
  }

  @Get('marks/:market')
  mark(@Param('market') market: string): InstrumentMark {
    const mark = this.engine.instrumentMark(market);
    if (mark) return mark;
    const [code, status] = this.engine.hasMarket(market)
      ? [RejectCode.NO_MARK_PRICE, 409]
      : [RejectCode.UNKNOWN_MARKET, 404];
    throw new HttpException({ code, message: `no mark for ${market}`, details: {} }, status);
  }

  @Get('margin-params')
  marginParams(): { paramsVersion: string; byUnderlying: MarginParamsByUnderlying } {
    return { paramsVersion: this.engine.paramsVersion, byUnderlying: this.engine.currentParams() };
  }

  @Post('margin/simulate')
  @HttpCode(200)
  simulate(@Body() body: unknown): MarginSimulationResult {
    const request = parseRequest(body);
    const answer = this.engine.simulate(request);
    if (answer.ok) return answer.result;
    const status = NOT_FOUND.has(answer.code) ? 404 : answer.code === RejectCode.NO_MARK_PRICE ? 409 : 400;
    throw new HttpException({ code: answer.code, message: answer.message, details: {} }, status);
  }
}

function parseRequest(body: unknown): MarginSimulationRequest {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const positions = Array.isArray(record.positions) ? (record.positions as unknown[]) : null;
  const model = record.model;
  const wellFormed =
    typeof record.accountId === 'string' &&
    typeof record.includeAccount === 'boolean' &&
    (model === undefined || model === 'standard' || model === 'portfolio') &&
    positions !== null &&
    positions.every((position) => {
      const { market, sizeLots } = (position ?? {}) as Record<string, unknown>;
      return typeof market === 'string' && typeof sizeLots === 'number';
    });
  if (!wellFormed) {
    throw new HttpException(
      {
        code: RejectCode.INVALID_COMMAND,
        message: 'expected {accountId, includeAccount, model?, positions[]}',
        details: {},
      },
      400,
    );
  }
  return record as unknown as MarginSimulationRequest;
}
