import type { CommandRejected, RequestApplied, SetMarginMode } from '@exchange/contracts';
import { RejectCode } from '@exchange/domain';
import type { AccountBook } from '../account-book';
import { insufficientMargin, reject } from '../rejections';

export type MarginAnswer =
  | { readonly ok: true; readonly applied: RequestApplied }
  | { readonly ok: false; readonly rejection: CommandRejected };

interface Requirement {
  readonly equity: bigint;
  readonly initialMargin: bigint;
  readonly available: bigint;
}

/**
 * Switches the account's margin model when equity covers the initial margin under the new one, or
 * the new one asks no more than the old; otherwise leaves it and answers with the shortfall.
 */
export function marginModeAnswer(
  command: SetMarginMode,
  account: AccountBook | undefined,
  unmarkedMarket: string | undefined,
  summarize: (account: AccountBook) => Requirement,
): MarginAnswer {
  if (!account) {
    return reject(command, RejectCode.UNKNOWN_ACCOUNT, `account ${command.accountId} is not known to the risk engine`);
  }
  const { requestId, accountId, mode } = command;
  const applied: MarginAnswer = { ok: true, applied: { kind: 'applied', requestId, accountId, marginMode: mode } };
  if (account.marginMode === mode) return applied;
  if (unmarkedMarket !== undefined) {
    return reject(command, RejectCode.NO_MARK_PRICE, `no mark price for ${unmarkedMarket} yet`);
  }
  const previous = account.marginMode;
  const before = summarize(account);
  account.marginMode = mode;
  const after = summarize(account);
  if (after.equity >= after.initialMargin || after.initialMargin <= before.initialMargin) return applied;
  account.marginMode = previous;
  return insufficientMargin(command, after.initialMargin, before.equity, before.available, `${mode} margin`);
}
