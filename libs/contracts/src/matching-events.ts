import type {
  DoneReason,
  MarketStatus,
  OrderType,
  PostOnlyMode,
  RejectCode,
  SelfTradePrevention,
  Side,
  TimeInForce,
  TriggerReference,
} from '@exchange/domain';
import type { OrderTrigger } from './orders';
import { defineTopic, hasString } from './topic';

/** Fields every matching event carries: the market's sequence number, gap-free from 1. */
interface Sequenced {
  readonly seq: number;
}

export interface OrderAcceptedEvent extends Sequenced {
  readonly type: 'accepted';
  readonly orderId: string;
  readonly accountId: string;
  readonly clientOrderId: string | null;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  readonly priceTicks: number | null;
  /** Size accepted; a reduce-only order's is capped to the position it can reduce. */
  readonly sizeLots: number;
  /** The place command's options, present only when it set them. */
  readonly trigger?: OrderTrigger;
  readonly expiresAtUs?: number;
  readonly postOnly?: PostOnlyMode;
  readonly reduceOnly?: boolean;
  readonly selfTradePrevention?: SelfTradePrevention;
}

/** A command the book refused; it changed nothing. Market-level commands name no order: ''. */
export interface OrderRejectedEvent extends Sequenced {
  readonly type: 'rejected';
  readonly orderId: string;
  readonly accountId: string;
  readonly code: RejectCode;
  readonly message: string;
}

export interface FillParty {
  readonly orderId: string;
  readonly accountId: string;
  /** Size still open on this order after the fill. */
  readonly remainingLots: number;
}

/**
 * One trade. It executes at the maker's (resting order's) price. `maker` provided liquidity and
 * `taker` took it (the liquidity flags); the maker's side is the opposite of `takerSide`. A party
 * with `remainingLots` above 0 was partially filled.
 */
export interface FillEvent extends Sequenced {
  readonly type: 'fill';
  readonly tradeId: string;
  readonly priceTicks: number;
  readonly sizeLots: number;
  readonly takerSide: Side;
  readonly maker: FillParty;
  readonly taker: FillParty;
}

/** The order now rests on the book with this open size. */
export interface OrderRestedEvent extends Sequenced {
  readonly type: 'rested';
  readonly orderId: string;
  readonly accountId: string;
  readonly side: Side;
  readonly priceTicks: number;
  readonly remainingLots: number;
}

/** The order left the book (or never rested); `remainingLots` is the unfilled size released. */
export interface OrderDoneEvent extends Sequenced {
  readonly type: 'done';
  readonly orderId: string;
  readonly accountId: string;
  readonly reason: DoneReason;
  readonly remainingLots: number;
}

/**
 * A conditional order fired: `referencePriceTicks` (the mark or last price) reached its trigger.
 * It now executes as a new taker of `remainingLots` (capped to the position when reduce-only); the
 * events that follow are its fills and its done or rested.
 */
export interface OrderTriggeredEvent extends Sequenced {
  readonly type: 'triggered';
  readonly orderId: string;
  readonly accountId: string;
  readonly reference: TriggerReference;
  readonly triggerPriceTicks: number;
  readonly referencePriceTicks: number;
  readonly remainingLots: number;
}

/**
 * An open order's terms changed: by an amend command, or shrunk because a reduce-only order may not
 * exceed the position. `sizeLots` is the new total (filled plus open). Without `priorityKept` the
 * order re-entered the book: its fills and its rested or done follow.
 */
export interface OrderAmendedEvent extends Sequenced {
  readonly type: 'amended';
  readonly orderId: string;
  readonly accountId: string;
  readonly reason: 'amend' | 'reduce_only';
  readonly priceTicks: number;
  readonly sizeLots: number;
  readonly remainingLots: number;
  readonly priorityKept: boolean;
}

/** The market's trading status changed (a status command). */
export interface MarketStatusEvent extends Sequenced {
  readonly type: 'status';
  readonly status: MarketStatus;
}

/** Absolute quantities of the price levels a command changed; 0 removes the level. */
export interface BookLevelChange {
  readonly side: Side;
  readonly priceTicks: number;
  readonly sizeLots: number;
}

export interface BookDeltaEvent extends Sequenced {
  readonly type: 'book';
  readonly changes: readonly BookLevelChange[];
}

export type MatchingEvent =
  | OrderAcceptedEvent
  | OrderRejectedEvent
  | FillEvent
  | OrderRestedEvent
  | OrderDoneEvent
  | BookDeltaEvent
  | OrderTriggeredEvent
  | OrderAmendedEvent
  | MarketStatusEvent;

/**
 * Everything one input command caused, published as one Kafka message so a crash can never
 * publish half of it. `input` names the orders.accepted message it answers, which is where the
 * engine resumes after a restart.
 */
export interface MatchingEventBatch {
  readonly market: string;
  readonly requestId: string;
  readonly input: { readonly partition: number; readonly offset: string };
  /** Engine time of the command, microseconds since the epoch (an input, not a clock read). */
  readonly timestampUs: number;
  readonly events: readonly MatchingEvent[];
}

/** matching-engine -> portfolio-margin, settlement, gateway. Keyed by market. */
export const MATCHING_EVENTS = defineTopic<MatchingEventBatch>(
  'matching.events',
  4,
  (m) => m.market,
  (record) => hasString(record, 'market', 'requestId') && Array.isArray(record.events),
);
