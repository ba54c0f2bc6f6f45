import { Inject, Injectable } from '@nestjs/common';
import { ORDER_COMMANDS, TraderRequest } from '@exchange/contracts';
import type { Logger } from '@exchange/observability';
import type { Clock } from '../clock';
import type { GatewaySettings } from '../config';
import { ApiError, ErrorCode } from '../http/api-error';
import { GatewayMetrics } from '../ops/gateway-metrics';
import { MessagePublisher } from '../streams/message-publisher.service';
import { CLOCK, LOGGER, SETTINGS } from '../tokens';
import { CommandAnswer, CommandWaiters } from './command-answer';
import type { Gathered } from './pending-requests';

/**
 * Publishes order commands and account requests to orders.commands and waits for the engines'
 * answers, correlated by request id, up to ORDER_ACK_TIMEOUT_MS. `context` (order id, client order
 * id, request id) names the request in the errors: 503 when it could not be sent, 504 when no
 * answer came in time.
 */
@Injectable()
export class CommandSubmitter {
  constructor(
    private readonly waiters: CommandWaiters,
    private readonly publisher: MessagePublisher,
    private readonly metrics: GatewayMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SETTINGS) private readonly settings: GatewaySettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Publishes a request answered once: a refusal, the one matching batch it caused or the risk
   * stage's own answer. `howToCheck` tells the client where to look after a 504.
   */
  async submit(
    command: TraderRequest,
    context: Readonly<Record<string, string>>,
    howToCheck = 'query the order for its status',
  ): Promise<CommandAnswer> {
    const { answers, complete } = await this.gather(command, context, (received) => received.length > 0);
    if (!complete) throw new ApiError(504, ErrorCode.STATUS_UNKNOWN, `no answer in time; ${howToCheck}`, context);
    return answers[0];
  }

  /** Publishes a command and gathers its answers until `isComplete` holds for them or the timeout passes. */
  async gather(
    command: TraderRequest,
    context: Readonly<Record<string, string>>,
    isComplete: (answers: readonly CommandAnswer[]) => boolean,
  ): Promise<Gathered<CommandAnswer>> {
    const startedMs = this.clock.nowMs();
    const answers = this.waiters.gather(command.requestId, this.settings.orderAckTimeoutMs, isComplete);
    try {
      await this.publisher.publish(ORDER_COMMANDS, command);
    } catch (error) {
      this.waiters.discard(command.requestId);
      this.metrics.orderCommands.inc({ kind: command.kind, outcome: 'unsent' });
      this.logger.error('publishing an order command failed', { requestId: command.requestId, error });
      throw new ApiError(
        503,
        ErrorCode.SERVICE_UNAVAILABLE,
        'order service unavailable; the request may have been sent, check its effect before retrying',
        context,
      );
    }
    const gathered = await answers;
    if (gathered.complete) this.metrics.orderAckSeconds.observe((this.clock.nowMs() - startedMs) / 1000);
    this.metrics.orderCommands.inc({ kind: command.kind, outcome: outcomeOf(gathered) });
    return gathered;
  }
}

const outcomeOf = ({ answers, complete }: Gathered<CommandAnswer>): string => {
  if (!complete) return 'timeout';
  return answers.some((answer) => answer.kind === 'rejected') ? 'rejected' : 'applied';
};
