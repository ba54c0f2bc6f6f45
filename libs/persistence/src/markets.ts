import type { MarketSpec } from '@exchange/domain';
import type { Database } from './database';
import type { Market, Prisma } from './generated/prisma/client';
import { toSafeNumber } from './values';

/** Postgres' unique violation as Prisma reports it. */
const UNIQUE_VIOLATION = 'P2002';

/** A listing names symbols that are already listed; nothing was written. */
export class MarketsExistError extends Error {
  constructor(readonly symbols: readonly string[]) {
    super(`markets already listed: ${symbols.join(', ')}`);
  }
}

export class MarketRepository {
  constructor(private readonly database: Database) {}

  /** Every listed market, whatever its status, by symbol. */
  async list(): Promise<MarketSpec[]> {
    const markets = await this.database.prisma.market.findMany({ orderBy: { symbol: 'asc' } });
    return markets.map(toMarketSpec);
  }

  /**
   * Lists new markets in one transaction: all of them or, when any symbol is taken, none
   * (MarketsExistError naming the taken symbols).
   */
  async create(markets: readonly MarketSpec[]): Promise<void> {
    const symbols = markets.map((market) => market.symbol);
    try {
      await this.database.prisma.$transaction(async (tx) => {
        const taken = await tx.market.findMany({ where: { symbol: { in: symbols } }, select: { symbol: true } });
        if (taken.length > 0) throw new MarketsExistError(taken.map((market) => market.symbol).sort());
        await tx.market.createMany({ data: markets.map(toMarketRow) });
      });
    } catch (error) {
      // A concurrent listing of the same symbol committed between the check and the insert.
      if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) throw new MarketsExistError(symbols);
      throw error;
    }
  }

  /**
   * Lists those of the markets that are not listed yet and leaves the others as they are (the
   * seed: a second run changes nothing). Returns the symbols it listed, in the order given.
   */
  async createMissing(markets: readonly MarketSpec[]): Promise<string[]> {
    const created = await this.database.prisma.market.createManyAndReturn({
      data: markets.map(toMarketRow),
      skipDuplicates: true,
      select: { symbol: true },
    });
    const listed = new Set(created.map((market) => market.symbol));
    return markets.map((market) => market.symbol).filter((symbol) => listed.has(symbol));
  }
}

type SameInRowAndSpec = Pick<MarketSpec, 'symbol' | 'kind' | 'underlying' | 'quoteAsset' | 'tickSize' | 'lotSize'>;

/** The columns a row stores exactly as the spec has them. */
function sameInRowAndSpec(market: SameInRowAndSpec): SameInRowAndSpec {
  const { symbol, kind, underlying, quoteAsset, tickSize, lotSize } = market;
  return { symbol, kind, underlying, quoteAsset, tickSize, lotSize };
}

function toMarketRow(market: MarketSpec): Prisma.MarketCreateManyInput {
  return {
    ...sameInRowAndSpec(market),
    minSizeLots: BigInt(market.minSizeLots),
    status: market.status,
    expiry: market.expiryMs === undefined ? null : new Date(market.expiryMs),
    strike: market.strike ?? null,
    optionType: market.optionType ?? null,
  };
}

function toMarketSpec(market: Market): MarketSpec {
  return {
    ...sameInRowAndSpec(market),
    minSizeLots: toSafeNumber(market.minSizeLots),
    status: market.status,
    ...(market.expiry && { expiryMs: market.expiry.getTime() }),
    ...(market.strike !== null && { strike: market.strike }),
    ...(market.optionType && { optionType: market.optionType }),
  };
}
