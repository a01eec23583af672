// Callers by SMS through the real `twilio` client against a local peer speaking Twilio's API
// (Prism driven by Twilio's OpenAPI description), on real PostgreSQL and Redis: the outbox,
// delivery reports, signed inbound webhooks answered in TwiML, ratings that close or reopen.
import { jest } from '@jest/globals';
import { formatDue } from '../src/sms/sms-templates.js';
import { formatTicketNumber } from '../src/tickets/ticket-number.js';
import { act } from './factories/tickets.js';
import { createWorld, logComplaint, uniquePhone, type World } from './factories/world.js';
import { startTestApp, type TestApp } from './utils/test-app.js';
import { startTwilioMock, type TwilioMock } from './utils/twilio-mock.js';
import { inboundForm, twilioSignature } from './utils/twilio-sign.js';
import { waitFor } from './utils/wait.js';

jest.setTimeout(60_000);

const TOKEN = 'twilio-test-auth-token-0123456789';
const PUBLIC = 'https://hotline.example.gov';
const FROM = '+8610123450000';
const ZONE = 'Asia/Shanghai';

let mock: TwilioMock;
let t: TestApp;
let w: World;

beforeAll(async () => {
  mock = await startTwilioMock();
  t = await startTestApp({
    TWILIO_ACCOUNT_SID: `AC${'a1'.repeat(16)}`,
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_FROM: FROM,
    PUBLIC_BASE_URL: PUBLIC,
    TWILIO_API_BASE_URL: mock.url,
    RUN_WORKERS: 'true',
    SMS_POLL_MS: '50',
    RECONCILE_INTERVAL_MS: '1000',
  });
  w = await createWorld(t);
});
afterAll(async () => {
  await t?.close();
  await mock?.stop();
});

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** A caller's text as Twilio posts it, signed for the public URL (or as `opts` says). */
async function text(from: string, body: string, opts: { sid?: string; signature?: string; url?: string; headers?: Record<string, string> } = {}) {
  const form = inboundForm(from, body, opts.sid ? { MessageSid: opts.sid, SmsSid: opts.sid, SmsMessageSid: opts.sid } : {});
  const signature = opts.signature ?? twilioSignature(TOKEN, opts.url ?? `${PUBLIC}/api/v1/sms/inbound`, form);
  const res = await t.http.post('/api/v1/sms/inbound').type('form').set({ 'X-Twilio-Signature': signature, ...opts.headers }).send(form);
  return { status: res.status, type: res.headers['content-type'], reply: unescapeXml(/<Message>([\s\S]*)<\/Message>/.exec(res.text)?.[1] ?? ''), xml: res.text };
}

/** Twilio's delivery report for our row `id`, to the callback URL we gave it. */
function report(id: string, sid: string, status: string, extra: Record<string, string> = {}) {
  const form = { MessageSid: sid, SmsSid: sid, MessageStatus: status, SmsStatus: status, AccountSid: `AC${'a1'.repeat(16)}`, From: FROM, ApiVersion: '2010-04-01', ...extra };
  const path = `/api/v1/sms/status?m=${id}`;
  return t.http.post(path).type('form').set('X-Twilio-Signature', twilioSignature(TOKEN, `${PUBLIC}${path}`, form)).send(form);
}

const detail = async (n: string) => (await t.http.get(`/api/v1/tickets/${n}`).set(w.users.admin.auth)).body;
const outbound = async (n: string, template: string) => (await detail(n)).sms.filter((s: { direction: string; template: string }) => s.direction === 'out' && s.template === template);
const sidOf = async (id: string) => ((await t.ds.query(`SELECT provider_sid FROM sms_message WHERE id = $1`, [id]))[0]?.provider_sid as string) ?? null;
const sentTo = (phone: string, n: number) => waitFor(`${n} message(s) to ${phone} at Twilio`, async () => mock.messagesTo(phone), (m) => m.length >= n);

