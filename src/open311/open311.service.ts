import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { badRequest, notFound } from '../common/domain-error.js';
import { CallsService } from '../calls/calls.service.js';
import { OPEN_STATUSES } from '../tickets/ticket-state.js';
import { parseTicketNumber } from '../tickets/ticket-number.js';
import { offsetAt } from '../calendar/zoned-time.js';
import { w3cDateTime } from './open311-format.js';
import type { DiscoveryInfo, RequestRow, ServiceRow } from './open311-documents.js';
import { parseServiceRequest, type PostedParams } from './open311-params.js';
import { Open311KeysService } from './open311-keys.service.js';

export const MAX_RECORDS = 1000;
const WINDOW_DAYS = 90;
const DAY_MS = 24 * 3600 * 1000;

export interface RequestQuery {
  serviceRequestIds?: string[];
  serviceCodes?: string[];
  startDate?: string;
  endDate?: string;
  statuses?: string[];
}

const OPEN_LIST = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * Open311 status_notes: the latest thing said in public about the request — a progress note the
 * agent marked public, or the resolution the caller was texted. Internal notes never show. A
 * resolution counts only while the ticket is not open: a reopen withdrew it, and "open" beside
 * "the barrier was installed" tells the reporter the opposite of the truth.
 */
const STATUS_NOTE_SQL = `(SELECT e.note FROM ticket_event e
   WHERE e.ticket_id = t.id AND e.note IS NOT NULL
     AND ((e.type = 'progress_note' AND e.payload->>'public' = 'true') OR (e.type = 'resolved' AND t.status NOT IN (${OPEN_LIST})))
   ORDER BY e.id DESC LIMIT 1)`;

const REQUEST_SELECT = `
SELECT t.number, t.status IN (${OPEN_LIST}) AS open, t.status, ${STATUS_NOTE_SQL} AS note, m.number AS merged_into,
       c.name AS service_name, c.code AS service_code, t.description, d.name AS agency,
       t.created_at, t.updated_at, t.resolved_at, t.closed_at, t.due_at, t.address, o.address_id, t.lat, t.lng, o.media_url,
       cl.name AS caller_name, cl.phone AS caller_phone, cl.email AS caller_email
FROM ticket t
JOIN caller cl ON cl.id = t.caller_id
LEFT JOIN category c ON c.id = t.category_id
LEFT JOIN department d ON d.id = t.lead_department_id
LEFT JOIN open311_request o ON o.ticket_id = t.id
LEFT JOIN ticket m ON m.id = t.merged_into_id`;

interface RequestSqlRow {
  number: string;
  open: boolean;
  status: string;
  note: string | null;
  merged_into: string | null;
  service_name: string | null;
  service_code: string | null;
  description: string;
  agency: string | null;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
  due_at: Date | null;
  address: string | null;
  address_id: string | null;
  lat: number | null;
  lng: number | null;
  media_url: string | null;
  caller_name: string | null;
  caller_phone: string | null;
  caller_email: string | null;
}

function toRequestRow(r: RequestSqlRow): RequestRow {
  // the spec: a closed request's updated_datetime is when it was closed
  const closedAt = r.status === 'closed' ? (r.closed_at ?? r.resolved_at) : r.status === 'resolved' ? r.resolved_at : null;
  return {
    number: r.number,
    open: r.open,
    statusNotes: r.merged_into ? `Duplicate request: handled as ${r.merged_into}.` : r.note,
    serviceName: r.service_name,
    serviceCode: r.service_code,
    description: r.description,
    agency: r.agency,
    requestedAt: r.created_at,
    updatedAt: closedAt ?? r.updated_at,
    // empty while suspended: a paused ticket holds no due_at until it resumes
    expectedAt: r.due_at,
    address: r.address,
    addressId: r.address_id,
    lat: r.lat,
    lng: r.lng,
    mediaUrl: r.media_url,
    // what we know to be the caller's, taken out word for word wherever it was written
    secrets: [r.caller_name, r.caller_phone, r.caller_phone?.replace(/^\+86/, ''), r.caller_email].filter((x): x is string => !!x && x.length >= 2),
  };
}

const W3C_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A w3 date and time. A `+` sent unencoded in a query string arrives as a space, so
 * `…T00:00:00 08:00` is read as `+08:00`; a time without a zone is the deployment's local time
 * (the spec wants a zone; we would rather answer than refuse). 30 February is refused, not rolled over.
 */
