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
import { registrationParams, type DeferredParams } from '../sms/sms-outbox.js';
import { StatementBatcher } from '../database/statement-batcher.js';

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
 * Logging a call is the hot path (thousands an hour in a big city). New complaints and inquiries
 * are written by ONE statement — caller upsert, duplicate lookup, ticket, call and history rows as
 * writable CTEs — for a whole group of registrations that arrived together (StatementBatcher): one
 * round trip, one statement start-up and one commit for the group, all-or-nothing (a failed group
 * is retried one by one). Each registration is one element of the JSON array $1 (RegistrationRow).
 * A caller's details are corrected by an operator on the phone, but only filled in, where blank,
 * by a self-filed report: two upserts, since ON CONFLICT cannot see the row's by_operator flag.
 * Callers are upserted in phone order, so two concurrent groups with the same callers lock them in
 * the same order. (Only a caller on the phone in one group and self-filing in the other could still
 * cross; PostgreSQL ends such a deadlock within a second, and the group it fails is retried one by one.)
 */
const REGISTER_SQL = `
WITH r AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(
    i int, by_operator boolean, now timestamptz, caller_id uuid, phone text, name text, locale text, email text,
    ticket_id uuid, number text, access_code text, kind text, status text, priority text, channel text, category_id uuid,
    description text, address text, district text, lat double precision, lng double precision, lead_department_id uuid,
    assisting_department_ids uuid[], operator_id uuid, resolution text, closed_at timestamptz, sla_policy_id uuid, due_at timestamptz,
    find_duplicates boolean, call_id uuid, events jsonb, deadlines jsonb, sms_id uuid, sms_params jsonb, open311 jsonb,
    email_id uuid, email_params jsonb)
), by_operator AS (
  INSERT INTO caller (id, phone, name, locale, email, created_at)
  SELECT caller_id, phone, name, locale, email, now FROM r WHERE by_operator ORDER BY phone
  ON CONFLICT (phone) DO UPDATE SET name = COALESCE(EXCLUDED.name, caller.name), locale = COALESCE(EXCLUDED.locale, caller.locale),
                                    email = COALESCE(EXCLUDED.email, caller.email)
  RETURNING id, phone
), self_filed AS (
  INSERT INTO caller (id, phone, name, locale, email, created_at)
  SELECT caller_id, phone, name, locale, email, now FROM r WHERE NOT by_operator ORDER BY phone
  ON CONFLICT (phone) DO UPDATE SET name = COALESCE(caller.name, EXCLUDED.name), locale = COALESCE(caller.locale, EXCLUDED.locale),
                                    email = COALESCE(caller.email, EXCLUDED.email)
  RETURNING id, phone
), rc AS (
  -- a new caller keeps the id we chose; a known one is found again by phone (unique in a group)
  SELECT r.*, c.id AS cid FROM r JOIN (SELECT * FROM by_operator UNION ALL SELECT * FROM self_filed) c ON c.id = r.caller_id OR c.phone = r.phone
), dup AS (
  SELECT rc.i, json_agg(json_build_object('number', mine.number, 'status', mine.status, 'createdAt', mine.created_at) ORDER BY mine.created_at DESC) AS list
  FROM rc, LATERAL (
    SELECT * FROM (${callerTicketsSql('rc.cid', 'number, status, created_at', `category_id = rc.category_id AND status IN (${OPEN_SQL_LIST})`)}) m
    ORDER BY m.created_at DESC LIMIT 5
  ) mine
  WHERE rc.find_duplicates
  GROUP BY rc.i
), t AS (
  INSERT INTO ticket (id, number, access_code, kind, status, priority, channel, caller_id, category_id, description,
                      address, district, lat, lng, lead_department_id, assisting_department_ids, first_contact_user_id,
                      resolution, closed_at, created_at, updated_at, version, sla_policy_id, due_at, original_due_at)
  SELECT ticket_id, number, access_code, kind, status, priority, channel, cid, category_id, description, address, district, lat, lng,
         lead_department_id, assisting_department_ids, operator_id, resolution, closed_at, now, now, 1, sla_policy_id, due_at, due_at
  FROM rc
), d AS (
  INSERT INTO deadline (id, ticket_id, stage, kind, level, seq, due_at, stage_due_at)
  SELECT x.id, r.ticket_id, x.stage, x.kind, x.level, x.seq, x.due_at, x.stage_due_at
  FROM r, jsonb_to_recordset(r.deadlines) AS x(id uuid, stage text, kind text, level smallint, seq smallint, due_at timestamptz, stage_due_at timestamptz)
), k AS (
  INSERT INTO call (id, caller_id, kind, ticket_id, operator_id, category_id, description, answer, created_at)
  SELECT call_id, cid, kind, ticket_id, operator_id, category_id, description, resolution, now FROM rc
), e AS (
  INSERT INTO ticket_event (ticket_id, actor_id, actor_role, type, from_status, to_status, payload, created_at)
  SELECT r.ticket_id, ev.actor_id, ev.actor_role, ev.type, ev.from_status, ev.to_status, ev.payload, r.now
  FROM r, ROWS FROM (jsonb_to_recordset(r.events) AS (actor_id uuid, actor_role text, type text, from_status text, to_status text, payload jsonb))
       WITH ORDINALITY AS ev(actor_id, actor_role, type, from_status, to_status, payload, n)
  ORDER BY r.i, ev.n
), s AS (
  INSERT INTO sms_message (id, direction, purpose, ticket_id, to_phone, template, params, status)
  SELECT sms_id, 'out', 'notification', ticket_id, phone, 'registered', sms_params, 'queued' FROM r WHERE sms_params IS NOT NULL
), o AS (
  INSERT INTO open311_request (ticket_id, token, api_key_id, address_id, media_url, device_id, account_id, attributes, created_at)
  SELECT r.ticket_id, x.token, x.api_key_id, x.address_id, x.media_url, x.device_id, x.account_id, COALESCE(x.attributes, '{}'), r.now
  FROM r, jsonb_to_record(r.open311) AS x(token uuid, api_key_id uuid, address_id text, media_url text, device_id text, account_id text, attributes jsonb)
  WHERE r.open311 IS NOT NULL
), em AS (
  INSERT INTO caller_email (id, ticket_id, to_email, template, params)
  SELECT email_id, ticket_id, email, 'registered', email_params FROM r WHERE email_params IS NOT NULL
)
SELECT rc.i, rc.cid AS caller_id, COALESCE(dup.list, '[]'::json) AS duplicates FROM rc LEFT JOIN dup ON dup.i = rc.i`;