describe('the SMS loop through Twilio', () => {
  it('tells the caller the number, code and deadline, answers a status text, and reopens on a bad rating', async () => {
    const phone = uniquePhone();
    const { ticket } = await logComplaint(t, w, { callerPhone: phone });
    const due = formatDue(new Date(ticket.dueAt!), 'zh-CN', ZONE);

    const [registered] = await sentTo(phone, 1);
    expect(registered.accountSid).toBe(`AC${'a1'.repeat(16)}`);
    expect(registered.params).toMatchObject({ To: phone, From: FROM });
    expect(registered.params.Body).toContain(ticket.number);
    expect(registered.params.Body).toContain(ticket.accessCode);
    expect(registered.params.Body).toContain(due);
    const [row] = await waitFor('the provider sid', () => outbound(ticket.number, 'registered'), (r) => r[0]?.status === 'accepted');
    expect(registered.params.StatusCallback).toBe(`${PUBLIC}/api/v1/sms/status?m=${row.id}`);

    // delivery reports: in order, late, repeated — the row ends at the furthest
    const sid = (await sidOf(row.id))!;
    expect(sid).toMatch(/^SM[0-9a-fA-F]{32}$/);
    expect((await report(row.id, sid, 'delivered')).status).toBe(204);
    expect((await report(row.id, sid, 'sent')).status).toBe(204);
    expect((await report(row.id, sid, 'delivered')).status).toBe(204);
    expect((await outbound(ticket.number, 'registered'))[0].status).toBe('delivered');

    const asked = await text(phone, '查询');
    expect(asked.status).toBe(200);
    expect(asked.type).toMatch(/^text\/xml/);
    expect(asked.reply).toContain(ticket.number);
    expect(asked.reply).toContain(due);

    await act(t, w, ticket.number, 'dispatch', 'dispatcher');
    await act(t, w, ticket.number, 'accept', 'agentA');
    await t.http.post(`/api/v1/tickets/${ticket.number}/notes`).set(w.users.agentA.auth).send({ note: 'Inspectors visit the site on Tuesday', public: true }).expect(201);
    const progress = await text(phone, ticket.number);
    expect(progress.reply).toContain('Inspectors visit the site on Tuesday');

    await act(t, w, ticket.number, 'resolve', 'agentA', { resolution: 'Night work stopped; contractor fined' });
    const messages = await sentTo(phone, 3);
    expect(messages[1].params.Body).toContain(ticket.number); // accepted
    expect(messages[2].params.Body).toContain('Night work stopped');
    expect(messages[2].params.Body).toMatch(/3\s*不满意/); // the rating question, with the unsatisfied answer

    const rated = await text(phone, '3，晚上还是很吵');
    expect(rated.status).toBe(200);
    const after = await detail(ticket.number);
    expect(after.status).toBe('reopened');
    expect(after.ratings).toEqual([expect.objectContaining({ score: 3, satisfied: false, source: 'sms', departmentId: w.departments.a, comment: '3，晚上还是很吵' })]);
    const rectify = after.deadlines.find((d: { stage: string; kind: string; status: string }) => d.stage === 'rectify' && d.kind === 'breach' && d.status === 'pending');
    expect(rectify).toBeDefined();
    expect(after.dueAt).toBe(rectify.dueAt);
    expect(rated.reply).toContain(formatDue(new Date(after.dueAt), 'zh-CN', ZONE));
    const alerts = await t.http.get('/api/v1/alerts').query({ kind: 'bad_rating', ticketNumber: ticket.number }).set(w.users.supervisor.auth);
    expect(alerts.body.items).toEqual([expect.objectContaining({ kind: 'bad_rating' })]);
    // the supervision office (tests share a database with many; production has its one)
    const [office] = await t.ds.query(`SELECT kind FROM department WHERE id = $1`, [alerts.body.items[0].departmentId]);
    expect(office.kind).toBe('supervision');

    // rectified and resolved again: a satisfied rating closes it
    await act(t, w, ticket.number, 'accept', 'agentA');
    await act(t, w, ticket.number, 'resolve', 'agentA', { resolution: 'Noise barrier installed' });
    const thanks = await text(phone, '满意');
    expect(thanks.reply).not.toBe('');
    const closed = await detail(ticket.number);
    expect(closed.status).toBe('closed');
    expect(closed.ratings.map((r: { score: number }) => r.score)).toEqual([3, 1]);
    expect((await text(phone, '1')).reply).toBe((await text(phone, '2')).reply); // nothing left to rate, said the same way
  });

  it('answers a text in the language it is written in', async () => {
    const phone = uniquePhone();
    const { ticket } = await logComplaint(t, w, { callerPhone: phone });
    const en = await text(phone, 'status please');
    expect(en.reply).toContain(formatDue(new Date(ticket.dueAt!), 'en', ZONE));
    const zh = await text(phone, '进度');
    expect(zh.reply).toContain(formatDue(new Date(ticket.dueAt!), 'zh-CN', ZONE));
  });

  it("sends in the caller's own language when the operator recorded it", async () => {
    const phone = uniquePhone();
    const { ticket } = await logComplaint(t, w, { callerPhone: phone, callerLocale: 'en' });
    const [sms] = await sentTo(phone, 1);
    expect(sms.params.Body).toContain(formatDue(new Date(ticket.dueAt!), 'en', ZONE));
    expect((await outbound(ticket.number, 'registered'))[0]).toMatchObject({ locale: 'en', segments: expect.any(Number) });
  });
});

