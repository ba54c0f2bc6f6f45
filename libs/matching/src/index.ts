export type { DepthLevel } from './book-side';
export { BookStateError } from './book-state-error';
export { OrderBook, type BookDepth } from './order-book';
export { validatePlace, type BookFacts, type Rejection } from './place-validation';
export type { OpenOrder } from './resting-order';
export { asciiJson, fnv1a64 } from './state-hash';
