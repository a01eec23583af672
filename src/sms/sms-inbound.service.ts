import { randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { callerTicketsSql } from '../callers/caller-tickets.sql.js';
import { normalizePhone } from '../callers/phone.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DirectoryService } from '../directory/directory.service.js';
import { preparedQuery } from '../database/prepared.js';
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

interface Replay {
  template: SmsTemplateKey;
  locale: SmsLocale;
  body: string;
  outcome: string;
}

interface Context {
  caller: CallerRow | null;
  recent: { failures: number; total: number };
  replay: Replay | null;
  /** The sender's own tickets, when the text asks for them. */
  own?: LineRow[] | null;
}

interface LineRow {
  id: string;
  number: string;
  status: Ticket['status'];
  due_at: Date | null;
  resolved_at: Date | null;
  lead_department_id: string | null;
  resolution: string | null;
  note: string | null;
  total?: string;
}

/** Most tickets listed in one status reply; the rest are counted. */
const STATUS_LIST_MAX = 5;
const OPEN_LIST = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');

const LINE_SQL = `
SELECT t.id, t.number, t.status, t.due_at, t.resolved_at, t.lead_department_id, t.resolution,
       (SELECT e.note FROM ticket_event e WHERE e.ticket_id = t.id AND e.type = 'progress_note' AND e.payload->>'public' = 'true' ORDER BY e.id DESC LIMIT 1) AS note
FROM ticket t`;

/**
 * Everything about the sender in one statement: who they are, their texts and failed look-ups
 * within the throttle window, the reply already given to a redelivered MessageSid.
 */
const CONTEXT_SQL = `
WITH c AS (SELECT id, locale FROM caller WHERE phone = $1)
SELECT (SELECT json_build_object('id', c.id, 'locale', c.locale) FROM c) AS caller,
       (SELECT json_build_object('failures', count(*) FILTER (WHERE outcome = 'not_found'), 'total', count(*))
        FROM sms_message WHERE direction = 'in' AND from_phone = $1 AND created_at > now() - make_interval(mins => $2::int)) AS recent,
       (SELECT json_build_object('template', r.template, 'locale', r.locale, 'body', r.body, 'outcome', i.outcome)
        FROM sms_message i JOIN sms_message r ON r.reply_to_id = i.id WHERE i.provider_sid = $3::text LIMIT 1) AS replay`;

/**
 * The same, with the sender's own open (and awaiting-rating) tickets, newest first, each with how
 * many there are in all: most texts ask for exactly that, and each round trip saved shortens the
 * tail (bench:sms). A statement of its own, not a parameter switching a branch: PostgreSQL would
 * then re-plan every execution, the plans of either value looking cheaper than a generic one.
 */
const CONTEXT_OWN_SQL = `${CONTEXT_SQL},
       (SELECT coalesce(json_agg(own ORDER BY own.created_at DESC), '[]'::json) FROM (
          SELECT l.*, mine.created_at, count(*) OVER () AS total FROM (
            ${callerTicketsSql('(SELECT id FROM c)', 'id, created_at', `status IN (${OPEN_LIST}, 'resolved')`)}
          ) mine CROSS JOIN LATERAL (${LINE_SQL} WHERE t.id = mine.id) l
          ORDER BY mine.created_at DESC LIMIT ${STATUS_LIST_MAX}) own) AS own`;

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
    const parsed = parseSms(msg.body, this.config.sms.ratingOptions);
    const wantsOwn = parsed.intent.kind === 'status' && !parsed.intent.ref;
    const { caller, recent, replay, own } = await this.context(from, msg.sid ?? null, wantsOwn);
    if (replay) return { template: replay.template, locale: replay.locale, sms: { ...countSegments(replay.body), body: replay.body }, outcome: replay.outcome };
    const { maxFailures, maxInbound } = this.config.sms;
    const throttled = recent.failures >= maxFailures || recent.total >= maxInbound;
    const locale = this.outbox.locale(parsed.locale ?? caller?.locale);
    let answer: Answer;
    if (throttled && !['stop', 'start', 'help'].includes(parsed.intent.kind)) answer = { template: 'throttled', outcome: 'throttled' };
    else if (wantsOwn) answer = await this.statusOfOwn(own ?? []);
    else answer = await this.answer(parsed.intent, from, caller ?? undefined, msg.body ?? '');
    const sms = this.outbox.render(answer.template, locale, answer.params ?? {});
    await this.record(msg, from, answer, locale, sms);
    return { template: answer.template, locale, sms, outcome: answer.outcome };
  }

  private async context(phone: string, sid: string | null, own: boolean): Promise<Context> {
    const [row] = own
      ? await preparedQuery<Context>(this.ds, 'sms-context-own', CONTEXT_OWN_SQL, [phone, this.config.sms.throttleWindowMinutes, sid])
      : await preparedQuery<Context>(this.ds, 'sms-context', CONTEXT_SQL, [phone, this.config.sms.throttleWindowMinutes, sid]);
    // lines that came through JSON carry their times as text
    for (const line of row.own ?? []) Object.assign(line, { due_at: line.due_at && new Date(line.due_at), resolved_at: line.resolved_at && new Date(line.resolved_at) });
    return row;
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
        // a text naming no ticket got the sender's own with its context (see handle)
        return this.statusOf(intent.ref!, caller);
      case 'rating':
      case 'unsolved':
        return this.rate(intent, caller, body.trim().length > 2 ? body.trim().slice(0, 2000) : null);
      default:
        return { template: 'unknown', outcome: intent.kind };
    }
  }

  /** The ticket the text names, if this sender may see it: the code, or the number on record. */
  private async authorised(ref: TicketRef, caller: CallerRow | undefined): Promise<string | undefined> {
    const [ticket] = await preparedQuery<{ id: string; access_code: string; caller_id: string; linked_caller_ids: string[] }>(
      this.ds,
      'sms-ticket-by-number',
      `SELECT id, access_code, caller_id, linked_caller_ids FROM ticket WHERE number = $1`,
      [ref.ticketNumber],
    );
    if (!ticket) return undefined;
    if (ref.accessCode !== undefined) return sameCode(ref.accessCode, ticket.access_code) ? ticket.id : undefined;
    return caller && (ticket.caller_id === caller.id || ticket.linked_caller_ids.includes(caller.id)) ? ticket.id : undefined;
  }

  private async statusOf(ref: TicketRef, caller: CallerRow | undefined): Promise<Answer> {
    const id = await this.authorised(ref, caller);
    if (!id) return { template: 'not_found', outcome: 'not_found' };
    const lines = await this.lines(await preparedQuery<LineRow>(this.ds, 'sms-ticket-line', `${LINE_SQL} WHERE t.id = $1`, [id]));
    return { template: 'status', params: { tickets: lines }, outcome: 'status', ticketId: id };
  }

  private async statusOfOwn(rows: LineRow[]): Promise<Answer> {
    if (rows.length === 0) return { template: 'no_open_tickets', outcome: 'status_none' };
    const total = Number(rows[0].total);
    return { template: 'status', params: { tickets: await this.lines(rows), moreTickets: total - rows.length }, outcome: 'status', ticketId: total === 1 ? rows[0].id : null };
  }

  /** Status in words, department, deadline and whether it is kept, and the latest public note. */
  private async lines(rows: LineRow[]): Promise<TicketLine[]> {
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

  private async rate(intent: Extract<SmsIntent, { kind: 'rating' | 'unsolved' }>, caller: CallerRow | undefined, comment: string | null): Promise<Answer> {
    return this.ds.transaction(async (m) => {
      let ticket: Ticket | undefined;
      if (intent.ref) {
        const id = await this.authorised(intent.ref, caller);
        if (!id) return { template: 'not_found', outcome: 'not_found' };
        ticket = (await m.findOne(Ticket, { where: { id }, lock: { mode: 'pessimistic_write' } })) ?? undefined;
      } else if (caller) {
        // the caller's most recently resolved ticket is the one the question was about
        const [row] = await m.query(
          `SELECT id FROM (${callerTicketsSql('$1::uuid', 'id, resolved_at', `status = 'resolved'`)}) mine ORDER BY resolved_at DESC LIMIT 1`,
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

  /** The text and our reply, in one statement: the reply goes back in the webhook response (TwiML). */
  private async record(msg: InboundSms, from: string, answer: Answer, locale: SmsLocale, reply: RenderedSms): Promise<void> {
    const inboundId = randomUUID();
    await preparedQuery(
      this.ds,
      'sms-record',
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

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Twilio sends E.164, taken as it is (parsing it again cost 4 % of a status reply in bench:sms; a
 * number that is not a real one simply matches no caller); a sandbox user may type a local number.
 */
function phoneOf(raw: string, config: AppConfig): string {
  if (E164.test(raw)) return raw;
  const r = normalizePhone(raw, config.defaultCountry);
  return r.ok ? r.e164 : raw.trim().slice(0, 20);
}
