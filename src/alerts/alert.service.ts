import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AlertKind } from './alert.entity.js';

export interface NewAlert {
  dedupeKey: string;
  ticketId: string;
  deadlineId?: string | null;
  kind: AlertKind;
  stage?: string | null;
  level?: number;
  departmentId: string | null;
  message: string;
}

@Injectable()
export class AlertService {
  /** Inserts the alert once per dedupe key; returns false when it already existed. */
  async raise(m: EntityManager, a: NewAlert): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO alert (id, dedupe_key, ticket_id, deadline_id, kind, stage, level, department_id, message)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [randomUUID(), a.dedupeKey, a.ticketId, a.deadlineId ?? null, a.kind, a.stage ?? null, a.level ?? 0, a.departmentId, a.message],
    );
    return rows.length > 0;
  }
}
