import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DomainError, forbidden, notFound } from '../common/domain-error.js';
import { Open311ApiKey } from './open311-api-key.entity.js';

export interface IssuedKey {
  id: string;
  name: string;
  prefix: string;
  rateLimitPerMinute: number;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const WINDOW_SECONDS = 60;

export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

function view(k: Open311ApiKey): IssuedKey {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    rateLimitPerMinute: k.rateLimitPerMinute,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt?.toISOString() ?? null,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  };
}

/** Issues, lists and revokes the keys Open311 clients post with, and admits each post within its key's rate. */
@Injectable()
export class Open311KeysService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The key itself is in this answer only; we keep its hash. */
  async issue(name: string, rateLimitPerMinute: number | undefined, admin: AuthUser): Promise<IssuedKey & { key: string }> {
    const key = `o311_${randomBytes(24).toString('base64url')}`;
    const row = Object.assign(new Open311ApiKey(), {
      id: randomUUID(),
      name: name.trim(),
      prefix: key.slice(0, 12),
      keyHash: hashKey(key),
      rateLimitPerMinute: rateLimitPerMinute ?? this.config.open311.defaultRateLimitPerMinute,
      windowStartedAt: null,
      windowCount: 0,
      lastUsedAt: null,
      createdById: admin.id,
      revokedAt: null,
    });
    const saved = await this.ds.getRepository(Open311ApiKey).save(row);
    return { ...view(saved), key };
  }

  async list(): Promise<IssuedKey[]> {
    return (await this.ds.getRepository(Open311ApiKey).find({ order: { createdAt: 'DESC' } })).map(view);
  }

  async revoke(id: string): Promise<IssuedKey> {
    const repo = this.ds.getRepository(Open311ApiKey);
    const key = await repo.findOneBy({ id });
    if (!key) throw notFound('API_KEY_NOT_FOUND', `No Open311 API key ${id}`);
    if (!key.revokedAt) {
      key.revokedAt = new Date();
      await repo.save(key);
    }
    return view(key);
  }

  /**
   * Admits one post made with `key`, counting it in the key's current minute, in one statement so
   * that every API process shares the count. A missing, unknown or revoked key is 403 (the spec's
   * status); past the rate it is refused with the seconds to wait (429 here, the spec's 400 on the wire).
   */
  async admit(key: string | undefined): Promise<{ id: string; name: string }> {
    if (!key) throw forbidden('API_KEY_MISSING', 'api_key is required to post a service request');
    // TypeORM answers an UPDATE … RETURNING with [rows, count]
    const [[row]]: [{ id: string; name: string; window_count: number; rate_limit_per_minute: number; retry_after: number }[], number] = await this.ds.query(
      `UPDATE open311_api_key SET
         window_started_at = CASE WHEN window_started_at IS NULL OR window_started_at <= now() - interval '${WINDOW_SECONDS} seconds' THEN now() ELSE window_started_at END,
         window_count = CASE WHEN window_started_at IS NULL OR window_started_at <= now() - interval '${WINDOW_SECONDS} seconds' THEN 1 ELSE window_count + 1 END,
         last_used_at = now()
       WHERE key_hash = $1 AND revoked_at IS NULL
       RETURNING id, name, window_count, rate_limit_per_minute,
                 CEIL(EXTRACT(EPOCH FROM (window_started_at + interval '${WINDOW_SECONDS} seconds' - now())))::int AS retry_after`,
      [hashKey(key)],
    );
    if (!row) throw forbidden('API_KEY_INVALID', "Invalid api_key received -- can't proceed with create_request");
    if (row.window_count > row.rate_limit_per_minute) {
      throw new DomainError('rate_limited', 'RATE_LIMITED', `This api_key may post ${row.rate_limit_per_minute} requests a minute; try again in ${Math.max(1, row.retry_after)} s`, {
        retryAfterSeconds: Math.max(1, row.retry_after),
      });
    }
    return { id: row.id, name: row.name };
  }
}
