import twilio from 'twilio';
import type RequestClientTypes from 'twilio/lib/base/RequestClient.js';

const { RequestClient } = twilio;

export type TwilioRequestClientOptions = RequestClientTypes.RequestClientOptions;

/**
 * The official Twilio HTTP client, sending to another origin than `https://*.twilio.com`: a
 * regional egress proxy, or a local peer speaking Twilio's API in tests (TWILIO_API_BASE_URL).
 * The client keeps building its URLs (and signing, paging, parsing errors) itself; only the
 * origin is swapped, so path and query reach the other side untouched.
 *
 *   twilio(accountSid, authToken, { httpClient: new RebasedRequestClient('http://127.0.0.1:4010') })
 */
export class RebasedRequestClient extends RequestClient {
  readonly baseUrl: URL;

  constructor(baseUrl: string | URL, options?: TwilioRequestClientOptions) {
    super(options);
    const base = new URL(baseUrl);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new Error(`Twilio API base URL must be http(s), got ${base.protocol}`);
    }
    if (base.search || base.hash) throw new Error('Twilio API base URL must not have a query or fragment');
    this.baseUrl = base;
  }

  override request<TData>(opts: RequestClientTypes.RequestOptions<TData>) {
    return super.request({ ...opts, uri: this.rebase(opts.uri) });
  }

  /** `https://api.twilio.com/2010-04-01/...?x=1` -> `<base>/2010-04-01/...?x=1`; other hosts pass through. */
  rebase(uri: string): string {
    const target = new URL(uri);
    const isTwilio = target.hostname === 'twilio.com' || target.hostname.endsWith('.twilio.com');
    if (target.protocol !== 'https:' || !isTwilio) return uri;
    // A base with a path (a proxy mounted under /twilio) prefixes the original path.
    const prefix = this.baseUrl.pathname.replace(/\/+$/, '');
    return `${this.baseUrl.origin}${prefix}${target.pathname}${target.search}`;
  }
}
