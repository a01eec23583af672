import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { LOGGER } from '../app.tokens.js';
import type { AuthUser } from '../auth/auth.decorators.js';

export const ALERTS_CHANNEL = 'hotline_alerts';

export interface StreamedAlert {
  id: string;
  kind: string;
  stage: string | null;
  level: number;
  message: string;
  status: string;
  departmentId: string | null;
  ticketNumber: string;
  /** The deadline a warning, breach or escalation is about: consoles word the message themselves. */
  stageDueAt: string | null;
  createdAt: string;
}

interface Subscriber {
  user: AuthUser;
  send(alert: StreamedAlert): void;
}

/** Transactions commit out of created_at order; looking back this far catches the late ones. */
const OVERLAP_MS = 30_000;
/** A NOTIFY lost with a dropped connection is caught by this poll. */
const POLL_MS = 5_000;
const RECONNECT_MS = 2_000;

/**
 * New alerts, pushed to the consoles connected to this API process. Whoever raises alerts (the
 * worker's deadline firer, a transition here) NOTIFYs in its transaction; one LISTEN connection per
 * process then reads what was committed since it last looked and hands each alert to the
 * subscribers allowed to see it. Works the same on Redis and on the one-machine PostgreSQL mode.
 */
@Injectable()
export class AlertStream implements OnModuleDestroy {
  private readonly subscribers = new Set<Subscriber>();
  private client?: pg.Client;
  private poll?: NodeJS.Timeout;
  private since = new Date();
  private seen = new Map<string, number>();
  private reading?: Promise<void>;
  private again = false;
  private closed = false;
  private primed = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  subscribe(user: AuthUser, send: (alert: StreamedAlert) => void): () => void {
    const sub = { user, send };
    this.subscribers.add(sub);
    if (!this.client && !this.closed) void this.listen();
    return () => this.subscribers.delete(sub);
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearInterval(this.poll);
    this.subscribers.clear();
    await this.client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: (this.ds.options as { url?: string }).url, application_name: 'hotline-alert-stream' });
    this.client = client;
    client.on('notification', () => this.read());
    client.on('error', (err) => {
      this.logger.warn({ err: err.message }, 'alert stream connection lost; reconnecting');
      this.client = undefined;
      void client.end().catch(() => undefined);
      if (!this.closed) setTimeout(() => this.subscribers.size && !this.client && void this.listen(), RECONNECT_MS).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${ALERTS_CHANNEL}`);
      // what was raised before anyone listened is in the inbox, not news: seen, not sent
      if (!this.primed) await this.fetch(false);
      this.primed = true;
      this.poll ??= setInterval(() => this.subscribers.size && this.read(), POLL_MS).unref();
    } catch (err) {
      client.emit('error', err as Error);
    }
  }

  /** One read at a time; a notification during a read makes one more. */
  private read(): void {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.fetch()
      .catch((err: Error) => this.logger.warn({ err: err.message }, 'alert stream read failed'))
      .finally(() => {
        this.reading = undefined;
        if (this.again) {
          this.again = false;
          this.read();
        }
      });
  }

  private async fetch(deliver = true): Promise<void> {
    const from = new Date(this.since.getTime() - OVERLAP_MS);
    const rows: (Omit<StreamedAlert, 'stageDueAt'> & { created: Date; stageDueAt: Date | null })[] = await this.ds.query(
      `SELECT a.id, a.kind, a.stage, a.level, a.message, a.status, a.department_id AS "departmentId", t.number AS "ticketNumber", a.created_at AS created,
              dl.stage_due_at AS "stageDueAt"
       FROM alert a JOIN ticket t ON t.id = a.ticket_id LEFT JOIN deadline dl ON dl.id = a.deadline_id WHERE a.created_at > $1 ORDER BY a.created_at, a.id LIMIT 1000`,
      [from],
    );
    const now = Date.now();
    for (const [id, at] of this.seen) if (at < now - 2 * OVERLAP_MS) this.seen.delete(id);
    for (const { created, stageDueAt, ...alert } of rows) {
      if (created > this.since) this.since = created;
      if (this.seen.has(alert.id)) continue;
      this.seen.set(alert.id, now);
      const out = { ...alert, stageDueAt: stageDueAt ? new Date(stageDueAt).toISOString() : null, createdAt: new Date(created).toISOString() };
      if (deliver) for (const s of this.subscribers) if (visible(s.user, out)) s.send(out);
    }
  }
}

/** The inbox's rule: agents see their department's alerts, everyone else all. */
export function visible(user: AuthUser, alert: { departmentId: string | null }): boolean {
  return user.role !== 'agent' || (!!user.departmentId && alert.departmentId === user.departmentId);
}