export function parseW3cDate(value: string | undefined, field: string, timeZone: string): Date | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim().replace(/ (\d{2}:?\d{2})$/, '+$1');
  const m = W3C_DATE.exec(text);
  const invalid = () => badRequest('INVALID_DATE', `${field}: "${value}" is not a w3 date and time such as 2010-01-01T00:00:00Z`, { field });
  if (!m) throw invalid();
  const [, y, mo, d, h = '00', mi = '00', sec = '00', zone] = m;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) throw invalid();
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec));
  if (zone) return new Date(Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec}${zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`));
  // the zone's offset at that wall time (twice, for the instant an offset change moves it across)
  const first = wall - offsetAt(timeZone, wall);
  return new Date(wall - offsetAt(timeZone, first));
}

/** Open311 GeoReport v2 over our categories and tickets. */
@Injectable()
export class Open311Service {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly calls: CallsService,
    private readonly keys: Open311KeysService,
  ) {}

  /** A client naming another jurisdiction is asking somebody else: 404, as the spec says. */
  checkJurisdiction(jurisdictionId: string | undefined): void {
    const ours = this.config.open311.jurisdictionId;
    if (ours && jurisdictionId && jurisdictionId.trim() !== '' && jurisdictionId.trim().toLowerCase() !== ours.toLowerCase()) {
      throw notFound('JURISDICTION_NOT_FOUND', `jurisdiction_id: this endpoint serves ${ours}, not ${jurisdictionId}`);
    }
  }

  /** Active leaf categories: what a citizen can report. */
  async services(): Promise<ServiceRow[]> {
    return this.ds.query(
      `SELECT c.code, c.name, c.description, c.keywords, c.attributes, COALESCE(r.name, c.name) AS "group"
       FROM category c LEFT JOIN category r ON r.code = split_part(c.code, '.', 1)
       WHERE c.active AND NOT EXISTS (SELECT 1 FROM category ch WHERE ch.parent_id = c.id AND ch.active)
       ORDER BY c.code`,
    );
  }

  /** One service: an active leaf category, as listed (a group's code is not a service). */
  async service(code: string): Promise<ServiceRow> {
    const [row] = await this.ds.query(
      `SELECT c.code, c.name, c.description, c.keywords, c.attributes, COALESCE(r.name, c.name) AS "group"
       FROM category c LEFT JOIN category r ON r.code = split_part(c.code, '.', 1)
       WHERE c.code = $1 AND c.active AND NOT EXISTS (SELECT 1 FROM category ch WHERE ch.parent_id = c.id AND ch.active)`,
      [code],
    );
    if (!row) throw notFound('SERVICE_NOT_FOUND', `service_code: no service "${code}"`);
    return row;
  }

  /** POST requests: the key is admitted first (403, or 400 past its rate), then the request is checked and filed like a phone complaint. */
  async create(params: PostedParams): Promise<{ number: string; notice: string }> {
    const key = await this.keys.admit(params.single.api_key);
    const code = params.single.service_code?.trim();
    if (!code) throw badRequest('SERVICE_CODE_REQUIRED', 'service_code: required');
    const service = await this.service(code);
    const input = parseServiceRequest(params, service, this.config.defaultCountry);
    const logged = await this.calls.register({
      channel: 'open311',
      kind: 'complaint',
      operator: null,
      ...input.registration,
      categoryCode: service.code,
      open311: { ...input.extra, token: randomUUID(), apiKeyId: key.id },
    });
    return { number: logged.ticket.number, notice: this.notice(logged.ticket.number, logged.ticket.dueAt, input.ignored) };
  }

  /** What the reporter should expect, with the deadline we commit to (亮承诺), and what of theirs we did not use. */
  private notice(number: string, dueAt: Date | null, ignored: string[]): string {
    const due = dueAt ? w3cDateTime(dueAt, this.config.timeZone).slice(0, 16).replace('T', ' ') : null;
    const zh = this.config.sms.defaultLocale === 'zh-CN';
    const main = zh
      ? due ? `已受理，工单号 ${number}，承诺 ${due} 前办结。` : `已受理，工单号 ${number}。`
      : due ? `Registered as ${number}; we commit to resolve it by ${due}.` : `Registered as ${number}.`;
    return ignored.length ? `${main} ${zh ? '未采用' : 'Not used'}: ${ignored.join('; ')}.` : main;
  }

  async byToken(token: string): Promise<{ number: string; token: string }> {
    const valid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(token);
    const [row] = valid ? await this.ds.query(`SELECT t.number FROM open311_request o JOIN ticket t ON t.id = o.ticket_id WHERE o.token = $1`, [token]) : [];
    if (!row) throw notFound('TOKEN_NOT_FOUND', `token: no request has the token "${token}"`);
    return { number: row.number, token: token.toLowerCase() };
  }

  async request(id: string): Promise<RequestRow> {
    const number = parseTicketNumber(id);
    const [row] = number ? await this.ds.query(`${REQUEST_SELECT} WHERE t.number = $1 AND ${this.visible()}`, [number]) : [];
    if (!row) throw notFound('REQUEST_NOT_FOUND', `service_request_id: no service request "${id}"`);
    return toRequestRow(row);
  }

  async requests(q: RequestQuery): Promise<RequestRow[]> {
    const where = [this.visible()];
    const values: unknown[] = [];
    const param = (v: unknown) => `$${values.push(v)}`;
    if (q.serviceRequestIds?.length) {
      // "this overrides all other arguments"
      const numbers = q.serviceRequestIds.map(parseTicketNumber).filter((n): n is string => n !== null);
      where.push(`t.number = ANY(${param(numbers)})`);
    } else {
      const { start, end } = this.window(q.startDate, q.endDate);
      where.push(`t.created_at >= ${param(start)}`, `t.created_at <= ${param(end)}`);
      if (q.serviceCodes?.length) where.push(`c.code = ANY(${param(q.serviceCodes)})`);
      if (q.statuses?.length) {
        const bad = q.statuses.filter((s) => s !== 'open' && s !== 'closed');
        if (bad.length) throw badRequest('INVALID_STATUS', `status: must be open or closed (comma separated), not ${bad.join(', ')}`);
        const wanted = new Set(q.statuses);
        if (wanted.size === 1) where.push(wanted.has('open') ? `t.status IN (${OPEN_LIST})` : `t.status NOT IN (${OPEN_LIST})`);
      }
    }
    const rows: RequestSqlRow[] = await this.ds.query(`${REQUEST_SELECT} WHERE ${where.join(' AND ')} ORDER BY t.created_at DESC LIMIT ${MAX_RECORDS}`, values);
    return rows.map(toRequestRow);
  }

  /**
   * The spec's window: at most 90 days; without dates, the most recent 90. A start alone runs 90
   * days or to now, and a start still to come is an empty window, not an error about an end_date
   * the client never sent.
   */
  private window(startText?: string, endText?: string): { start: Date; end: Date } {
    const startAt = parseW3cDate(startText, 'start_date', this.config.timeZone);
    const endAt = parseW3cDate(endText, 'end_date', this.config.timeZone);
    const end = endAt ?? (startAt ? new Date(Math.max(startAt.getTime(), Math.min(startAt.getTime() + WINDOW_DAYS * DAY_MS, Date.now()))) : new Date());
    const start = startAt ?? new Date(end.getTime() - WINDOW_DAYS * DAY_MS);
    if (start > end) throw badRequest('INVALID_DATE_RANGE', 'start_date: must not be after end_date');
    if (end.getTime() - start.getTime() > WINDOW_DAYS * DAY_MS) {
      throw badRequest('DATE_RANGE_TOO_LONG', `start_date, end_date: may not span more than ${WINDOW_DAYS} days`);
    }
    return { start, end };
  }

  /** Complaints only (an inquiry answered on the phone is not a service request), of the published channels. */
  private visible(): string {
    // channel names are checked against the known ones at boot (loadConfig)
    const channels = this.config.open311.publicChannels.map((c) => `'${c}'`).join(', ');
    return `t.kind = 'complaint' AND t.channel IN (${channels})`;
  }

  async discovery(url: string): Promise<DiscoveryInfo> {
    const [{ changed }] = await this.ds.query(`SELECT max(updated_at) AS changed FROM category`);
    return {
      changeset: (changed ? new Date(changed) : new Date(0)).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      contact: this.config.open311.contact,
      keyService: this.config.open311.keyService,
      url,
      type: this.config.mode === 'demo' ? 'test' : 'production',
    };
  }
}
