export const BUS = Symbol('BUS');
export const MARKETS = Symbol('MARKETS');
export const LOGGER = Symbol('LOGGER');
export const DATABASE = Symbol('DATABASE');
export const SNAPSHOT_POLICY = Symbol('SNAPSHOT_POLICY');
