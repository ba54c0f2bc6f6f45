import { hedgeFirstRequirement } from './hedge-first';
import type { Holding, OrderLeg } from './instruments';
import { usdToMicroUp } from './money';
import { immediateLoss } from './order-sides';
import { type RiskProfile, riskProfile, withPosition } from './risk-profile';
import type { ScenarioBook } from './scenario-book';

/** One side of a unit's open orders taken as filled: the profile with them, and what they lose at once. */
interface FilledSide {
  readonly profile: RiskProfile;
  readonly immediateLoss: number;
  /** Hedge-first IM of the side, immediate loss included, USD. */
  readonly initial: number;
}

/**
 * A risk unit's hedge-first requirement kept with what produced it (the positions' profile and each
 * side of the open orders filled), so the pre-trade check can add one order in one pass over the
 * scenarios instead of remeasuring the unit. Built from scratch it equals `hedgeFirstMarginWith`.
 */
export interface HedgeFirstGateState {
  readonly positions: RiskProfile;
  /** Positions' own MM and IM, USD. */
  readonly maintenanceUsd: number;
  readonly positionsInitialUsd: number;
  readonly bids: FilledSide | null;
  readonly asks: FilledSide | null;
  /** Micro-USDC, rounded up: MM of the positions, IM with the open orders on their worse side. */
  readonly maintenance: bigint;
  readonly initial: bigint;
}

function filledSide(book: ScenarioBook, positions: readonly Holding[], legs: readonly OrderLeg[]): FilledSide | null {
  if (legs.length === 0) return null;
  const profile = riskProfile(book, [...positions, ...legs.map(({ instrument, size }) => ({ instrument, size }))]);
  const loss = legs.reduce((sum, order) => sum + immediateLoss(order, book.quote(order.instrument)), 0);
  return sideOf(book, profile, loss);
}

function stateOf(
  positions: RiskProfile,
  maintenanceUsd: number,
  positionsInitialUsd: number,
  bids: FilledSide | null,
  asks: FilledSide | null,
): HedgeFirstGateState {
  const initialUsd = Math.max(positionsInitialUsd, bids?.initial ?? 0, asks?.initial ?? 0);
  return {
    positions,
    maintenanceUsd,
    positionsInitialUsd,
    bids,
    asks,
    maintenance: usdToMicroUp(maintenanceUsd),
    initial: usdToMicroUp(initialUsd),
  };
}

/** The unit's gate state from scratch. */
export function hedgeFirstGateState(
  book: ScenarioBook,
  positions: readonly Holding[],
  orders: readonly OrderLeg[] = [],
): HedgeFirstGateState {
  const profile = riskProfile(book, positions);
  const { maintenance, initial } = hedgeFirstRequirement(profile, book);
  const bids = filledSide(
    book,
    positions,
    orders.filter((order) => order.size > 0),
  );
  const asks = filledSide(
    book,
    positions,
    orders.filter((order) => order.size < 0),
  );
  return stateOf(profile, maintenance, initial, bids, asks);
}

/** A side's orders and positions with one holding changed, and what its orders lose at once. */
function sideOf(book: ScenarioBook, profile: RiskProfile, loss: number): FilledSide {
  const immediate = Math.max(0, loss);
  return { profile, immediateLoss: immediate, initial: hedgeFirstRequirement(profile, book).initial + immediate };
}

/** The same side with another immediate loss: its holdings, and so its requirement, unchanged. */
function withLoss(side: FilledSide, loss: number): FilledSide {
  const immediate = Math.max(0, loss);
  return { ...side, immediateLoss: immediate, initial: side.initial - side.immediateLoss + immediate };
}

/** The state with one side of its orders replaced, the positions as they are. */
function withSide(state: HedgeFirstGateState, isBid: boolean, side: FilledSide): HedgeFirstGateState {
  const { positions, maintenanceUsd, positionsInitialUsd, bids, asks } = state;
  return stateOf(positions, maintenanceUsd, positionsInitialUsd, isBid ? side : bids, isBid ? asks : side);
}

/**
 * The state with one more open order: its side's profile moves by the order's size times the
 * instrument's cached scenario vector (one pass over the scenarios), the other side and the
 * positions stay as they are.
 */
export function withOpenOrder(book: ScenarioBook, state: HedgeFirstGateState, order: OrderLeg): HedgeFirstGateState {
  const quote = book.quote(order.instrument);
  const isBid = order.size > 0;
  const side = isBid ? state.bids : state.asks;
  const profile = withPosition(side?.profile ?? state.positions, quote, book.vector(order.instrument), order.size);
  return withSide(state, isBid, sideOf(book, profile, (side?.immediateLoss ?? 0) + immediateLoss(order, quote)));
}

/**
 * The state once `filled` (an open order, or the part of it that traded) became a position: the
 * positions and the other side move by it; its own side holds the same coins as before (they moved
 * from orders to positions) and loses only the order's immediate loss. Null when the state holds no
 * such order, so the caller rebuilds it.
 */
export function withFilledOrder(
  book: ScenarioBook,
  state: HedgeFirstGateState,
  filled: OrderLeg,
): HedgeFirstGateState | null {
  const isBid = filled.size > 0;
  const own = isBid ? state.bids : state.asks;
  if (!own) return null;
  const quote = book.quote(filled.instrument);
  const vector = book.vector(filled.instrument);
  const positions = withPosition(state.positions, quote, vector, filled.size);
  const { maintenance, initial } = hedgeFirstRequirement(positions, book);
  const ownSide = withLoss(own, own.immediateLoss - immediateLoss(filled, quote));
  const other = isBid ? state.asks : state.bids;
  const otherSide = other && sideOf(book, withPosition(other.profile, quote, vector, filled.size), other.immediateLoss);
  return stateOf(positions, maintenance, initial, isBid ? ownSide : otherSide, isBid ? otherSide : ownSide);
}

/** The state once an open order (or part of it) left the book unfilled; null when the state holds no such order. */
export function withoutOpenOrder(
  book: ScenarioBook,
  state: HedgeFirstGateState,
  order: OrderLeg,
): HedgeFirstGateState | null {
  const isBid = order.size > 0;
  const side = isBid ? state.bids : state.asks;
  if (!side) return null;
  const quote = book.quote(order.instrument);
  const profile = withPosition(side.profile, quote, book.vector(order.instrument), -order.size);
  return withSide(state, isBid, sideOf(book, profile, side.immediateLoss - immediateLoss(order, quote)));
}
