export const BUS = Symbol('BUS');
export const MARKETS = Symbol('MARKETS');
export const LOGGER = Symbol('LOGGER');
