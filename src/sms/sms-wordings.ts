import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { LOGGER } from '../app.tokens.js';
import { PollingLoop } from '../common/polling-loop.js';
import type { SmsLocale } from './sms-parser.js';
import { SMS_TEMPLATES, type SmsTemplateKey } from './sms-templates.js';
import { compileWording, type CompiledWording } from './sms-wording.js';

/** How often each process looks for wordings another one saved (the saving one applies them at once). */
export const WORDING_REFRESH_MS = 30_000;

export interface StoredWording extends CompiledWording {
  updatedBy: string | null;
  updatedAt: string;
}

/**
 * The deployment's own SMS wordings (the sms_wording table), compiled once per change: rendering
 * a message looks one up in a map, never in the database.
 */
@Injectable()
export class SmsWordings implements OnModuleInit, OnModuleDestroy {
  private wordings = new Map<string, StoredWording>();
  private loadedKey = '';
  private readonly loop: PollingLoop;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.loop = new PollingLoop('sms wording refresh', () => this.refresh(), WORDING_REFRESH_MS, logger);
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.loop.start('later');
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** The deployment's wording of `template` in `locale`, when it has one. */
  get(template: SmsTemplateKey, locale: SmsLocale): StoredWording | undefined {
    return this.wordings.get(`${template}|${locale}`);
  }

  async refresh(): Promise<void> {
    const rows: { template: string; locale: string; text: string; updatedBy: string | null; updatedAt: Date }[] = await this.ds.query(
      `SELECT template, locale, text, updated_by AS "updatedBy", updated_at AS "updatedAt" FROM sms_wording ORDER BY template, locale`,
    );
    const key = JSON.stringify(rows);
    if (key === this.loadedKey) return;
    const next = new Map<string, StoredWording>();
    for (const r of rows) {
      try {
        if (!(SMS_TEMPLATES as readonly string[]).includes(r.template)) throw new Error(`no template '${r.template}'`);
        next.set(`${r.template}|${r.locale}`, { ...compileWording(r.template as SmsTemplateKey, r.text), updatedBy: r.updatedBy, updatedAt: new Date(r.updatedAt).toISOString() });
      } catch (err) {
        // the API refuses such texts; a hand edit of the table can still write one
        this.logger.error({ template: r.template, locale: r.locale, err: (err as Error).message }, 'unusable SMS wording in sms_wording; the shipped one is used');
      }
    }
    this.wordings = next;
    this.loadedKey = key;
  }
}
