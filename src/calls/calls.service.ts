import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators.js';
import { callerTicketsSql } from '../callers/caller-tickets.sql.js';
import { normalizePhone } from '../callers/phone.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { badRequest, conflict } from '../common/domain-error.js';
import { DirectoryService } from '../directory/directory.service.js';
import { RoutingService } from '../routing/routing.service.js';
import { OPEN_STATUSES, type TicketStatus } from '../tickets/ticket-state.js';
import { Ticket, type Priority } from '../tickets/ticket.entity.js';
import { TicketNumberAllocator, newAccessCode } from '../tickets/ticket-number.allocator.js';
import { appendEvents, TicketsService, type EventDraft } from '../tickets/tickets.service.js';
import type { CreateCallDto } from './create-call.dto.js';
import type { Deadline } from '../deadlines/deadline.entity.js';
import { DeadlineService, toJsonRow } from '../deadlines/deadline.service.js';
import { preparedQuery } from '../database/prepared.js';
import { registrationParams } from '../sms/sms-outbox.js';

export interface CallRecord {
  id: string;
  kind: string;
  callerId: string;
  callerPhone: string | null;
  ticketId: string | null;
  operatorId: string | null;
  createdAt: string;
}

export interface DuplicateCandidate {
  number: string;
  status: string;
  createdAt: string;
}

export interface LoggedCall {
  call: CallRecord;
  ticket: Ticket;
  /** The new ticket's pending deadlines, already known: no read-back on the hot path. */
  deadlines?: Deadline[];
  possibleDuplicates: DuplicateCandidate[];
}

/** What the Open311 endpoint adds to a ticket filed through it. */
export interface Open311Extra {
  token: string;
  apiKeyId: string;
  addressId: string | null;
  mediaUrl: string | null;
  deviceId: string | null;
  accountId: string | null;
  attributes: Record<string, string | string[]>;
}

/**
 * A new complaint or inquiry, whichever way it came in: an operator logging a phone call, or an
 * Open311 client posting a request. Both take the same path (routing, deadlines, SMS).
 */
export interface Registration {
  channel: 'phone' | 'open311';
  kind: 'complaint' | 'inquiry';
  /** E.164, or null for an Open311 reporter who gave none (then nobody gets an SMS). */
  phone: string | null;
  email?: string | null;
  callerName?: string | null;
  callerLocale?: string | null;
  categoryCode?: string;
  description: string;
  address?: string | null;
  district?: string | null;
  lat?: number | null;
  lng?: number | null;
  priority?: Priority;
  answer?: string | null;
  /** The operator who took the call (首问负责); null when a citizen filed it themselves. */
  operator: AuthUser | null;
  open311?: Open311Extra;
}

const OPEN_SQL_LIST = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * Logging a call is the hot path (thousands an hour in a big city). A new complaint or inquiry
 * is written by ONE statement — caller upsert, duplicate lookup, ticket, call and history rows as
 * writable CTEs — so it costs one round trip and one commit, and is all-or-nothing.
 */
