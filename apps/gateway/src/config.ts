import { ConfigOf, DATABASE, env, KAFKA, LOGGING, Variable } from '@exchange/config';

export const DEFAULT_PORTFOLIO_MARGIN_URL = 'http://127.0.0.1:3001';

/** An http(s) base URL without query or fragment, kept without its trailing slash. */
const httpBaseUrl = (description: string, fallback: string): Variable<string> => ({
  description,
  fallback,
  parse: (raw) => {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('must be an http:// or https:// URL');
    if (url.search || url.hash) throw new Error('must not have a query or fragment');
    return url.toString().replace(/\/+$/, '');
  },
});

/** The gateway's environment, validated at start-up. */
export const GATEWAY_CONFIG = {
  PORT: env.port('HTTP and WebSocket port', 3000),
  HOST: env.string('address to listen on', '127.0.0.1'),
  ORDER_ACK_TIMEOUT_MS: env.positiveInt('how long an order request waits for the engines before 504', 5000),
  ORDER_RATE_PER_SECOND: env.positiveInt('orders per second per API key (token refill rate)', 50),
  ORDER_RATE_BURST: env.positiveInt('orders an API key may send in a burst (bucket size)', 100),
  PORTFOLIO_MARGIN_URL: httpBaseUrl(
    'base URL of the portfolio-margin service (margin simulation)',
    DEFAULT_PORTFOLIO_MARGIN_URL,
  ),
  ...DATABASE,
  ...KAFKA,
  ...LOGGING,
};

export type GatewayConfig = ConfigOf<typeof GATEWAY_CONFIG>;

/** Tunables of the running gateway; defaults for what is not configurable by environment. */
export interface GatewaySettings {
  readonly orderAckTimeoutMs: number;
  readonly orderRatePerSecond: number;
  readonly orderRateBurst: number;
  /** How long a successful API-key lookup is trusted before Postgres is asked again. */
  readonly apiKeyCacheMs: number;
  /** How long the market list is served from memory. */
  readonly marketsCacheMs: number;
  /** Largest accepted request body. */
  readonly bodyLimitBytes: number;
  readonly wsPingIntervalMs: number;
  /** A client silent (no message, no pong) for longer is terminated. */
  readonly wsSilenceMs: number;
  /** A client whose send buffer grows beyond this is too slow and is disconnected. */
  readonly wsMaxBufferedBytes: number;
  /** Base URL of the portfolio-margin service, asked for margin simulations. */
  readonly portfolioMarginUrl: string;
  /** How long a margin simulation may take before the gateway answers 503 RISK_UNAVAILABLE. */
  readonly riskRequestTimeoutMs: number;
  /** Kafka client id prefix and per-instance consumer group prefix. */
  readonly instanceId: string;
}

export const DEFAULT_SETTINGS: Omit<GatewaySettings, 'instanceId'> = {
  orderAckTimeoutMs: 5000,
  orderRatePerSecond: 50,
  orderRateBurst: 100,
  apiKeyCacheMs: 30_000,
  marketsCacheMs: 30_000,
  bodyLimitBytes: 64 * 1024,
  wsPingIntervalMs: 15_000,
  wsSilenceMs: 30_000,
  wsMaxBufferedBytes: 4 * 1024 * 1024,
  portfolioMarginUrl: DEFAULT_PORTFOLIO_MARGIN_URL,
  riskRequestTimeoutMs: 2000,
};

export function settingsOf(config: GatewayConfig, instanceId: string): GatewaySettings {
  return {
    ...DEFAULT_SETTINGS,
    orderAckTimeoutMs: config.ORDER_ACK_TIMEOUT_MS,
    orderRatePerSecond: config.ORDER_RATE_PER_SECOND,
    orderRateBurst: config.ORDER_RATE_BURST,
    portfolioMarginUrl: config.PORTFOLIO_MARGIN_URL,
    instanceId,
  };
}
