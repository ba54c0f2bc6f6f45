export * from './topic';
export * from './orders';
export * from './matching-events';
export * from './prices';
export * from './margin-states';
export * from './margin-params';
export * from './margin-simulation';
export * from './market-listings';
export * from './vol-surfaces';
export * from './dead-letters';
export * from './websocket';

import { DEAD_LETTERS } from './dead-letters';
import { MARGIN_CALLS, MARGIN_STATES } from './margin-states';
import { MARGIN_PARAMS } from './margin-params';
import { MARKET_LISTINGS } from './market-listings';
import { MATCHING_EVENTS } from './matching-events';
import { ORDERS_ACCEPTED, ORDER_COMMANDS, ORDER_RESULTS } from './orders';
import { PRICES } from './prices';
import { VOL_SURFACES } from './vol-surfaces';

/** Every topic the exchange uses, for the tool that creates them. */
export const ALL_TOPICS = [
  ORDER_COMMANDS,
  ORDERS_ACCEPTED,
  ORDER_RESULTS,
  MATCHING_EVENTS,
  PRICES,
  MARGIN_STATES,
  MARGIN_CALLS,
  VOL_SURFACES,
  MARKET_LISTINGS,
  MARGIN_PARAMS,
  DEAD_LETTERS,
];
