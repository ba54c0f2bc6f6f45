import type { PublicChannel } from '@exchange/contracts';
import { MARKET_SYMBOL } from '../markets/market-symbol';
import type { GatewayClientMessage } from './private-messages';

export type ParsedClientMessage =
  | { readonly ok: true; readonly message: GatewayClientMessage }
  | { readonly ok: false; readonly code: string; readonly message: string };

const PUBLIC_CHANNELS: readonly PublicChannel[] = ['book', 'trades'];
const CHANNELS: readonly string[] = [...PUBLIC_CHANNELS, 'account'];
/** Longer than any `<keyId>.<secret>` the gateway issues or accepts. */
const MAX_KEY_LENGTH = 400;

const invalid = (code: string, message: string): ParsedClientMessage => ({ ok: false, code, message });

/** Parses one text frame of /v1/ws; anything malformed is described, never thrown. */
export function parseClientMessage(text: string): ParsedClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return invalid('MALFORMED_MESSAGE', 'message is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid('MALFORMED_MESSAGE', 'message must be a JSON object');
  }
  const record = value as Record<string, unknown>;
  if (record.op === 'ping') return { ok: true, message: { op: 'ping' } };
  if (record.op === 'auth') {
    if (typeof record.key !== 'string' || record.key.length === 0 || record.key.length > MAX_KEY_LENGTH) {
      return invalid('MALFORMED_MESSAGE', 'auth needs key: "<keyId>.<secret>"');
    }
    return { ok: true, message: { op: 'auth', key: record.key } };
  }
  if (record.op !== 'subscribe' && record.op !== 'unsubscribe') {
    return invalid('UNKNOWN_OP', 'op must be one of subscribe, unsubscribe, auth, ping');
  }
  if (!CHANNELS.includes(record.channel as string)) {
    return invalid('UNKNOWN_CHANNEL', `channel must be one of ${CHANNELS.join(', ')}`);
  }
  if (record.channel === 'account') return { ok: true, message: { op: record.op, channel: 'account' } };
  if (typeof record.market !== 'string' || !MARKET_SYMBOL.test(record.market)) {
    return invalid('INVALID_MARKET', 'market must be a market symbol such as "BTC-PERP"');
  }
  return { ok: true, message: { op: record.op, channel: record.channel as PublicChannel, market: record.market } };
}
