import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ContractError,
  ORDERS_ACCEPTED,
  ORDER_COMMANDS,
  type BookCommand,
  type TraderCommand,
} from '@exchange/contracts';

const wire = (message: object): string => JSON.stringify({ v: 1, ...message });

const place: TraderCommand = {
  kind: 'place',
  requestId: 'r1',
  orderId: 'o1',
  accountId: 'a1',
  clientOrderId: null,
  market: 'BTC-PERP',
  side: 'buy',
  type: 'market',
  timeInForce: 'IOC',
  priceTicks: null,
  sizeLots: 1,
  receivedAtUs: 1,
  trigger: { kind: 'stop', reference: 'mark', priceTicks: 101 },
  reduceOnly: true,
};
const amend: TraderCommand = {
  kind: 'amend',
  requestId: 'r2',
  orderId: 'o1',
  accountId: 'a1',
  market: 'BTC-PERP',
  sizeLots: 2,
  receivedAtUs: 2,
};
const cancelAll: TraderCommand = {
  kind: 'cancel_all',
  requestId: 'r3',
  accountId: 'a1',
  market: null,
  receivedAtUs: 3,
};

describe('orders.commands', () => {
  it('carries place, cancel, amend and cancel-all, keyed by account', () => {
    const cancel: TraderCommand = {
      kind: 'cancel',
      requestId: 'r4',
      orderId: 'x',
      accountId: 'a1',
      market: null,
      receivedAtUs: 4,
      clientOrderId: 'mine',
    };
    for (const command of [place, amend, cancelAll, cancel]) {
      assert.deepEqual(ORDER_COMMANDS.decode(ORDER_COMMANDS.encode(command)), command);
      assert.equal(ORDER_COMMANDS.keyOf(command), 'a1');
    }
  });

  it('refuses market commands and commands missing what routes or answers them', () => {
    const refused = [
      { kind: 'mark', market: 'BTC-PERP', priceTicks: 1 },
      { ...amend, market: null },
      { ...cancelAll, market: 7 },
      { ...cancelAll, requestId: undefined },
      { ...place, accountId: 1 },
      { ...place, kind: 'replace' },
    ];
    for (const message of refused) assert.throws(() => ORDER_COMMANDS.decode(wire(message)), ContractError);
  });
});

describe('orders.accepted', () => {
  it('carries every book command with a market, keyed by market', () => {
    const commands: BookCommand[] = [
      place,
      amend,
      { ...cancelAll, market: 'ETH-PERP' },
      { kind: 'mark', market: 'BTC-PERP', priceTicks: 100_000 },
      { kind: 'clock', market: 'BTC-PERP', timestampUs: 5 },
      { kind: 'status', market: 'BTC-PERP', status: 'halted' },
      { kind: 'set_position', market: 'BTC-PERP', accountId: 'a1', positionLots: -3 },
    ];
    for (const command of commands) {
      assert.deepEqual(ORDERS_ACCEPTED.decode(ORDERS_ACCEPTED.encode(command)), command);
      assert.equal(ORDERS_ACCEPTED.keyOf(command), command.market);
    }
  });

  it('refuses commands without a market and market commands missing their value', () => {
    const refused = [
      cancelAll,
      { ...place, market: null },
      { kind: 'mark', market: 'BTC-PERP', priceTicks: '100000' },
      { kind: 'clock', market: 'BTC-PERP' },
      { kind: 'status', market: 'BTC-PERP' },
      { kind: 'set_position', market: 'BTC-PERP', positionLots: 1 },
      { kind: 'mark', priceTicks: 1 },
    ];
    for (const message of refused) assert.throws(() => ORDERS_ACCEPTED.decode(wire(message)), ContractError);
  });
});
