import twilio from 'twilio';
import { candidateUrls, formParams, twimlMessage, verifyTwilioSignature, type WebhookRequest } from './twilio-webhook.js';

// Twilio's published example (TwilioDevEd/api-snippets, security/signature_validation)
const TOKEN = '12345';
const PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
const SIGNATURE = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';

const req = ({ headers, host, ...over }: Partial<WebhookRequest> & { host?: string } = {}): WebhookRequest => ({
  originalUrl: '/myapp.php?foo=1&bar=2',
  protocol: 'http',
  headers: { host: host ?? 'internal:3000', 'x-twilio-signature': SIGNATURE, ...headers },
  ...over,
});

describe('Twilio webhook signatures', () => {
  it("accepts Twilio's published known-answer vector against the configured public URL", () => {
    expect(verifyTwilioSignature(TOKEN, req(), PARAMS, 'https://mycompany.com')).toBe(true);
  });

  it('accepts the public URL written with its default port (Twilio may sign either form)', () => {
    expect(verifyTwilioSignature(TOKEN, req(), PARAMS, 'https://mycompany.com:443')).toBe(true);
  });

  it('accepts it behind a reverse proxy from X-Forwarded-Proto and X-Forwarded-Host, with no public URL configured', () => {
    expect(verifyTwilioSignature(TOKEN, req({ headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'mycompany.com' } }), PARAMS)).toBe(true);
    // the first hop of a proxy chain is the one Twilio called
    expect(verifyTwilioSignature(TOKEN, req({ headers: { 'x-forwarded-proto': 'https, http', 'x-forwarded-host': 'mycompany.com, lb.internal' } }), PARAMS)).toBe(true);
  });

  it('accepts it from the Host header when the service is reached directly', () => {
    expect(verifyTwilioSignature(TOKEN, req({ protocol: 'https', host: 'mycompany.com' }), PARAMS)).toBe(true);
  });

  it('refuses a changed parameter, an added parameter, a changed query, another token, or no signature', () => {
    expect(verifyTwilioSignature(TOKEN, req(), { ...PARAMS, Digits: '1235' }, 'https://mycompany.com')).toBe(false);
    expect(verifyTwilioSignature(TOKEN, req(), { ...PARAMS, Extra: 'x' }, 'https://mycompany.com')).toBe(false);
    expect(verifyTwilioSignature(TOKEN, req({ originalUrl: '/myapp.php?foo=1&bar=3' }), PARAMS, 'https://mycompany.com')).toBe(false);
    expect(verifyTwilioSignature('54321', req(), PARAMS, 'https://mycompany.com')).toBe(false);
    expect(verifyTwilioSignature(TOKEN, req({ headers: { host: 'x', 'x-twilio-signature': undefined } }), PARAMS, 'https://mycompany.com')).toBe(false);
  });

  it('refuses the right signature for another host (a request replayed against a different deployment)', () => {
    expect(verifyTwilioSignature(TOKEN, req(), PARAMS, 'https://othercompany.com')).toBe(false);
  });

  it('lists the configured URL first, then the one the request shows, without repeats', () => {
    expect(candidateUrls(req({ protocol: 'https', host: 'mycompany.com' }), 'https://mycompany.com')).toEqual(['https://mycompany.com/myapp.php?foo=1&bar=2']);
    expect(candidateUrls(req(), 'https://public.example')).toEqual(['https://public.example/myapp.php?foo=1&bar=2', 'http://internal:3000/myapp.php?foo=1&bar=2']);
  });
});

describe('webhook form parameters', () => {
  it('keeps the form flat and exact: bracketed names stay names, repeated names keep every value', () => {
    const p = formParams(Buffer.from('Body=a%5Bb%5D%3D1&Foo%5Bbar%5D=2&MediaUrl=x&MediaUrl=y&Empty='));
    expect(p).toEqual({ Body: 'a[b]=1', 'Foo[bar]': '2', MediaUrl: ['x', 'y'], Empty: '' });
  });

  it('decodes UTF-8 and plus-encoded spaces as Twilio sends them', () => {
    expect(formParams(Buffer.from('Body=%E6%9F%A5%E8%AF%A2+T261122')).Body).toBe('查询 T261122');
    expect(formParams(undefined)).toEqual({});
  });
});

describe('TwiML replies', () => {
  it('escapes the reply text, so a body can never break out of the XML', () => {
    const xml = twimlMessage('a <b> & "c" 】【');
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Message>a &lt;b&gt; &amp; "c" 】【</Message></Response>');
  });

  it('drops characters XML cannot carry (a control character pasted into a note) instead of failing', () => {
    expect(twimlMessage('a\u0000b\u0007c\td\ne \uD800f 😀')).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Message>abc\td\ne f 😀</Message></Response>');
  });

  it('is the same document the twilio package builds', () => {
    const body = '【12345】工单 T261122-00421 <办理中> & "ok" \'fine\'';
    const reference = new twilio.twiml.MessagingResponse();
    reference.message(body);
    expect(twimlMessage(body)).toBe(reference.toString());
  });

  it('answers with an empty Response when there is nothing to say', () => {
    expect(twimlMessage(null)).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });
});
