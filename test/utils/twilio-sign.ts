import { createHmac } from 'node:crypto';

/**
 * X-Twilio-Signature as Twilio computes it (written from Twilio's description, not with the
 * library the service verifies with): HMAC-SHA1 over the full URL followed by each POST
 * parameter's name and value in name order, keyed with the auth token, base64.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, k) => acc + k + params[k], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** The form Twilio posts for an incoming SMS. */
export function inboundForm(from: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
  const sid = `SM${Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('')}`;
  return { ToCountry: 'CN', SmsMessageSid: sid, NumMedia: '0', SmsSid: sid, SmsStatus: 'received', Body: body, To: '+8610123450000', NumSegments: '1', MessageSid: sid, AccountSid: `AC${'0'.repeat(32)}`, From: from, ApiVersion: '2010-04-01', ...extra };
}
