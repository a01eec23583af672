import { maskPhones } from '../common/logger.js';
import { leaf, list, record, w3cDateTime, type O311Node } from './open311-format.js';
import type { ServiceAttribute } from './service-attributes.js';

/** The element names and their order are the spec's examples'; clients written against them read ours. */

export interface ServiceRow {
  code: string;
  name: string;
  description: string | null;
  keywords: string | null;
  attributes: ServiceAttribute[];
  group: string | null;
}

export interface RequestRow {
  number: string;
  open: boolean;
  statusNotes: string | null;
  serviceName: string | null;
  serviceCode: string | null;
  description: string;
  agency: string | null;
  requestedAt: Date;
  updatedAt: Date;
  expectedAt: Date | null;
  address: string | null;
  addressId: string | null;
  lat: number | null;
  lng: number | null;
  mediaUrl: string | null;
  /** The caller's own name, phone and e-mail: never in a public answer, even typed into the text. */
  secrets: string[];
}

export interface DiscoveryInfo {
  changeset: string;
  contact: string;
  keyService: string;
  url: string;
  type: 'production' | 'test';
}

const EMAIL_LIKE = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+/gu;
/**
 * Seven or more digits, however grouped: a phone number in any country's way of writing it. Not
 * digits glued to a letter: ticket numbers (T261122-00484) stay readable.
 */
const DIGIT_RUN = /(?<![\p{L}\d])\+?\(?\d[\d\s().-]{5,}\d/gu;
const DATE_LIKE = /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{4}$/;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The GET methods are public: no name, phone or e-mail in them. No field carries them, and free
 * text (what the caller said, the notes) has the caller's own name, number and address taken out
 * word for word, and anything shaped like a phone number or an e-mail address masked.
 */
export function publicText(text: string | null, secrets: string[] = []): string | null {
  if (text === null) return null;
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.replace(new RegExp(escapeRegExp(secret), 'giu'), '***');
  out = maskPhones(out).replace(EMAIL_LIKE, '[e-mail]');
  return out.replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/\D/g, '');
    if (digits.length < 7 || DATE_LIKE.test(run.trim())) return run;
    return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 5)}${digits.slice(-2)}`;
  });
}

export function servicesDocument(rows: ServiceRow[]): O311Node {
  return list(
    'services',
    rows.map((s) =>
      record('service', [
        leaf('service_code', s.code),
        leaf('service_name', s.name),
        leaf('description', s.description ?? s.name),
        leaf('metadata', s.attributes.length > 0),
        leaf('type', 'realtime'),
        leaf('keywords', s.keywords),
        leaf('group', s.group),
      ]),
    ),
  );
}

export function definitionDocument(code: string, attributes: ServiceAttribute[]): O311Node {
  return record('service_definition', [
    leaf('service_code', code),
    list(
      'attributes',
      [...attributes]
        .sort((a, b) => a.order - b.order)
        .map((a) =>
          record('attribute', [
            leaf('variable', a.variable),
            leaf('code', a.code),
            leaf('datatype', a.datatype),
            leaf('required', a.required),
            leaf('datatype_description', a.datatypeDescription),
            leaf('order', a.order),
            leaf('description', a.description),
            list(
              'values',
              a.values.map((v) => record('value', [leaf('key', v.key), leaf('name', v.name)])),
            ),
          ]),
        ),
    ),
  ]);
}

export function createdDocument(number: string, notice: string): O311Node {
  return list('service_requests', [record('request', [leaf('service_request_id', number), leaf('service_notice', notice), leaf('account_id', null)])]);
}

export function tokenDocument(number: string, token: string): O311Node {
  return list('service_requests', [record('request', [leaf('service_request_id', number), leaf('token', token)])]);
}

export function requestsDocument(rows: RequestRow[], timeZone: string): O311Node {
  const time = (at: Date | null) => (at ? w3cDateTime(at, timeZone) : null);
  return list(
    'service_requests',
    rows.map((r) =>
      record('request', [
        leaf('service_request_id', r.number),
        leaf('status', r.open ? 'open' : 'closed'),
        leaf('status_notes', publicText(r.statusNotes, r.secrets)),
        leaf('service_name', r.serviceName),
        leaf('service_code', r.serviceCode),
        leaf('description', publicText(r.description, r.secrets)),
        leaf('agency_responsible', r.agency),
        leaf('service_notice', null),
        leaf('requested_datetime', time(r.requestedAt)),
        leaf('updated_datetime', time(r.updatedAt)),
        leaf('expected_datetime', time(r.expectedAt)),
        // typed by the reporter or an operator, so a number or e-mail may be in it; the caller's
        // name is not matched here, where it would blank street names that contain it
        leaf('address', publicText(r.address)),
        leaf('address_id', r.addressId),
        leaf('zipcode', null),
        leaf('lat', r.lat),
        leaf('long', r.lng),
        leaf('media_url', r.mediaUrl),
      ]),
    ),
  );
}

export const GEOREPORT_V2 = 'http://wiki.open311.org/GeoReport_v2';

export function discoveryDocument(d: DiscoveryInfo): O311Node {
  return record('discovery', [
    leaf('changeset', d.changeset),
    leaf('contact', d.contact),
    leaf('key_service', d.keyService),
    list('endpoints', [
      record('endpoint', [
        leaf('specification', GEOREPORT_V2),
        leaf('url', d.url),
        leaf('changeset', d.changeset),
        leaf('type', d.type),
        list('formats', [leaf('format', 'text/xml'), leaf('format', 'application/json')]),
      ]),
    ]),
  ]);
}
