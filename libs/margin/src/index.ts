export { marketRequirement } from './market-requirement';
export type { OpenOrder, OrderExposure, SideExposure } from './open-orders';
export * from './params';
export type { OrderCheck } from './rejections';
export * from './risk-engine';
export * from './standard-margin';
export { fnv1a32 } from './state-hash';
export * from './portfolio';
export * from './pricing';
