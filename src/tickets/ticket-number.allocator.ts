import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { dayStamp, formatTicketNumber } from './ticket-number.js';

const BLOCK = 25;

/**
 * Hands out ticket numbers from one PostgreSQL sequence per day (created on first use). A
 * sequence takes no row lock, so concurrent calls never queue behind each other as they would on
 * a counter row; numbers are fetched in blocks to save a round trip per call. Gaps (a rolled-back
 * call, a restarted process) are harmless: numbers are unique, not contiguous.
 */
@Injectable()
export class TicketNumberAllocator {
  private day = '';
  private pool: number[] = [];
  private refill?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async next(now = new Date()): Promise<string> {
    const day = dayStamp(now, this.config.timeZone);
    for (;;) {
      if (day !== this.day) {
        this.day = day;
        this.pool = [];
      }
      const seq = this.pool.shift();
      if (seq !== undefined) return formatTicketNumber(day, seq);
      this.refill ??= this.fetchBlock(day).finally(() => (this.refill = undefined));
      await this.refill;
    }
  }

  private async fetchBlock(day: string): Promise<void> {
    const name = `ticket_no_seq_${day}`;
    let rows: { n: string }[];
    try {
      rows = await this.ds.query(`SELECT nextval('${name}') AS n FROM generate_series(1, ${BLOCK})`);
    } catch (err) {
      if ((err as { code?: string }).code !== '42P01') throw err; // undefined_table: first call of the day
      await this.ds.query(`CREATE SEQUENCE IF NOT EXISTS ${name} AS bigint START 1`).catch((e: { code?: string }) => {
        if (e.code !== '23505' && e.code !== '42P07') throw e; // another process created it first
      });
      rows = await this.ds.query(`SELECT nextval('${name}') AS n FROM generate_series(1, ${BLOCK})`);
    }
    if (day === this.day) this.pool.push(...rows.map((r) => Number(r.n)));
  }
}

export function newAccessCode(): string {
  return String(randomInt(0, 10_000)).padStart(4, '0');
}
