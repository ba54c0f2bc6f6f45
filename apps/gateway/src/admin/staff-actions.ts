import { Inject, Injectable } from '@nestjs/common';
import type { TopicSpec } from '@exchange/contracts';
import type { Logger } from '@exchange/observability';
import type { GatewayStore } from '../adapters/store.port';
import type { Principal } from '../auth/principal';
import { ApiError, ErrorCode } from '../http/api-error';
import { MessagePublisher } from '../streams/message-publisher.service';
import { LOGGER, STORE } from '../tokens';

type Fields = Readonly<Record<string, unknown>>;

/** What to log, and to answer, when a staff action's messages cannot be published. */
export interface PublishFailure {
  readonly log: string;
  readonly context: Fields;
  /** The 503 SERVICE_UNAVAILABLE answer. */
  readonly message: string;
  readonly details?: Fields;
}

/** A staff update of one underlying, as published (a price update, a volatility surface). */
interface UnderlyingUpdate {
  readonly underlying: string;
  readonly source: string;
}

/**
 * The steps staff actions share: each is audit-logged before it is carried out (an action that
 * cannot be recorded is not carried out), then published; a broker failure is logged and answered 503.
 */
@Injectable()
export class StaffActions {
  constructor(
    private readonly publisher: MessagePublisher,
    @Inject(STORE) private readonly store: GatewayStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  audit(caller: Principal, action: string, target: string, details: Fields): Promise<void> {
    return this.store.audit.append(caller.keyId, action, target, details);
  }

  async publish<T>(topic: TopicSpec<T>, messages: readonly T[], failure: PublishFailure): Promise<void> {
    try {
      await this.publisher.publishAll(topic, messages);
    } catch (error) {
      this.logger.error(failure.log, { ...failure.context, error });
      throw new ApiError(503, ErrorCode.SERVICE_UNAVAILABLE, failure.message, failure.details);
    }
  }

  /**
   * Audit-logs and publishes an update of one underlying: the audit entry targets the underlying
   * and records the rest of the update but its source (always staff). `what` names it in logs and errors.
   */
  async publishUpdate<T extends UnderlyingUpdate>(
    caller: Principal,
    { what, action, topic, update }: { what: string; action: string; topic: TopicSpec<T>; update: T },
  ): Promise<void> {
    const { underlying, source: _source, ...details } = update;
    await this.audit(caller, action, underlying, details);
    await this.publish(topic, [update], {
      log: `publishing a ${what} failed`,
      context: { underlying },
      message: `${what} not published, retry later`,
    });
    this.logger.info(`staff ${what}`, { actor: caller.keyId, underlying });
  }
}
