import type { CountryCode } from 'libphonenumber-js';
import { textablePhone } from '../callers/phone.js';
import { badRequest } from '../common/domain-error.js';
import type { Open311Extra, Registration } from '../calls/calls.service.js';
import { formParams } from '../sms/twilio-webhook.js';
import type { ServiceRow } from './open311-documents.js';
import { checkAnswers } from './service-attributes.js';

/** A posted request: its plain fields (first value of each), its `attribute[code]` answers, and the fields that carried files. */
export interface PostedParams {
  single: Record<string, string | undefined>;
  attributes: Record<string, string[]>;
  uploads: string[];
}

// attribute[CODE]=v, attribute[CODE][]=v (a multivaluelist, as the spec writes it), and
// attribute[CODE][0]=v as PHP's http_build_query and axios write lists
const ATTRIBUTE_KEY = /^attribute\[([^\]]+)\](\[\d*\])?$/;

function collect(entries: Iterable<[string, unknown]>): PostedParams {
  // no prototype: a posted attribute[constructor] or attribute[__proto__] is just a name
  const single: Record<string, string | undefined> = Object.create(null);
  const attributes: Record<string, string[]> = Object.create(null);
  const add = (code: string, v: unknown) => (attributes[code] ??= []).push(...(Array.isArray(v) ? v : [v]).map(String));
  for (const [k, v] of entries) {
    const m = ATTRIBUTE_KEY.exec(k);
    if (m) add(m[1], v);
    else if (k === 'attribute' && v && typeof v === 'object' && !Array.isArray(v)) {
      // a JSON body's {"attribute": {"CODE": "v"}}
      for (const [code, value] of Object.entries(v)) add(code, value);
    } else if (v !== null && v !== undefined && single[k] === undefined) {
      single[k] = String(Array.isArray(v) ? v[0] : v);
    }
  }
  return { single, attributes, uploads: [] };
}

/**
 * The spec posts `application/x-www-form-urlencoded`; the raw form is read here so repeated and
 * bracketed keys arrive as sent. A JSON object body is taken too. The query string may carry
 * api_key and jurisdiction_id, as clients built for GET-style keys send them.
 */
export function postedParams(rawBody: Buffer | undefined, contentType: string | undefined, body: unknown, query: Record<string, unknown>): PostedParams {
  const fromBody = /^application\/json/i.test(contentType ?? '')
    ? collect(Object.entries(body && typeof body === 'object' ? body : {}))
    : /^multipart\/form-data/i.test(contentType ?? '')
      ? fromMultipart(multipartParts(Buffer.isBuffer(body) ? body : Buffer.alloc(0), contentType!))
      : collect(Object.entries(formParams(rawBody)));
  for (const key of ['api_key', 'jurisdiction_id']) {
    const q = query[key];
    if (fromBody.single[key] === undefined && typeof q === 'string') fromBody.single[key] = q;
  }
  return fromBody;
}

interface MultipartPart {
  name: string;
  /** Set for a file part; its content is not read. */
  filename: boolean;
  value: string;
}

function fromMultipart(parts: MultipartPart[]): PostedParams {
  const params = collect(parts.filter((p) => !p.filename).map((p) => [p.name, p.value]));
  params.uploads = parts.filter((p) => p.filename).map((p) => p.name);
  return params;
}

/**
 * The named parts of a multipart/form-data body (RFC 7578), as mobile 311 apps post a report with
 * its photo. Files are not kept (the spec carries media by media_url): a file part comes back with
 * its field name only, so the notice can say the upload was not stored.
 */
