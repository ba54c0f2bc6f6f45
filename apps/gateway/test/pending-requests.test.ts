import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PendingRequests, TIMED_OUT } from '../src/orders/pending-requests';

describe('PendingRequests', () => {
  it('delivers the answer to the waiting request only', async () => {
    const pending = new PendingRequests<string>();
    const answer = pending.wait('r1', 1000);
    assert.equal(pending.settle('other', 'x'), false);
    assert.equal(pending.settle('r1', 'filled'), true);
    assert.equal(await answer, 'filled');
    assert.equal(pending.settle('r1', 'again'), false);
    assert.equal(pending.size, 0);
  });

  it('ends a wait without answer with TIMED_OUT', async () => {
    const pending = new PendingRequests<string>();
    assert.equal(await pending.wait('r1', 5), TIMED_OUT);
    assert.equal(pending.settle('r1', 'late'), false);
  });

  it('expires every wait at shutdown and forgets discarded ones', async () => {
    const pending = new PendingRequests<string>();
    const first = pending.wait('r1', 10_000);
    pending.wait('r2', 10_000);
    pending.discard('r2');
    assert.equal(pending.size, 1);
    pending.expireAll();
    assert.equal(await first, TIMED_OUT);
    assert.equal(pending.size, 0);
  });

  it('gathers answers until they are complete', async () => {
    const pending = new PendingRequests<string>();
    const gathered = pending.gather('r1', 1000, (answers) => answers.includes('B') && answers.includes('A'));
    assert.equal(pending.settle('r1', 'A'), true);
    assert.equal(pending.size, 1);
    assert.equal(pending.settle('r1', 'B'), true);
    assert.deepEqual(await gathered, { answers: ['A', 'B'], complete: true });
    assert.equal(pending.settle('r1', 'C'), false);
  });

  it('ends an incomplete gathering at the timeout with what it has', async () => {
    const pending = new PendingRequests<string>();
    const gathered = pending.gather('r1', 5, (answers) => answers.length === 2);
    pending.settle('r1', 'A');
    assert.deepEqual(await gathered, { answers: ['A'], complete: false });
    assert.equal(pending.size, 0);
  });

  it('completes at once, without waiting, when nothing is needed', async () => {
    const pending = new PendingRequests<string>();
    assert.deepEqual(await pending.gather('r1', 10_000, () => true), { answers: [], complete: true });
    assert.equal(pending.size, 0);
    assert.equal(pending.settle('r1', 'late'), false);
  });

  it('refuses a request id that is already waiting', () => {
    const pending = new PendingRequests<string>();
    pending.wait('r1', 10);
    assert.throws(() => pending.wait('r1', 10), /already pending/);
    pending.expireAll();
  });
});