describe('webhook signatures', () => {
  it('refuses a forged or missing signature with 403 and does nothing with the text', async () => {
    const phone = uniquePhone();
    const forged = await text(phone, 'STOP', { signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' });
    expect(forged.status).toBe(403);
    const unsigned = await t.http.post('/api/v1/sms/inbound').type('form').send(inboundForm(phone, 'STOP'));
    expect(unsigned.status).toBe(403);
    expect(unsigned.body.code).toBe('BAD_SIGNATURE');
    const signedForAnotherUrl = await text(phone, 'STOP', { url: 'https://attacker.example/api/v1/sms/inbound' });
    expect(signedForAnotherUrl.status).toBe(403);
    expect(await t.ds.query(`SELECT 1 FROM sms_message WHERE from_phone = $1`, [phone])).toEqual([]);
    expect(await t.ds.query(`SELECT 1 FROM sms_opt_out WHERE phone = $1`, [phone])).toEqual([]);
  });

  it('accepts a request that came through a reverse proxy, signed for the URL the proxy shows', async () => {
    const phone = uniquePhone();
    const viaProxy = await text(phone, 'HELP', { url: 'https://edge.example.gov/api/v1/sms/inbound', headers: { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'edge.example.gov' } });
    expect(viaProxy.status).toBe(200);
    expect(viaProxy.reply).not.toBe('');
    const withPort = await text(phone, 'HELP', { url: `${PUBLIC}:443/api/v1/sms/inbound` });
    expect(withPort.status).toBe(200);
  });

  it('refuses a forged delivery report and leaves the message as it was', async () => {
    const phone = uniquePhone();
    const { ticket } = await logComplaint(t, w, { callerPhone: phone });
    const [row] = await waitFor('sent', () => outbound(ticket.number, 'registered'), (r) => r[0]?.status === 'accepted');
    const res = await t.http.post(`/api/v1/sms/status?m=${row.id}`).type('form').set('X-Twilio-Signature', 'bm90IGEgc2lnbmF0dXJl').send({ MessageSid: 'SMx', MessageStatus: 'failed' });
    expect(res.status).toBe(403);
    expect((await outbound(ticket.number, 'registered'))[0].status).toBe('accepted');
  });

  it('answers a webhook Twilio redelivers with the same reply, processing it once', async () => {
    const phone = uniquePhone();
    const sid = `SM${'b2'.repeat(16)}`.slice(0, 34);
    const first = await text(phone, 'STOP', { sid });
    const again = await text(phone, 'START', { sid }); // a retry carries the same body; even if not, the sid decides
    expect(again.reply).toBe(first.reply);
    expect(await t.ds.query(`SELECT 1 FROM sms_message WHERE provider_sid = $1`, [sid])).toHaveLength(1);
    expect(await t.ds.query(`SELECT 1 FROM sms_opt_out WHERE phone = $1`, [phone])).toHaveLength(1);
  });
});

describe('who may read what', () => {
  it("gives another person's ticket, a wrong code and an unknown number the same answer, and the owner's code works", async () => {
    const owner = uniquePhone();
    const { ticket } = await logComplaint(t, w, { callerPhone: owner, description: 'Secret: my neighbour at No. 5 dumps oil' });
    const stranger = uniquePhone();
    const wrong = ticket.accessCode === '0000' ? '1111' : '0000';
    const noCode = await text(stranger, ticket.number);
    const badCode = await text(stranger, `${ticket.number} ${wrong}`);
    const unknown = await text(stranger, `${formatTicketNumber('991231', 4242)} ${ticket.accessCode}`);
    expect(noCode.reply).not.toBe('');
    expect(badCode.reply).toBe(noCode.reply);
    expect(unknown.reply).toBe(noCode.reply);
    for (const r of [noCode, badCode, unknown]) {
      expect(r.reply).not.toContain(ticket.number);
      expect(r.reply).not.toContain('neighbour');
    }
    const withCode = await text(uniquePhone(), `${ticket.number.toLowerCase().replace('-', ' ')} ${ticket.accessCode}`);
    expect(withCode.reply).toContain(ticket.number);
    expect(withCode.reply).not.toContain('neighbour');
  });

  it('throttles a number that keeps guessing codes, even once it guesses right', async () => {
    const { ticket } = await logComplaint(t, w);
    const guesser = uniquePhone();
    const refused = new Set<string>();
    for (let i = 0; i < t.config.sms.maxFailures; i++) {
      const code = String((Number(ticket.accessCode) + 1 + i) % 10_000).padStart(4, '0');
      refused.add((await text(guesser, `${ticket.number} ${code}`)).reply);
    }
    expect(refused.size).toBe(1);
    const lucky = await text(guesser, `${ticket.number} ${ticket.accessCode}`);
    expect(lucky.reply).not.toContain(ticket.number);
    expect(refused.has(lucky.reply)).toBe(false); // "too many attempts", not the not-found text
    // enumerating sequential numbers from a fresh phone: all refused alike, then throttled
    const walker = uniquePhone();
    const day = ticket.number.slice(1, 7);
    const answers = new Set<string>();
    for (let seq = 1; seq <= t.config.sms.maxFailures; seq++) answers.add((await text(walker, formatTicketNumber(day, seq))).reply);
    expect(answers.size).toBe(1);
    // STOP still works for a throttled number: carriers require it
    expect((await text(guesser, 'STOP')).reply).not.toBe(lucky.reply);
    expect(await t.ds.query(`SELECT 1 FROM sms_opt_out WHERE phone = $1`, [guesser])).toHaveLength(1);
  });
});

describe('the outbox', () => {
  it('retries a send Twilio failed with 503, looking first for the message at Twilio, and sends it once', async () => {
    const phone = uniquePhone();
    mock.failNext(1, { to: phone, status: 503 });
    const { ticket } = await logComplaint(t, w, { callerPhone: phone });
    const [row] = await waitFor('sent after a retry', () => outbound(ticket.number, 'registered'), (r) => r[0]?.status === 'accepted', 20_000);
    expect(row.attempts).toBe(2);
    const toPhone = mock.requests.filter((r) => r.params.To === phone);
    expect(toPhone.map((r) => r.method)).toEqual(['POST', 'GET', 'POST']);
  });

  it("sends a ticket's notifications in the order they were decided, even when the first must be retried", async () => {
    const phone = uniquePhone();
    const { ticket } = await logComplaint(t, w, { callerPhone: phone });
    await sentTo(phone, 1);
    mock.failNext(1, { to: phone, status: 503 }); // the acceptance: retried in 2 s
    await act(t, w, ticket.number, 'dispatch', 'dispatcher');
    await act(t, w, ticket.number, 'accept', 'agentA');
    await act(t, w, ticket.number, 'resolve', 'agentA', { resolution: 'Generator removed' });
    // every POST Twilio saw, the refused one included: registration, acceptance (503), acceptance, resolution
    const posts = await waitFor('4 sends at Twilio', async () => mock.messagesTo(phone), (m) => m.length >= 4, 20_000);
    const accepted = (await outbound(ticket.number, 'accepted'))[0];
    expect(accepted.attempts).toBe(2);
    expect(posts.map((p) => (p.params.Body.includes('Generator removed') ? 'resolved' : p.params.Body === accepted.body ? 'accepted' : 'other'))).toEqual([
      'other',
      'accepted',
      'accepted',
      'resolved',
    ]);
  });

  it('gives up at once on a permanent error, and shows it on the ticket, in the alerts inbox and as a callback task', async () => {
    const phone = uniquePhone();
    mock.failNext(1, { to: phone, status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    const { ticket } = await logComplaint(t, w, { callerPhone: phone });
    const [row] = await waitFor('failed', () => outbound(ticket.number, 'registered'), (r) => r[0]?.status === 'failed');
    expect(row).toMatchObject({ errorCode: 21211, attempts: 1 });
    expect(mock.messagesTo(phone)).toHaveLength(1);
    const d = await detail(ticket.number);
    expect(d.events.map((e: { type: string }) => e.type)).toContain('sms_failed');
    const inbox = await t.http.get('/api/v1/alerts').query({ kind: 'sms_failed', ticketNumber: ticket.number }).set(w.users.operator.auth);
    expect(inbox.body.items).toHaveLength(1);
    const tasks = await t.http.get('/api/v1/callback-tasks').set(w.users.operator.auth);
    expect(tasks.body).toEqual(expect.arrayContaining([expect.objectContaining({ ticketNumber: ticket.number, reason: 'sms_failed', callerPhone: phone })]));
  });

  it('marks a message the carrier could not deliver as failed, once, however often Twilio reports it', async () => {
    const phone = uniquePhone();
    const { ticket } = await logComplaint(t, w, { callerPhone: phone });
    const [row] = await waitFor('sent', () => outbound(ticket.number, 'registered'), (r) => r[0]?.status === 'accepted');
    const sid = (await sidOf(row.id))!;
    await report(row.id, sid, 'undelivered', { ErrorCode: '30003' }).expect(204);
    await report(row.id, sid, 'undelivered', { ErrorCode: '30003' }).expect(204);
    await report(row.id, sid, 'sent').expect(204);
    expect((await outbound(ticket.number, 'registered'))[0]).toMatchObject({ status: 'undelivered', errorCode: 30003 });
    const inbox = await t.http.get('/api/v1/alerts').query({ kind: 'sms_failed', ticketNumber: ticket.number }).set(w.users.operator.auth);
    expect(inbox.body.items).toHaveLength(1);
  });

  it('after a crash mid-send, asks Twilio before sending again', async () => {
    const phone = uniquePhone();
    const { ticket } = await logComplaint(t, w, { callerPhone: phone });
    const [row] = await waitFor('sent', () => outbound(ticket.number, 'registered'), (r) => r[0]?.status === 'accepted');
    // as a sender that died after claiming the row leaves it
    await t.ds.query(`UPDATE sms_message SET status = 'sending', provider_sid = NULL, claimed_at = now() - interval '5 minutes', next_attempt_at = now() - interval '5 minutes' WHERE id = $1`, [row.id]);
    await waitFor('re-sent by the sweep', () => outbound(ticket.number, 'registered'), (r) => r[0]?.status === 'accepted', 20_000);
    expect(mock.requests.filter((r) => r.params.To === phone).map((r) => r.method)).toEqual(['POST', 'GET', 'POST']);
  });

  it('learns an opt-out made at Twilio (error 21610) instead of alerting anyone', async () => {
    const phone = uniquePhone();
    mock.failNext(1, { to: phone, status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    const { ticket } = await logComplaint(t, w, { callerPhone: phone });
    await waitFor('suppressed', () => outbound(ticket.number, 'registered'), (r) => r[0]?.status === 'suppressed');
    expect(await t.ds.query(`SELECT 1 FROM sms_opt_out WHERE phone = $1`, [phone])).toHaveLength(1);
    const inbox = await t.http.get('/api/v1/alerts').query({ kind: 'sms_failed', ticketNumber: ticket.number }).set(w.users.operator.auth);
    expect(inbox.body.items).toEqual([]);
  });

  it('sends nothing but replies to a number that texted STOP, until START', async () => {
    const phone = uniquePhone();
    const { ticket } = await logComplaint(t, w, { callerPhone: phone });
    await sentTo(phone, 1);
    const stop = await text(phone, 'stop');
    expect(stop.reply).not.toBe('');
    const seen = await t.http.get(`/api/v1/callers/${encodeURIComponent(phone)}`).set(w.users.operator.auth);
    expect(seen.body.caller.smsOptedOutAt).toEqual(expect.any(String));
    await act(t, w, ticket.number, 'dispatch', 'dispatcher');
    await act(t, w, ticket.number, 'accept', 'agentA');
    await waitFor('suppressed', () => outbound(ticket.number, 'accepted'), (r) => r[0]?.status === 'suppressed');
    expect((await text(phone, 'status')).reply).toContain(ticket.number); // a reply to their own request still goes
    await text(phone, 'START');
    expect((await t.http.get(`/api/v1/callers/${encodeURIComponent(phone)}`).set(w.users.operator.auth)).body.caller.smsOptedOutAt).toBeNull();
    await act(t, w, ticket.number, 'resolve', 'agentA');
    await sentTo(phone, 2);
    expect(mock.messagesTo(phone)[1].params.Body).toContain(ticket.number);
  });
});
