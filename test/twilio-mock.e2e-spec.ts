// The Twilio peer (Prism on Twilio's OpenAPI + recording proxy) driven by the real `twilio` client
// through RebasedRequestClient: what our SMS code will meet, including Twilio's error shapes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import twilio from 'twilio';
import { RebasedRequestClient } from '../src/sms/twilio-request-client.js';
import { startTwilioMock, type TwilioMock } from './utils/twilio-mock.js';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'test-auth-token';
const FROM = '+15005550006';
const TO = '+8613800138000';
const SID = /^SM[0-9a-fA-F]{32}$/;

describe('Twilio mock peer', () => {
  let mock: TwilioMock;
  let client: twilio.Twilio;

  beforeAll(async () => {
    mock = await startTwilioMock();
    client = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new RebasedRequestClient(mock.url) });
  }, 60_000);

  afterAll(async () => {
    await mock?.stop();
  });

  beforeEach(() => mock.reset());

  it('creates a message with a fresh SM sid and records what was sent', async () => {
    const statusCallback = 'https://hotline.example/sms/status';
    const first = await client.messages.create({ to: TO, from: FROM, body: 'Ticket 42 received', statusCallback });
    const second = await client.messages.create({ to: TO, from: FROM, body: 'again' });

    expect(first.sid).toMatch(SID);
    expect(second.sid).toMatch(SID);
    expect(second.sid).not.toBe(first.sid);
    expect(first).toMatchObject({ to: TO, from: FROM, body: 'Ticket 42 received', status: 'queued', accountSid: ACCOUNT_SID });
    expect(mock.messagesTo(TO)).toHaveLength(2);
    expect(mock.requests[0]).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
      accountSid: ACCOUNT_SID,
      params: { To: TO, From: FROM, Body: 'Ticket 42 received', StatusCallback: statusCallback },
    });
  });

  it('rejects a request without To with 422, as Prism validates it against the spec', async () => {
    // The client checks `to` itself before sending anything...
    // (synchronously: it throws, it does not return a rejected promise)
    expect(() => client.messages.create({ from: FROM, body: 'x' } as never)).toThrow(/params\['to'\].*missing/);
    expect(mock.requests).toHaveLength(0);

    // ...so send the raw request, as a buggy caller would.
    const res = await client.request({
      method: 'post',
      uri: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
      data: { From: FROM, Body: 'x' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toMatchObject({
      status: 422,
      validation: [expect.objectContaining({ message: "Request body must have required property 'To'" })],
    });
  });

  it('turns a schema violation into a RestException with status 422 and no Twilio code', async () => {
    const error = await client.messages.create({ to: TO, from: FROM, body: 'x', statusCallback: 'not a url' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(twilio.RestException);
    // Prism's body is application/problem+json without `code` or `message`, and the client copies
    // them regardless: only the HTTP status survives, even `error.message` is undefined.
    expect(error).toMatchObject({ status: 422, code: undefined, message: undefined });
  });

  it('answers 401 without Basic auth', async () => {
    const res = await fetch(`${mock.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ To: TO, From: FROM, Body: 'x' }),
    });
    expect(res.status).toBe(401);
    expect(mock.requests[0].accountSid).toBeUndefined();
  });

  it('fails the next request with a Twilio error, then recovers', async () => {
    const message = "The 'To' number is not a valid phone number.";
    mock.failNext(1, { status: 400, code: 21211, message });

    const error = await client.messages.create({ to: '+1555', from: FROM, body: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(twilio.RestException);
    expect(error).toMatchObject({ status: 400, code: 21211, message, moreInfo: 'https://www.twilio.com/docs/errors/21211' });

    await expect(client.messages.create({ to: TO, from: FROM, body: 'x' })).resolves.toMatchObject({ sid: expect.stringMatching(SID) });
    expect(mock.requests).toHaveLength(2);
  });

  it('fails with a bare HTTP status', async () => {
    mock.failNext(1, { status: 503 });
    const error = await client.messages.create({ to: TO, from: FROM, body: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, code: 20503, message: 'Service Unavailable' });
  });

  it('delays answers past the client timeout', async () => {
    const impatient = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new RebasedRequestClient(mock.url, { timeout: 200 }) });
    mock.delayNext(1, 1_000);
    const started = Date.now();
    const error = await impatient.messages.create({ to: TO, from: FROM, body: 'x' }).catch((e: unknown) => e);
    // axios' timeout error, not a RestException: no status, code ECONNABORTED
    expect(error).toMatchObject({ code: 'ECONNABORTED', message: expect.stringContaining('timeout') });
    expect(Date.now() - started).toBeLessThan(1_000);
    // Twilio got it anyway, the caller cannot know whether the SMS went out
    expect(mock.messagesTo(TO)).toHaveLength(1);
  });

  it('lists messages to a number on one page', async () => {
    const messages = await client.messages.list({ to: TO, limit: 20 });
    expect(messages.length).toBeLessThanOrEqual(20);
    for (const message of messages) {
      expect(message).toMatchObject({ sid: expect.stringMatching(SID), to: TO, accountSid: ACCOUNT_SID, dateCreated: expect.any(Date) });
    }
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]).toMatchObject({ method: 'GET', params: { To: TO, PageSize: '20' } });
  });
});

describe('RebasedRequestClient', () => {
  it('swaps the origin of any twilio.com URL and keeps path and query', () => {
    const client = new RebasedRequestClient('http://127.0.0.1:4010');
    expect(client.rebase('https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?To=%2B1&PageSize=20')).toBe(
      'http://127.0.0.1:4010/2010-04-01/Accounts/AC1/Messages.json?To=%2B1&PageSize=20',
    );
    expect(client.rebase('https://api.dublin.ie1.twilio.com/v1/x')).toBe('http://127.0.0.1:4010/v1/x');
    expect(client.rebase('https://example.com/v1/x')).toBe('https://example.com/v1/x');
    expect(new RebasedRequestClient('https://proxy.example/twilio/').rebase('https://api.twilio.com/v1/x')).toBe(
      'https://proxy.example/twilio/v1/x',
    );
  });
});
