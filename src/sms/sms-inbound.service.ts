import { randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { normalizePhone } from '../callers/phone.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DirectoryService } from '../directory/directory.service.js';
import { RatingService } from '../feedback/rating.service.js';
import { OPEN_STATUSES } from '../tickets/ticket-state.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { parseSms, type SmsIntent, type SmsLocale, type TicketRef } from './sms-parser.js';
import { SmsOutbox } from './sms-outbox.js';
import { countSegments } from './sms-segments.js';
import type { RenderedSms, SmsTemplateKey, TemplateParams, TicketLine } from './sms-templates.js';

export interface InboundSms {
  from: string;
  to?: string | null;
  body: string | null | undefined;
  /** Twilio's MessageSid: a webhook Twilio retries is answered, not processed twice. */
  sid?: string | null;
}

export interface InboundReply {
  template: SmsTemplateKey;
  locale: SmsLocale;
  sms: RenderedSms;
  /** What the text was understood as and what came of it (kept on the inbound row). */
  outcome: string;
}

interface Answer {
  template: SmsTemplateKey;
  params?: TemplateParams;
  outcome: string;
  ticketId?: string | null;
}

interface CallerRow {
  id: string;
  locale: string | null;
}

/** Most tickets listed in one status reply; the rest are counted. */
const STATUS_LIST_MAX = 5;
const OPEN_LIST = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * Answers a citizen's text. A number on record sees its own tickets; anything else needs the
 * ticket number and its access code, and every failure — unknown ticket, wrong code, someone
 * else's ticket — gets the same words, so nothing can be learnt by guessing. Failed look-ups are
 * counted per number and throttle it. Every text and its reply are kept.
 */
@Injectable()
export class SmsInboundService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: SmsOutbox,
    private readonly directory: DirectoryService,
    private readonly ratings: RatingService,
  ) {}

  async handle(msg: InboundSms): Promise<InboundReply> {
    const from = phoneOf(msg.from, this.config);
    if (msg.sid) {
      const replayed = await this.replayed(msg.sid);
      if (replayed) return replayed;
    }
    const parsed = parseSms(msg.body, this.config.sms.ratingOptions);
    const [caller, throttled] = await Promise.all([this.caller(from), this.throttled(from)]);
    const locale = this.outbox.locale(parsed.locale ?? caller?.locale);
    const answer = throttled && !['stop', 'start', 'help'].includes(parsed.intent.kind) ? { template: 'throttled' as const, outcome: 'throttled' } : await this.answer(parsed.intent, from, caller, msg.body ?? '');
    const sms = this.outbox.render(answer.template, locale, answer.params ?? {});
    await this.record(msg, from, answer, locale, sms);
    return { template: answer.template, locale, sms, outcome: answer.outcome };
  }

  private async answer(intent: SmsIntent, from: string, caller: CallerRow | undefined, body: string): Promise<Answer> {
    switch (intent.kind) {
      case 'stop':
        await this.ds.query(`INSERT INTO sms_opt_out (phone) VALUES ($1) ON CONFLICT DO NOTHING`, [from]);
        return { template: 'stopped', outcome: 'stop' };
      case 'start':
        await this.ds.query(`DELETE FROM sms_opt_out WHERE phone = $1`, [from]);
        return { template: 'started', outcome: 'start' };
      case 'help':
        return { template: 'help', outcome: 'help' };
      case 'status':
        return intent.ref ? this.statusOf(intent.ref, from, caller) : this.statusOfOwn(caller);
      case 'rating':
      case 'unsolved':
        return this.rate(intent, from, caller, body.trim().length > 2 ? body.trim().slice(0, 2000) : null);
      default:
        return { template: 'unknown', outcome: intent.kind };
    }
  }

  /** The ticket the text names, if this sender may see it: the code, or the number on record. */
  private async authorised(ref: TicketRef, from: string, caller: CallerRow | undefined, m: EntityManager = this.ds.manager, lock = false): Promise<Ticket | undefined> {
    const ticket = await m.findOne(Ticket, { where: { number: ref.ticketNumber }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!ticket) return undefined;
    if (ref.accessCode !== undefined) return sameCode(ref.accessCode, ticket.accessCode) ? ticket : undefined;
    return caller && (ticket.callerId === caller.id || ticket.linkedCallerIds.includes(caller.id)) ? ticket : undefined;
  }

  private async statusOf(ref: TicketRef, from: string, caller: CallerRow | undefined): Promise<Answer> {
    const ticket = await this.authorised(ref, from, caller);
    if (!ticket) return { template: 'not_found', outcome: 'not_found' };
    const [line] = await this.lines([ticket.id]);
    return { template: 'status', params: { tickets: [line] }, outcome: 'status', ticketId: ticket.id };
  }

  private async statusOfOwn(caller: CallerRow | undefined): Promise<Answer> {
    if (!caller) return { template: 'no_open_tickets', outcome: 'status_none' };
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM ticket WHERE status IN (${OPEN_LIST}, 'resolved') AND (caller_id = $1 OR linked_caller_ids @> ARRAY[$1::uuid])
       ORDER BY created_at DESC LIMIT ${STATUS_LIST_MAX + 50}`,
      [caller.id],
    );
    if (rows.length === 0) return { template: 'no_open_tickets', outcome: 'status_none' };
    const lines = await this.lines(rows.slice(0, STATUS_LIST_MAX).map((r) => r.id));
    return { template: 'status', params: { tickets: lines, moreTickets: rows.length - lines.length }, outcome: 'status', ticketId: rows.length === 1 ? rows[0].id : null };
  }

  /** Status in words, department, deadline and whether it is kept, and the latest public note. */
  private async lines(ids: string[]): Promise<TicketLine[]> {
    const rows: { id: string; number: string; status: Ticket['status']; due_at: Date | null; resolved_at: Date | null; lead_department_id: string | null; resolution: string | null; note: string | null }[] =
      await this.ds.query(
        `SELECT t.id, t.number, t.status, t.due_at, t.resolved_at, t.lead_department_id, t.resolution,
                (SELECT e.note FROM ticket_event e WHERE e.ticket_id = t.id AND e.type = 'progress_note' AND e.payload->>'public' = 'true' ORDER BY e.id DESC LIMIT 1) AS note
         FROM ticket t WHERE t.id = ANY($1) ORDER BY t.created_at DESC`,
        [ids],
      );
    const now = Date.now();
    return Promise.all(
      rows.map(async (t) => ({
        number: t.number,
        status: t.status,
        department: (await this.directory.department(t.lead_department_id))?.name ?? null,
        due: t.due_at,
        overdue: !!t.due_at && (t.resolved_at ? new Date(t.resolved_at).getTime() : now) > new Date(t.due_at).getTime(),
        note: t.status === 'resolved' || t.status === 'closed' ? (t.resolution ?? t.note) : t.note,
      })),
    );
  }

  private async rate(intent: Extract<SmsIntent, { kind: 'rating' | 'unsolved' }>, from: string, caller: CallerRow | undefined, comment: string | null): Promise<Answer> {
    return this.ds.transaction(async (m) => {
      let ticket: Ticket | undefined;
      if (intent.ref) {
        ticket = await this.authorised(intent.ref, from, caller, m, true);
        if (!ticket) return { template: 'not_found', outcome: 'not_found' };
      } else if (caller) {
        // the caller's most recently resolved ticket is the one the question was about
        const [row] = await m.query(
          `SELECT id FROM ticket WHERE status = 'resolved' AND (caller_id = $1 OR linked_caller_ids @> ARRAY[$1::uuid]) ORDER BY resolved_at DESC LIMIT 1`,
          [caller.id],
        );
        if (row) ticket = (await m.findOne(Ticket, { where: { id: row.id }, lock: { mode: 'pessimistic_write' } })) ?? undefined;
      }
      if (!ticket) return { template: 'nothing_to_rate', outcome: 'rating_none' };
      const score = intent.kind === 'rating' ? intent.score : undefined;
      const outcome = await this.ratings.rate(m, ticket, { score, unsolved: intent.kind === 'unsolved', source: 'sms', comment });
      switch (outcome.kind) {
        case 'closed':
          return { template: 'rating_thanks', params: { number: ticket.number, score }, outcome: 'rated', ticketId: ticket.id };
        case 'reopened':
          return { template: 'rating_reopened', params: { number: ticket.number, due: outcome.ticket.dueAt }, outcome: 'rated_bad', ticketId: ticket.id };
        case 'already_rated':
          return { template: 'already_rated', params: { number: ticket.number }, outcome: 'already_rated', ticketId: ticket.id };
        default:
          return { template: 'nothing_to_rate', params: { number: ticket.number }, outcome: 'rating_none', ticketId: ticket.id };
      }
    });
  }

  private async caller(phone: string): Promise<CallerRow | undefined> {
    const [row] = await this.ds.query(`SELECT id, locale FROM caller WHERE phone = $1`, [phone]);
    return row;
  }

  /** Too many failed look-ups, or too many texts at all, from this number within the window. */
  private async throttled(phone: string): Promise<boolean> {
    const { maxFailures, maxInbound, throttleWindowMinutes } = this.config.sms;
    const [row] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE outcome = 'not_found')::int AS failures, count(*)::int AS total
       FROM sms_message WHERE direction = 'in' AND from_phone = $1 AND created_at > now() - make_interval(mins => $2)`,
      [phone, throttleWindowMinutes],
    );
    return row.failures >= maxFailures || row.total >= maxInbound;
  }

  /** Twilio retries a webhook it got no answer to: the same MessageSid gets the reply it got, once. */
  private async replayed(sid: string): Promise<InboundReply | undefined> {
    const [row] = await this.ds.query(
      `SELECT r.template, r.locale, r.body, r.encoding, r.segments, i.outcome
       FROM sms_message i JOIN sms_message r ON r.reply_to_id = i.id
       WHERE i.provider_sid = $1 AND i.direction = 'in'`,
      [sid],
    );
    if (!row) return undefined;
    return { template: row.template, locale: row.locale, sms: { ...countSegments(row.body), body: row.body }, outcome: row.outcome };
  }

  /** The text and our reply, in one statement: the reply goes back in the webhook response (TwiML). */
  private async record(msg: InboundSms, from: string, answer: Answer, locale: SmsLocale, reply: RenderedSms): Promise<void> {
    const inboundId = randomUUID();
    await this.ds.query(
      `INSERT INTO sms_message (id, direction, purpose, ticket_id, to_phone, from_phone, template, locale, body, encoding, segments, status, outcome, provider_sid, reply_to_id, sent_at, status_at, created_at)
       VALUES ($1, 'in', 'inbound', $2, $3, $4, NULL, NULL, $5, NULL, NULL, 'received', $6, $7, NULL, NULL, NULL, clock_timestamp()),
              ($8, 'out', 'reply', $2, $4, $3, $9, $10, $11, $12, $13, 'sent', NULL, NULL, $1, now(), now(), clock_timestamp())
       ON CONFLICT (provider_sid) DO NOTHING`,
      [inboundId, answer.ticketId ?? null, (msg.to ?? 'hotline').slice(0, 20), from, (msg.body ?? '').slice(0, 5000), answer.outcome, msg.sid ?? null,
        randomUUID(), answer.template, locale, reply.body, reply.encoding, reply.segments],
    );
  }
}

function sameCode(given: string, actual: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Twilio sends E.164; a sandbox user may type a local number. */
function phoneOf(raw: string, config: AppConfig): string {
  const r = normalizePhone(raw, config.defaultCountry);
  return r.ok ? r.e164 : raw.trim().slice(0, 20);
}
