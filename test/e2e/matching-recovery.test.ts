import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExchangeHarness } from '../support/exchange-harness';
import { FLOW_DEPOSITS, Outcome, runMatchingFlow } from '../support/matching-flow';

describe('matching engine recovery', { timeout: 300_000 }, () => {
  it('ends in the same fills, book and ledger after a kill -9 mid-burst as without the crash', async () => {
    const reference = await ExchangeHarness.start('recovery_reference', FLOW_DEPOSITS);
    let expected: Outcome;
    try {
      expected = await runMatchingFlow(reference, { crash: false });
    } finally {
      await reference.stop();
    }
    const crashed = await ExchangeHarness.start('recovery_crash', FLOW_DEPOSITS);
    try {
      const actual = await runMatchingFlow(crashed, { crash: true });
      assert.deepEqual(actual, expected);
    } finally {
      await crashed.stop();
    }
  });
});
