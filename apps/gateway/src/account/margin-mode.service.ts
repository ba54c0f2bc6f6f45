import { Inject, Injectable } from '@nestjs/common';
import type { MarginMode, SetMarginMode } from '@exchange/contracts';
import type { Principal } from '../auth/principal';
import type { Clock } from '../clock';
import { newRequestId } from '../ids';
import { rejectionError } from '../orders/command-answer';
import { CommandSubmitter } from '../orders/command-submitter';
import { CLOCK } from '../tokens';
import type { MarginModeView } from './margin-mode.dto';

/**
 * Switching an account's margin model. The risk stage takes the request in order with the
 * account's orders and answers it itself: applied, or refused (INSUFFICIENT_MARGIN when equity
 * would not cover the initial margin under the new model).
 */
@Injectable()
export class MarginModeService {
  constructor(
    private readonly submitter: CommandSubmitter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async set(caller: Principal, mode: MarginMode): Promise<MarginModeView> {
    const receivedAtUs = this.clock.nowUs();
    const request: SetMarginMode = {
      kind: 'margin_mode',
      requestId: newRequestId(this.clock.nowMs()),
      accountId: caller.accountId,
      mode,
      receivedAtUs,
    };
    const context = { requestId: request.requestId };
    const answer = await this.submitter.submit(request, context, 'GET /v1/account shows the margin mode in force');
    if (answer.kind === 'rejected') throw rejectionError(answer, context);
    // Only a bug on the risk side could answer it with a matching batch.
    if (answer.kind === 'applied') throw new Error('a margin mode request was answered with a matching batch');
    return { marginMode: answer.marginMode };
  }
}
