import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AlertService } from '../alerts/alert.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DirectoryService } from '../directory/directory.service.js';
import type { Ticket } from '../tickets/ticket.entity.js';
import { CALLER_ACTOR, TicketsService, type TicketActor } from '../tickets/tickets.service.js';
import type { RatingSource } from './ticket-rating.entity.js';

export interface RatingInput {
  /** A score of the configured scale; absent when the caller only said it is not solved. */
  score?: number;
  unsolved?: boolean;
  source: RatingSource;
  comment?: string | null;
  /** Who recorded it: the caller by SMS, or the operator who phoned them. */
  actor?: TicketActor;
}

export type RatingOutcome = { kind: 'closed'; ticket: Ticket } | { kind: 'reopened'; ticket: Ticket } | { kind: 'already_rated' } | { kind: 'not_awaiting' };

/**
 * 好差评 closes the loop: a satisfied caller closes the ticket; a dissatisfied one (or one who
 * says it is not solved) reopens it with a rectify deadline, and the supervision office is told.
 * The rating, the transition and the alert commit together.
 */
@Injectable()
export class RatingService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tickets: TicketsService,
    private readonly alerts: AlertService,
    private readonly directory: DirectoryService,
  ) {}

  /** `ticket` must be locked by the caller's transaction `m`. */
  async rate(m: EntityManager, ticket: Ticket, input: RatingInput): Promise<RatingOutcome> {
    if (ticket.status !== 'resolved' || !ticket.resolvedAt) {
      const [rated] = await m.query(`SELECT 1 FROM ticket_rating WHERE ticket_id = $1 LIMIT 1`, [ticket.id]);
      return rated ? { kind: 'already_rated' } : { kind: 'not_awaiting' };
    }
    const option = this.config.sms.ratingOptions.find((o) => o.score === input.score);
    const worst = [...this.config.sms.ratingOptions].filter((o) => !o.satisfied).sort((a, b) => b.score - a.score)[0];
    // "not solved" counts as the scale's unsatisfied answer
    const chosen = input.unsolved || !option ? worst : option;
    const satisfied = chosen.satisfied && !input.unsolved;
    const id = randomUUID();
    const inserted: unknown[] = await m.query(
      `INSERT INTO ticket_rating (id, ticket_id, department_id, score, satisfied, source, resolved_at, comment)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (ticket_id, resolved_at) DO NOTHING RETURNING id`,
      [id, ticket.id, ticket.leadDepartmentId, chosen.score, satisfied, input.source, ticket.resolvedAt, input.comment ?? null],
    );
    if (inserted.length === 0) return { kind: 'already_rated' };
    const actor = input.actor ?? CALLER_ACTOR;
    const said = input.unsolved ? 'said it is not solved' : `rated ${chosen.score} (${chosen.labels.en})`;
    if (satisfied) {
      const closed = await this.tickets.transitionIn(m, ticket.number, 'close', actor, { note: `Caller ${said} (${input.source})` });
      return { kind: 'closed', ticket: closed };
    }
    const reopened = await this.tickets.transitionIn(m, ticket.number, 'reopen', actor, { reason: `Caller ${said} (${input.source}); rectify` }, { notifyCaller: input.source !== 'sms' });
    const supervision = await this.directory.departmentOfKind('supervision');
    await this.alerts.raise(m, {
      dedupeKey: `bad-rating-${id}`,
      ticketId: ticket.id,
      kind: 'bad_rating',
      departmentId: supervision?.id ?? null,
      message: `Ticket ${ticket.number}: the caller ${said}; reopened for rectification${reopened.dueAt ? ` by ${reopened.dueAt.toISOString()}` : ''}`,
    });
    return { kind: 'reopened', ticket: reopened };
  }
}