const REGISTER_SQL = `
WITH c AS (
  INSERT INTO caller (id, phone, name, locale, email, created_at) VALUES ($1, $2, $3, $28, $31, $4)
  ON CONFLICT (phone) DO UPDATE SET
    -- an operator on the phone can correct what we hold; a self-filed report ($36 false) only fills gaps
    name = CASE WHEN $36 THEN COALESCE(EXCLUDED.name, caller.name) ELSE COALESCE(caller.name, EXCLUDED.name) END,
    locale = CASE WHEN $36 THEN COALESCE(EXCLUDED.locale, caller.locale) ELSE COALESCE(caller.locale, EXCLUDED.locale) END,
    email = CASE WHEN $36 THEN COALESCE(EXCLUDED.email, caller.email) ELSE COALESCE(caller.email, EXCLUDED.email) END
  RETURNING id, locale
), dup AS (
  SELECT mine.number, mine.status, mine.created_at FROM (
    ${callerTicketsSql('(SELECT id FROM c)', 'number, status, created_at', `$22::boolean AND category_id = $9 AND status IN (${OPEN_SQL_LIST})`)}
  ) mine
  ORDER BY mine.created_at DESC LIMIT 5
), t AS (
  INSERT INTO ticket (id, number, access_code, kind, status, priority, channel, caller_id, category_id, description,
                      address, district, lat, lng, lead_department_id, assisting_department_ids, first_contact_user_id,
                      resolution, closed_at, created_at, updated_at, version, sla_policy_id, due_at, original_due_at)
  SELECT $5, $6, $7, $8, $10, $11, $32, c.id, $9, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $4, $4, 1, $26, $27, $27 FROM c
  RETURNING id
), d AS (
  INSERT INTO deadline (id, ticket_id, stage, kind, level, seq, due_at, stage_due_at)
  SELECT r.id, t.id, r.stage, r.kind, r.level, r.seq, r.due_at, r.stage_due_at
  FROM t, jsonb_to_recordset($25::jsonb) AS r(id uuid, stage text, kind text, level smallint, seq smallint, due_at timestamptz, stage_due_at timestamptz)
), k AS (
  INSERT INTO call (id, caller_id, kind, ticket_id, operator_id, category_id, description, answer, created_at)
  SELECT $23, c.id, $8, t.id, $19, $9, $12, $20, $4 FROM c, t
), e AS (
  INSERT INTO ticket_event (ticket_id, actor_id, actor_role, type, from_status, to_status, payload, created_at)
  SELECT t.id, ev.actor_id, ev.actor_role, ev.type, ev.from_status, ev.to_status, ev.payload, $4
  FROM t, jsonb_to_recordset($24::jsonb) AS ev(actor_id uuid, actor_role text, type text, from_status text, to_status text, payload jsonb)
), s AS (
  INSERT INTO sms_message (id, direction, purpose, ticket_id, to_phone, template, params, status)
  SELECT $29, 'out', 'notification', t.id, $2, 'registered', $30::jsonb, 'queued' FROM t WHERE $30::jsonb IS NOT NULL
), o AS (
  INSERT INTO open311_request (ticket_id, token, api_key_id, address_id, media_url, device_id, account_id, attributes, created_at)
  SELECT t.id, r.token, r.api_key_id, r.address_id, r.media_url, r.device_id, r.account_id, COALESCE(r.attributes, '{}'), $4
  FROM t, jsonb_to_record($33::jsonb) AS r(token uuid, api_key_id uuid, address_id text, media_url text, device_id text, account_id text, attributes jsonb)
  WHERE $33::jsonb IS NOT NULL
), em AS (
  INSERT INTO caller_email (id, ticket_id, to_email, template, params)
  SELECT $35, t.id, $31, 'registered', $34::jsonb FROM t WHERE $34::jsonb IS NOT NULL
)
SELECT (SELECT id FROM c) AS caller_id,
       COALESCE((SELECT json_agg(json_build_object('number', number, 'status', status, 'createdAt', created_at)) FROM dup), '[]'::json) AS duplicates`;

function open311Row(o: Open311Extra) {
  return { token: o.token, api_key_id: o.apiKeyId, address_id: o.addressId, media_url: o.mediaUrl, device_id: o.deviceId, account_id: o.accountId, attributes: o.attributes };
}

