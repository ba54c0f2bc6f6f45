export type { MarginAnswer } from './margin-mode';
export type { SimulationAnswer, SimulationRequest } from './simulation';
export { UnderlyingData, instrumentOf } from './underlying-data';
export { unitKeyOf } from './unit-margin';