/**
 * One registration, as REGISTER_SQL reads it (snake case: the names of its columns). Its place in
 * the group, `i`, is added when the group goes.
 */
interface RegistrationRow {
  by_operator: boolean;
  now: string;
  caller_id: string;
  phone: string | null;
  name: string | null;
  locale: string | null;
  email: string | null;
  ticket_id: string;
  number: string;
  access_code: string;
  kind: string;
  status: TicketStatus;
  priority: Priority;
  channel: string;
  category_id: string | null;
  description: string;
  address: string | null;
  district: string | null;
  lat: number | null;
  lng: number | null;
  lead_department_id: string | null;
  assisting_department_ids: string[];
  operator_id: string | null;
  resolution: string | null;
  closed_at: string | null;
  sla_policy_id: string | null;
  due_at: string | null;
  find_duplicates: boolean;
  call_id: string;
  events: Record<string, unknown>[];
  deadlines: ReturnType<typeof toJsonRow>[];
  sms_id: string;
  sms_params: DeferredParams | null;
  open311: ReturnType<typeof open311Row> | null;
  email_id: string;
  email_params: DeferredParams | null;
}

interface RegisteredRow {
  caller_id: string;
  duplicates: DuplicateCandidate[];
}

/**
 * Register statements running at once per process. Fewer means bigger groups under load, so less
 * database work per call, but less overlap of one group's commit with the next group's work. In
 * bench:calls (2 cores, 1,000 calls/s offered, before gatherMs), p99 was 31.6 and 41.6 ms with 3; 42 and 522 ms
 * with 2 (a stalled commit held half the slots); 45, 93 and 227 ms with 4, 90 ms with 8, whose
 * smaller groups cost PostgreSQL 0.9-1.0 cores against 0.8 with 3.
 */
