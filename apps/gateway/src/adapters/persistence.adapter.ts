import {
  AccountRepository,
  ApiKeyRepository,
  AuditLog,
  createDatabase,
  MarketRepository,
  MarketsExistError,
  verifySecret,
  type FillView,
  type OrderView,
} from '@exchange/persistence';
import { GatewayStore, MarketExistsError, StoredFill, StoredOrder } from './store.port';

/**
 * The gateway's store on @exchange/persistence: the only file that knows the library's names.
 * Account ids that are not UUIDs simply have nothing (the repositories return empty results).
 */
export function openGatewayStore(url: string, onIdleError: (error: Error) => void): GatewayStore {
  const database = createDatabase(url, { applicationName: 'gateway', onIdleError });
  const markets = new MarketRepository(database);
  const apiKeys = new ApiKeyRepository(database);
  const accounts = new AccountRepository(database);
  const audit = new AuditLog(database);
  return {
    markets: {
      list: () => markets.list(),
      create: async (specs) => {
        try {
          await markets.create(specs);
        } catch (error) {
          throw error instanceof MarketsExistError ? new MarketExistsError(error.symbols) : error;
        }
      },
    },
    apiKeys: {
      findActive: (keyId) => apiKeys.findActive(keyId),
      verifySecret: async (secret, secretHash) => verifySecret(secret, secretHash),
    },
    accounts: {
      balances: (accountId) => accounts.balances(accountId),
      positions: async (accountId) =>
        (await accounts.positions(accountId)).map((position) => ({
          market: position.market,
          sizeLots: BigInt(position.sizeLots),
          costTicksLots: position.costTicksLots,
          realizedPnl: position.realizedPnl,
        })),
      openOrders: async (accountId, market) => (await accounts.openOrders(accountId, market)).map(toStoredOrder),
      order: async (accountId, orderId) => {
        const order = await accounts.order(accountId, orderId);
        return order && toStoredOrder(order);
      },
      fills: async (accountId, query) => (await accounts.fills(accountId, query)).map(toStoredFill),
    },
    audit: {
      append: async (actor, action, target, details) => void (await audit.append(actor, action, target, details)),
    },
    ping: async () => (await database.pool.query('SELECT 1')).rowCount === 1,
    close: () => database.close(),
  };
}

/** A settlement order row as the gateway shows orders. */
export function toStoredOrder(order: OrderView): StoredOrder {
  // Settlement keeps a conditional order 'open' until it fires; the API calls it untriggered.
  const status =
    order.status === 'open' && order.trigger !== null && order.triggeredAtMs === null ? 'untriggered' : order.status;
  const live = status === 'open' || status === 'partially_filled' || status === 'untriggered';
  return {
    orderId: order.orderId,
    clientOrderId: order.clientOrderId,
    market: order.market,
    side: order.side,
    type: order.type,
    timeInForce: order.timeInForce,
    priceTicks: order.priceTicks,
    sizeLots: order.sizeLots,
    filledLots: order.filledLots,
    filledValue: null,
    openLots: live ? order.remainingLots : 0,
    status,
    options: {
      ...(order.trigger === null ? {} : { trigger: order.trigger }),
      ...(order.expiresAtMs === null ? {} : { expiresAtUs: order.expiresAtMs * 1000 }),
      ...(order.postOnly === null ? {} : { postOnly: order.postOnly }),
      ...(order.reduceOnly ? { reduceOnly: true } : {}),
    },
    doneReason: order.doneReason,
  };
}

function toStoredFill(fill: FillView): StoredFill {
  return {
    tradeId: fill.tradeId,
    orderId: fill.orderId,
    market: fill.market,
    side: fill.side,
    priceTicks: fill.priceTicks,
    sizeLots: fill.sizeLots,
    liquidity: fill.liquidity,
    fee: fill.fee,
    timestampUs: fill.createdAtMs * 1000,
  };
}
