import type { DoneReason, MarketSpec, OrderType, Side, TimeInForce } from '@exchange/domain';
import type { OrderOptions, OrderStatus } from '../orders/order-tracker';

/**
 * Exactly what the gateway reads from and writes to Postgres. The adapter in
 * persistence.adapter.ts maps @exchange/persistence onto it; tests use in-memory fakes.
 * Integers: ticks, lots, minimal units of an asset (micro-USDC for USDC and PnL).
 */

export type Role = 'trader' | 'staff';

export interface ApiKeyRecord {
  readonly keyId: string;
  readonly accountId: string;
  readonly role: Role;
  readonly permissions: readonly string[];
  readonly secretHash: string;
}

export interface StoredBalance {
  readonly asset: string;
  /** Minimal units of the asset (USDC: micro). */
  readonly amount: bigint;
}

export interface StoredPosition {
  readonly market: string;
  /** Signed: negative for a short. */
  readonly sizeLots: bigint;
  /** Signed like the size: sum of entry price ticks x lots of the open position. */
  readonly costTicksLots: bigint;
  /** Micro-USDC. */
  readonly realizedPnl: bigint;
}

/** Settlement also records orders the book refused. */
export type StoredOrderStatus = OrderStatus | 'rejected';

export interface StoredOrder {
  readonly orderId: string;
  readonly clientOrderId: string | null;
  readonly market: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly priceTicks: number | null;
  readonly sizeLots: number;
  readonly filledLots: number;
  /** Sum of fill price ticks x lots, when known: gives the average price. */
  readonly filledValue: bigint | null;
  /** Size still working on the book; 0 once the order is done. */
  readonly openLots: number;
  readonly status: StoredOrderStatus;
  /** Options and done reason, when the store records them. */
  readonly options?: OrderOptions;
  readonly doneReason?: DoneReason | null;
}

export interface StoredFill {
  readonly tradeId: string;
  readonly orderId: string;
  readonly market: string;
  readonly side: Side;
  readonly priceTicks: number;
  readonly sizeLots: number;
  readonly liquidity: 'maker' | 'taker';
  /** Micro-USDC; negative for a rebate; null when not recorded. */
  readonly fee: bigint | null;
  readonly timestampUs: number;
}

export interface MarketSource {
  list(): Promise<readonly MarketSpec[]>;
  /** Inserts all the markets or none; throws MarketExistsError when one of the symbols is taken. */
  create(markets: readonly MarketSpec[]): Promise<void>;
}

/** A listing names a symbol that is already listed. */
export class MarketExistsError extends Error {
  constructor(readonly symbols: readonly string[]) {
    super(`already listed: ${symbols.join(', ')}`);
  }
}

export interface ApiKeySource {
  /** The key if it exists and is not revoked. */
  findActive(keyId: string): Promise<ApiKeyRecord | null>;
  /** Timing-safe comparison of a presented secret with the stored hash. */
  verifySecret(secret: string, secretHash: string): Promise<boolean>;
}

export interface AccountSource {
  balances(accountId: string): Promise<readonly StoredBalance[]>;
  positions(accountId: string): Promise<readonly StoredPosition[]>;
  openOrders(accountId: string, market?: string): Promise<readonly StoredOrder[]>;
  order(accountId: string, orderId: string): Promise<StoredOrder | null>;
  fills(accountId: string, query: { readonly market?: string; readonly limit: number }): Promise<readonly StoredFill[]>;
}

export interface AuditSink {
  append(actor: string, action: string, target: string, details: Readonly<Record<string, unknown>>): Promise<void>;
}

export interface GatewayStore {
  readonly markets: MarketSource;
  readonly apiKeys: ApiKeySource;
  readonly accounts: AccountSource;
  readonly audit: AuditSink;
  /** True when the database answers (SELECT 1). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