export const REGISTER_IN_FLIGHT = 3;

/**
 * How long a free slot waits for company while another group runs (StatementBatcher's gatherMs).
 * In bench:calls at 1,000 calls/s PostgreSQL used 0.78-0.87 cores without it and 0.56-0.70 with
 * 4 ms (groups of 2-3 calls; 6 in the closed loop, against 4); idle, a call still goes at once.
 */
const REGISTER_GATHER_MS = 4;

/**
 * How long a free slot waits for company when no group runs but calls are coming less than this
 * far apart (StatementBatcher's crowdGatherMs). At a steady 1,000 calls/s in bench:calls the database
 * was rarely busy enough for REGISTER_GATHER_MS to apply, and most calls went alone (0.78-0.85
 * transactions per call): with 2 ms, 0.33, and the machine's CPU went from 1.15-1.18 cores to 0.89
 * (PostgreSQL 0.59-0.60 to 0.43, the API 0.44-0.45 to 0.36), for 1.7 ms more at p50 (2.9-3.0 to 4.7).
 * 4 ms saved a little more (0.80) for twice the wait. A call after a quiet spell still goes at once.
 */
const REGISTER_CROWD_GATHER_MS = 2;

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

  /** Registrations that arrive together are written together: see REGISTER_SQL. */
  private readonly batcher = new StatementBatcher<RegistrationRow, RegisteredRow>(
    async (rows) => {
      // prepared: planning the statement cost ~0.5 ms of database CPU per call (bench:calls)
      const out = await preparedQuery<RegisteredRow & { i: number }>(this.ds, 'register-calls', REGISTER_SQL, [JSON.stringify(rows.map((r, i) => ({ ...r, i })))]);
      const byIndex = new Array<RegisteredRow>(rows.length);
      for (const o of out) byIndex[o.i] = o;
      if (out.length !== rows.length || byIndex.includes(undefined as never)) throw new Error(`register-calls: ${rows.length} registrations, ${out.length} rows back`);
      return byIndex;
    },
    { inFlight: REGISTER_IN_FLIGHT, maxGroup: 64, key: (r) => r.phone, gatherMs: REGISTER_GATHER_MS, crowdGatherMs: REGISTER_CROWD_GATHER_MS },
  );

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
    const notice = inquiry ? null : registrationParams(ticket);
    const row = await this.batcher.submit({
      by_operator: operator !== null,
      now: now.toISOString(),
      caller_id: randomUUID(),
      phone,
      name: reg.callerName?.trim() || null,
      locale: reg.callerLocale ?? null,
      email: reg.email ?? null,
      ticket_id: ticket.id,
      number: ticket.number,
      access_code: ticket.accessCode,
      kind: reg.kind,
      status,
      priority: ticket.priority,
      channel: reg.channel,
      category_id: ticket.categoryId,
      description,
      address: ticket.address,
      district: ticket.district,
      lat: ticket.lat,
      lng: ticket.lng,
      lead_department_id: ticket.leadDepartmentId,
      assisting_department_ids: ticket.assistingDepartmentIds,
      operator_id: operator?.id ?? null,
      resolution: ticket.resolution,
      closed_at: ticket.closedAt?.toISOString() ?? null,
      sla_policy_id: ticket.slaPolicyId,
      due_at: ticket.dueAt?.toISOString() ?? null,
      find_duplicates: !inquiry && !!category,
      call_id: callId,
      events,
      deadlines: clock.rows.map(toJsonRow),
      // the caller is told the number, the access code and the committed deadline (亮承诺); the
      // worker writes the words, in the caller's language, before it sends
      sms_id: randomUUID(),
      sms_params: phone ? notice : null,
      open311: reg.open311 ? open311Row(reg.open311) : null,
      // no phone but an address (an Open311 reporter): the same notice by e-mail
      email_id: randomUUID(),
      email_params: !phone && reg.email ? notice : null,
    });
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
