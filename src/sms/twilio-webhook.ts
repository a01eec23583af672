import twilio from 'twilio';

/** What a webhook request needs to be checked: how it reached us and what it posted. */
export interface WebhookRequest {
  /** Path and query as received (`/api/v1/sms/status?m=…`). */
  originalUrl: string;
  /** The request's own scheme and Host header. */
  protocol: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody?: Buffer;
}

const first = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h)?.split(',')[0]?.trim() || undefined;

/**
 * The URLs Twilio may have signed: the configured public URL (the one given to Twilio), and the
 * one the request itself shows — through a reverse proxy by X-Forwarded-Proto/-Host, else by
 * its Host. Twilio's own check then tries each with and without the default port.
 */
export function candidateUrls(req: WebhookRequest, publicBaseUrl?: string): string[] {
  const urls: string[] = [];
  if (publicBaseUrl) urls.push(`${publicBaseUrl}${req.originalUrl}`);
  const proto = first(req.headers['x-forwarded-proto']) ?? req.protocol;
  const host = first(req.headers['x-forwarded-host']) ?? first(req.headers.host);
  if (host) urls.push(`${proto}://${host}${req.originalUrl}`);
  return [...new Set(urls)];
}

/** The posted form exactly as sent: repeated keys kept, nothing nested (Twilio signs the flat form). */
export function formParams(rawBody: Buffer | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(rawBody?.toString('utf8') ?? '')) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}

/** X-Twilio-Signature: HMAC-SHA1 of the URL and the sorted parameters, keyed with the auth token. */
export function verifyTwilioSignature(authToken: string, req: WebhookRequest, params: Record<string, string | string[]>, publicBaseUrl?: string): boolean {
  const signature = first(req.headers['x-twilio-signature']);
  if (!signature) return false;
  return candidateUrls(req, publicBaseUrl).some((url) => twilio.validateRequest(authToken, signature, url, params));
}

// characters XML 1.0 cannot carry at all (controls, lone surrogates, U+FFFE/FFFF): dropped, not escaped
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * The reply Twilio sends for us: `<Response><Message>…</Message></Response>`. Written by hand
 * rather than with the twilio package's XML builder, which costs more than the rest of the reply
 * (bench:sms) and throws on a control character in a note.
 */
export function twimlMessage(body: string | null): string {
  const head = '<?xml version="1.0" encoding="UTF-8"?>';
  if (!body) return `${head}<Response/>`;
  return `${head}<Response><Message>${body.replace(NOT_XML, '').replace(/[&<>]/g, (c) => ENTITIES[c])}</Message></Response>`;
}
