/** Market symbols as they may appear in requests ("BTC-PERP", "BTC-20250627-60000-C"). */
export const MARKET_SYMBOL = /^[A-Za-z0-9_-]{1,64}$/;
