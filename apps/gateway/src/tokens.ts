/** Injection tokens for what main.ts (or a test) hands the Nest module. */
export const SETTINGS = Symbol('GatewaySettings');
export const LOGGER = Symbol('Logger');
export const CLOCK = Symbol('Clock');
export const BUS = Symbol('MessageBus');
export const STORE = Symbol('GatewayStore');
