/**
 * The matching-engine recovery scenario shared by the replay and the snapshot recovery tests: one
 * order flow, optionally with a kill -9 of the engine mid-burst, and the outcome to compare.
 */
import assert from 'node:assert/strict';
import { eventually } from '@exchange/testing';
import { ExchangeHarness } from './exchange-harness';

export interface Outcome {
  readonly fills: string[];
  readonly book: unknown;
  readonly positions: Record<string, unknown>;
  readonly balances: Record<string, unknown>;
}

const sell = (price: string, quantity: string) => ({
  market: 'BTC-PERP',
  side: 'sell',
  type: 'limit',
  price,
  quantity,
});
const buyIoc = (price: string, quantity: string) => ({ ...sell(price, quantity), side: 'buy', timeInForce: 'IOC' });

export interface FlowOptions {
  /** Kill -9 the matching engine mid-burst and start it again. */
  readonly crash: boolean;
  /** Runs just before the burst, e.g. to wait until the engine has written a snapshot. */
  readonly beforeBurst?: () => Promise<void>;
}

/** The accounts the flow trades from, with their deposits (USDC). */
export const FLOW_DEPOSITS = { alice: '1000000', bob: '1000000' };

/**
 * One fixed order flow: resting asks, a few takers, a burst of asks (during which the matching
 * engine may be killed), then a sweep. Every phase's commands reach the book in one fixed order
 * (awaited one by one, or from one account, whose commands share a partition), so two runs must
 * end in the same fills, book and ledger.
 */
export async function runMatchingFlow(exchange: ExchangeHarness, options: FlowOptions): Promise<Outcome> {
  await exchange.setPrice('BTC', '50000');
  const alice = exchange.client('alice');
  const bob = exchange.client('bob');
  await eventually('first order accepted', async () => {
    const response = await alice.post('/v1/orders', sell('50000', '0.001'));
    return response.status === 201 ? true : undefined;
  });
  for (let i = 1; i < 10; i++)
    assert.equal((await alice.post('/v1/orders', sell(String(50000 + i * 0.5), '0.001'))).status, 201);
  for (let i = 0; i < 3; i++) assert.equal((await bob.post('/v1/orders', buyIoc('50010', '0.001'))).status, 201);

  await options.beforeBurst?.();
  const burst = Array.from({ length: 20 }, (_, i) => alice.post('/v1/orders', sell(String(50010 + i * 0.5), '0.002')));
  if (options.crash) {
    await new Promise((resolve) => setTimeout(resolve, 30));
    await exchange.service('matching-engine').stop('SIGKILL');
    await exchange.startService('matching-engine');
  }
  for (const response of await Promise.all(burst))
    assert.ok([201, 504].includes(response.status), JSON.stringify(response.body));

  // The sweep waits until the whole burst rests: 7 asks left from the first phase plus 20.
  await eventually(
    'burst on the book',
    async () => {
      const book = await exchange.api.get<{ asks: unknown[] }>('/v1/markets/BTC-PERP/book?depth=100');
      return book.body.asks.length === 27 ? true : undefined;
    },
    60_000,
  );
  const sweep = await bob.post('/v1/orders', buyIoc('50020', '0.03'));
  assert.equal(sweep.status, 201, JSON.stringify(sweep.body));

  const outcome = async (): Promise<Outcome> => {
    const fills = await exchange.pool.query<{
      trade_id: string;
      price_ticks: string;
      size_lots: string;
      liquidity: string;
      name: string;
    }>(
      `SELECT f.trade_id, f.price_ticks::text, f.size_lots::text, f.liquidity, a.name
         FROM fills f JOIN accounts a ON a.id = f.account_id ORDER BY f.seq, f.liquidity`,
    );
    const positions = await exchange.pool.query<{ name: string; size_lots: string; cost: string }>(
      `SELECT a.name, p.size_lots::text, p.cost_ticks_lots::text AS cost FROM positions p JOIN accounts a ON a.id = p.account_id`,
    );
    const balances = await exchange.pool.query<{ name: string; amount: string }>(
      `SELECT a.name, b.amount::text FROM balances b JOIN accounts a ON a.id = b.account_id`,
    );
    return {
      fills: fills.rows.map(
        (row) => `${row.trade_id} ${row.price_ticks}x${row.size_lots} ${row.liquidity} ${row.name.split('-').pop()}`,
      ),
      book: (await exchange.api.get('/v1/markets/BTC-PERP/book?depth=100')).body,
      positions: Object.fromEntries(
        positions.rows.map((row) => [row.name.split('-').pop(), `${row.size_lots}@${row.cost}`]),
      ),
      balances: Object.fromEntries(balances.rows.map((row) => [row.name.split('-').pop(), row.amount])),
    };
  };
  // Settlement catches up asynchronously: wait for every trade's two fill rows to land.
  const trades = 3 + (sweep.body.fills as unknown[]).length;
  return eventually(
    'fills settled',
    async () => {
      const result = await outcome();
      return result.fills.length === 2 * trades ? result : undefined;
    },
    30_000,
  );
}
