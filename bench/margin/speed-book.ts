/**
 * What `npm run bench:margin` measures on: a BTC instrument universe (perp, 30- and 90-day futures,
 * calls and puts at every 1,000 from 30,000 to 70,000 on the 7-, 30- and 90-day expiries: 249
 * instruments), seeded random accounts over it, and the reference market before and after one tick.
 */
import type { Holding, Instrument, UnitMarket } from '@exchange/margin';
import { EXPIRY_DAYS, future, listedExpiries, option, perpetual, unitMarket } from './market';
import { REFERENCE_STATES } from './models';
import type { Random } from './random';

const REFERENCE = REFERENCE_STATES.BTC;
const STRIKES = Array.from({ length: 41 }, (_, i) => 30_000 + 1_000 * i);

export function speedUniverse(): Instrument[] {
  const expiries = listedExpiries(REFERENCE.nowSec);
  const options = expiries.flatMap((expirySec, e) =>
    STRIKES.flatMap((strike) => [
      option('BTC', expirySec, EXPIRY_DAYS[e], strike, 'call'),
      option('BTC', expirySec, EXPIRY_DAYS[e], strike, 'put'),
    ]),
  );
  return [perpetual('BTC'), future('BTC', expiries[1], 30), future('BTC', expiries[2], 90), ...options];
}

/** The reference BTC market with the index moved by `ticks` ticks of 0.5 USD (forwards and perp follow). */
export function marketAfterTicks(universe: readonly Instrument[], ticks: number): UnitMarket {
  const state = { ...REFERENCE, index: REFERENCE.index + 0.5 * ticks };
  return unitMarket(state, listedExpiries(state.nowSec), universe);
}

/** An account of `count` positions in distinct instruments drawn from `pool`, sizes 0.1 to 10 coins either way. */
export function randomAccount(random: Random, pool: readonly Instrument[], count: number): Holding[] {
  if (count > pool.length)
    throw new RangeError(`${count} positions need ${count} instruments, the pool has ${pool.length}`);
  const picked = [...pool];
  return Array.from({ length: count }, (_, i) => {
    const j = i + random.below(picked.length - i);
    [picked[i], picked[j]] = [picked[j], picked[i]];
    const size = (1 + random.below(100)) / 10;
    return { instrument: picked[i], size: random.chance(0.5) ? size : -size };
  });
}
