import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { LOGGER } from '../app.tokens.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { PollingLoop } from '../common/polling-loop.js';

/**
 * A resolved complaint whose caller has not rated it within RATING_WAIT_MINUTES becomes a
 * callback task: an operator phones and asks (回访). One task per resolution, however often the
 * sweep runs or how many workers run it.
 */
@Injectable()
export class CallbackSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: PollingLoop;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.loop = new PollingLoop('creating callback tasks', () => this.sweep(), config.reconcileIntervalMs, logger);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  async sweep(now = new Date()): Promise<number> {
    const created: unknown[] = await this.ds.query(
      `INSERT INTO callback_task (id, dedupe_key, ticket_id, reason)
       SELECT gen_random_uuid(), 'no_rating-' || t.id || '-' || (extract(epoch FROM t.resolved_at) * 1000)::bigint, t.id, 'no_rating'
       FROM ticket t
       WHERE t.status = 'resolved' AND t.kind = 'complaint' AND t.resolved_at < $1::timestamptz - make_interval(mins => $2)
         AND NOT EXISTS (SELECT 1 FROM ticket_rating r WHERE r.ticket_id = t.id AND r.resolved_at = t.resolved_at)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [now, this.config.sms.ratingWaitMinutes],
    );
    return created.length;
  }
}