export function multipartParts(raw: Buffer, contentType: string): MultipartPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) throw badRequest('MALFORMED_BODY', 'multipart/form-data without a boundary');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: MultipartPart[] = [];
  let at = raw.indexOf(delimiter);
  while (at !== -1) {
    let start = at + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === '--') break; // the closing delimiter
    start += raw[start] === 13 ? 2 : 1; // CRLF after the delimiter (a bare LF is tolerated)
    const next = raw.indexOf(delimiter, start);
    if (next === -1) throw badRequest('MALFORMED_BODY', 'multipart/form-data body ends without its closing boundary');
    const part = raw.subarray(start, next);
    const headEnd = part.indexOf('\r\n\r\n');
    if (headEnd !== -1) {
      const head = part.subarray(0, headEnd).toString('utf8');
      const name = /content-disposition:[^\r\n]*?\bname="([^"]*)"/i.exec(head)?.[1];
      const filename = /content-disposition:[^\r\n]*?\bfilename\*?=/i.test(head);
      // the part's content ends with the CRLF that belongs to the next delimiter
      let end = part.length;
      if (part[end - 2] === 13 && part[end - 1] === 10) end -= 2;
      if (name !== undefined) parts.push({ name, filename, value: filename ? '' : part.subarray(headEnd + 4, end).toString('utf8') });
    }
    at = next;
  }
  return parts;
}

const EMAIL = /^[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+$/;

type RegistrationFields = Pick<Registration, 'phone' | 'email' | 'callerName' | 'description' | 'address' | 'lat' | 'lng'>;

export interface ParsedRequest {
  registration: RegistrationFields;
  extra: Omit<Open311Extra, 'token' | 'apiKeyId'>;
  /** What was given but not used, to say so in the service notice rather than refuse the report. */
  ignored: string[];
}

/**
 * Checks a posted service request against the spec and the service's definition. Every problem
 * is reported at once (the spec's error list), each naming its field.
 */
export function parseServiceRequest(p: PostedParams, service: ServiceRow, country: CountryCode): ParsedRequest {
  const problems: string[] = [];
  const ignored: string[] = [];
  const text = (field: string, max: number): string | null => {
    const v = p.single[field]?.trim();
    if (!v) return null;
    if (v.length > max) problems.push(`${field}: at most ${max} characters`);
    return v.slice(0, max);
  };
  const coordinate = (field: string, limit: number): number | null => {
    const raw = p.single[field]?.trim();
    if (!raw) return null;
    const n = Number(raw);
    if (!/^[+-]?\d+(\.\d+)?$/.test(raw) || Math.abs(n) > limit) {
      problems.push(`${field}: "${raw}" is not a WGS84 ${field === 'lat' ? 'latitude (-90 to 90)' : 'longitude (-180 to 180)'}`);
      return null;
    }
    return n;
  };
  const lat = coordinate('lat', 90);
  const lng = coordinate('long', 180);
  const address = text('address_string', 500);
  const addressId = text('address_id', 100);
  const hasLat = !!p.single.lat?.trim();
  const hasLng = !!p.single.long?.trim();
  if (hasLat !== hasLng) problems.push('lat, long: both are needed, or neither');
  if (!(hasLat && hasLng) && !address && !addressId) {
    problems.push('location: give lat and long, or address_string, or address_id');
  }
  const email = text('email', 254);
  if (email && !EMAIL.test(email)) problems.push(`email: "${email}" is not an e-mail address`);
  // an optional contact that cannot be texted does not cost the citizen their report
  let phone: string | null = null;
  const phoneText = text('phone', 40);
  if (phoneText) {
    const r = textablePhone(phoneText, country);
    if (r.ok) phone = r.e164;
    else ignored.push(`phone: ${r.reason}`);
  }
  const name = [text('first_name', 100), text('last_name', 100)].filter(Boolean).join(' ') || null;
  // the spec's limit; free text with line breaks but no markup
  const description = text('description', 4000);
  const mediaUrl = text('media_url', 2000);
  if (mediaUrl && !isHttpUrl(mediaUrl)) problems.push(`media_url: "${mediaUrl}" is not an http(s) URL`);
  const deviceId = text('device_id', 200);
  const accountId = text('account_id', 200);
  for (const field of new Set(p.uploads)) ignored.push(`${field}: uploaded files are not stored; link the photo with media_url`);
  const checked = checkAnswers(service.attributes, p.attributes);
  problems.push(...checked.problems);
  ignored.push(...checked.ignored);
  if (problems.length) throw badRequest('INVALID_SERVICE_REQUEST', problems.join('; '), { problems });
  return {
    registration: { phone, email, callerName: name, description: description ?? service.name, address: address ?? null, lat, lng },
    extra: { addressId, mediaUrl, deviceId, accountId, attributes: checked.answers },
    ignored,
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
