export const BUS = Symbol('BUS');
export const LOGGER = Symbol('LOGGER');
export const RISK_ENGINE = Symbol('RISK_ENGINE');