@Injectable()
export class CallsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: DirectoryService,
    private readonly routing: RoutingService,
    private readonly numbers: TicketNumberAllocator,
    private readonly tickets: TicketsService,
    private readonly deadlines: DeadlineService,
  ) {}

  normalize(phone: string, field = 'callerPhone'): string {
    const r = normalizePhone(phone, this.config.defaultCountry);
    if (!r.ok) throw badRequest('INVALID_PHONE', `${field}: ${r.reason}`, { field });
    return r.e164;
  }

  async log(dto: CreateCallDto, operator: AuthUser): Promise<LoggedCall> {
    const phone = this.normalize(dto.callerPhone);
    if (dto.kind === 'follow_up') return this.followUp(dto, phone, operator);
    return this.register({
      channel: 'phone',
      kind: dto.kind,
      phone,
      callerName: dto.callerName,
      callerLocale: dto.callerLocale,
      categoryCode: dto.categoryCode,
      description: dto.description!,
      address: dto.address,
      district: dto.district,
      lat: dto.lat,
      lng: dto.lng,
      priority: dto.priority,
      answer: dto.answer,
      operator,
    });
  }

  async register(reg: Registration): Promise<LoggedCall> {
    const { operator, phone } = reg;
    const category = reg.categoryCode ? await this.directory.categoryByCode(reg.categoryCode) : undefined;
    const now = new Date();
    const inquiry = reg.kind === 'inquiry';
    const description = reg.description;
    const route = inquiry ? undefined : (await this.routing.suggest({ categoryId: category?.id ?? null, district: reg.district ?? undefined, description }))[0];
    const auto = route?.autoDispatch === true;
    const status: TicketStatus = inquiry ? 'closed' : auto ? 'dispatched' : 'registered';
    // a citizen filing through Open311 is the caller acting for themselves
    const actor = operator ? { actor_id: operator.id, actor_role: operator.role } : { actor_id: null, actor_role: 'caller' };
    const registered = { channel: reg.channel, kind: reg.kind, ...(reg.open311 ? { apiKeyId: reg.open311.apiKeyId } : {}) };
    const events: Record<string, unknown>[] = [{ ...actor, type: 'registered', from_status: null, to_status: 'registered', payload: registered }];
    if (inquiry) events.push({ ...actor, type: 'answered', from_status: 'registered', to_status: 'closed', payload: {} });
    if (auto) {
      events.push({
        actor_id: null,
        actor_role: null,
        type: 'dispatched',
        from_status: 'registered',
        to_status: 'dispatched',
        payload: { automatic: true, ruleId: route.ruleId, leadDepartmentId: route.leadDepartmentId, assistingDepartmentIds: route.assistingDepartmentIds },
      });
    }
    const ticket = Object.assign(new Ticket(), {
      id: randomUUID(),
      number: await this.numbers.next(now),
      accessCode: newAccessCode(),
      kind: inquiry ? 'inquiry' : 'complaint',
      status,
      priority: reg.priority ?? 'normal',
      channel: reg.channel,
      categoryId: category?.id ?? null,
      description,
      address: reg.address ?? null,
      district: reg.district?.trim() || null,
      lat: reg.lat ?? null,
      lng: reg.lng ?? null,
      leadDepartmentId: auto ? route.leadDepartmentId : null,
      assistingDepartmentIds: auto ? route.assistingDepartmentIds : [],
      linkedCallerIds: [],
      firstContactUserId: operator?.id ?? null,
      resolution: inquiry ? reg.answer! : null,
      urgeCount: 0,
      returnCount: 0,
      suspendedFrom: null,
      mergedIntoId: null,
      createdAt: now,
      updatedAt: now,
      resolvedAt: null,
      closedAt: inquiry ? now : null,
      version: 1,
    } satisfies Partial<Ticket>);
    const clock = inquiry ? { rows: [], ticket: {} } : await this.deadlines.planRegistration(ticket, now);
    Object.assign(ticket, { slaPolicyId: null, dueAt: null, originalDueAt: null }, clock.ticket);
    const callId = randomUUID();
    // prepared: planning the six-CTE statement cost ~0.5 ms of database CPU per call (bench:calls)
    const [row] = await preparedQuery<{ caller_id: string; duplicates: DuplicateCandidate[] }>(this.ds, 'register-call', REGISTER_SQL, [
      randomUUID(), phone, reg.callerName?.trim() || null, now,
      ticket.id, ticket.number, ticket.accessCode, reg.kind, ticket.categoryId, status, ticket.priority, description,
      ticket.address, ticket.district, ticket.lat, ticket.lng, ticket.leadDepartmentId, ticket.assistingDepartmentIds, operator?.id ?? null,
      ticket.resolution, ticket.closedAt, !inquiry && !!category, callId, JSON.stringify(events),
      JSON.stringify(clock.rows.map(toJsonRow)), ticket.slaPolicyId, ticket.dueAt, reg.callerLocale ?? null,
      // the caller is told the number, the access code and the committed deadline (亮承诺); the
      // worker writes the words, in the caller's language, before it sends
      randomUUID(), inquiry || !phone ? null : JSON.stringify(registrationParams(ticket)),
      reg.email ?? null, reg.channel, reg.open311 ? JSON.stringify(open311Row(reg.open311)) : null,
      // no phone but an address (an Open311 reporter): the same notice by e-mail
      inquiry || phone || !reg.email ? null : JSON.stringify(registrationParams(ticket)), randomUUID(),
      operator !== null,
    ]);
    ticket.callerId = row.caller_id;
    return {
      call: { id: callId, kind: reg.kind, callerId: row.caller_id, callerPhone: phone, ticketId: ticket.id, operatorId: operator?.id ?? null, createdAt: now.toISOString() },
      ticket,
      deadlines: clock.rows,
      possibleDuplicates: row.duplicates.map((d) => ({ ...d, createdAt: new Date(d.createdAt).toISOString() })),
    };
  }

  /** 催办: the caller urges an open ticket; counted, recorded, and linked, never a new ticket. */
  private async followUp(dto: CreateCallDto, phone: string, operator: AuthUser): Promise<LoggedCall> {
    return this.ds.transaction(async (m) => {
      let ticket = await this.tickets.findByNumber(dto.ticketNumber!, operator, m);
      // a merged ticket's callers are sent on to the survivor
      for (let hops = 0; ticket.status === 'merged' && ticket.mergedIntoId && hops < 5; hops++) {
        ticket = (await m.findOneBy(Ticket, { id: ticket.mergedIntoId }))!;
      }
      // urging is commutative: queue behind a concurrent change instead of failing with 409
      ticket = (await m.findOne(Ticket, { where: { id: ticket.id }, lock: { mode: 'pessimistic_write' } }))!;
      const urgeable: readonly TicketStatus[] = [...OPEN_STATUSES, 'resolved'];
      if (!urgeable.includes(ticket.status)) {
        throw conflict('TICKET_NOT_OPEN', `Ticket ${ticket.number} is ${ticket.status}; reopen it or log a new complaint`, { status: ticket.status });
      }
      const now = new Date();
      const [{ id: callerId }] = await m.query(
        `INSERT INTO caller (id, phone, name, locale, created_at) VALUES ($1, $2, $3, $5, $4)
         ON CONFLICT (phone) DO UPDATE SET name = COALESCE(EXCLUDED.name, caller.name), locale = COALESCE(EXCLUDED.locale, caller.locale) RETURNING id`,
        [randomUUID(), phone, dto.callerName?.trim() || null, now, dto.callerLocale ?? null],
      );
      const callId = randomUUID();
      await m.query(
        `INSERT INTO call (id, caller_id, kind, ticket_id, operator_id, category_id, description, created_at) VALUES ($1, $2, 'follow_up', $3, $4, $5, $6, $7)`,
        [callId, callerId, ticket.id, operator.id, ticket.categoryId, dto.description ?? null, now],
      );
      const updated = await this.tickets.updateVersioned(m, ticket, { urgeCount: ticket.urgeCount + 1 });
      const event: EventDraft = { type: 'urged', note: dto.description ?? null, payload: { callId, urgeCount: updated.urgeCount } };
      await appendEvents(m, ticket.id, operator, [event], now);
      return {
        call: { id: callId, kind: 'follow_up', callerId, callerPhone: phone, ticketId: ticket.id, operatorId: operator.id, createdAt: now.toISOString() },
        ticket: updated,
        possibleDuplicates: [],
      };
    });
  }
}
