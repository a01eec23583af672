// A reporter who leaves an e-mail address but no phone (Open311 allows it) hears what phone
// callers hear by SMS: the registration with the number and deadline, acceptance, resolution —
// by e-mail over a real SMTP session, retried when the server refuses.
import { jest } from '@jest/globals';
import { act } from './factories/tickets.js';
import { createWorld, type World } from './factories/world.js';
import { startSmtpReceiver, type SmtpReceiver } from './utils/smtp.js';
import { startTestApp, type TestApp } from './utils/test-app.js';
import { waitFor } from './utils/wait.js';

jest.setTimeout(60_000);

let smtp: SmtpReceiver;
let t: TestApp;
let w: World;
let key: string;

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  t = await startTestApp({
    RUN_WORKERS: 'true',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'hotline@city.test',
    SMS_DEFAULT_LOCALE: 'en',
    ALERT_RETRY_BASE_MS: '100',
    DELIVERY_POLL_MS: '50',
  });
  w = await createWorld(t);
  key = (await t.http.post('/api/v1/open311/keys').set(w.users.admin.auth).send({ name: `${w.tag} app` }).expect(201)).body.key;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));
/** The decoded text of a quoted-printable or plain message, without soft line breaks. */
const text = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

describe('e-mail to a reporter without a phone', () => {
  it('tells them the number and deadline on registration, then acceptance and the result without a rating question', async () => {
    const address = `${w.tag}@reporter.test`;
    smtp.refuseNext(address, 1); // the first attempt is refused (451): it is retried, not lost
    const res = await t.http
      .post('/open311/v2/requests.json')
      .type('form')
      .send(new URLSearchParams({ api_key: key, service_code: `${w.tag}.noise`, address_string: '3 Market St', email: address, description: 'Generator running all night' }).toString())
      .expect(201);
    const number: string = JSON.parse(res.text)[0].service_request_id;

    const [registered] = await waitFor('the registration e-mail', async () => mailsTo(address), (m) => m.length >= 1);
    const body = text(registered.raw);
    expect(body).toContain(`Subject: [12345] Ticket ${number} registered`);
    expect(body).toContain(number);
    expect(body).toMatch(/access code \d{4}/);
    expect(body).toContain('replies are not read');

    const { dueAt } = (await t.http.get(`/api/v1/tickets/${number}`).set(w.users.admin.auth).expect(200)).body;
    expect(dueAt).not.toBeNull();

    expect((await act(t, w, number, 'dispatch', 'dispatcher')).status).toBe(200);
    expect((await act(t, w, number, 'accept', 'agentA')).status).toBe(200);
    expect((await act(t, w, number, 'resolve', 'agentA', { resolution: 'The generator was removed' })).status).toBe(200);
    const all = await waitFor('three e-mails', async () => mailsTo(address), (m) => m.length >= 3);
    expect(all.map((m) => /Subject: (.*)/.exec(text(m.raw))![1].trim())).toEqual([
      `[12345] Ticket ${number} registered`,
      `[12345] Ticket ${number} accepted`,
      `[12345] Ticket ${number} resolved`,
    ]);
    const resolved = text(all[2].raw);
    expect(resolved).toContain('The generator was removed');
    expect(resolved).not.toMatch(/How did we do|Reply 1/);

    const detail = (await t.http.get(`/api/v1/tickets/${number}`).set(w.users.admin.auth).expect(200)).body;
    expect(detail.emails.map((e: { template: string; status: string }) => `${e.template}:${e.status}`)).toEqual(['registered:sent', 'accepted:sent', 'resolved:sent']);
    expect(detail.emails[0]).toMatchObject({ to: address, attempts: 2 });
    expect(detail.sms).toEqual([]);
    // an agent sees that e-mails went out, not where
    const asAgent = (await t.http.get(`/api/v1/tickets/${number}`).set(w.users.agentA.auth).expect(200)).body;
    expect(asAgent.emails[0].to).toBeNull();
  });

  it('sends nothing to a reporter who left neither phone nor address', async () => {
    const res = await t.http
      .post('/open311/v2/requests.json')
      .type('form')
      .send(new URLSearchParams({ api_key: key, service_code: `${w.tag}.noise`, lat: '31.2', long: '121.5' }).toString())
      .expect(201);
    const number: string = JSON.parse(res.text)[0].service_request_id;
    expect((await act(t, w, number, 'dispatch', 'dispatcher')).status).toBe(200);
    expect((await act(t, w, number, 'accept', 'agentA')).status).toBe(200);
    const detail = (await t.http.get(`/api/v1/tickets/${number}`).set(w.users.admin.auth).expect(200)).body;
    expect(detail).toMatchObject({ emails: [], sms: [] });
    // the service name stands in for the description the spec lets a client leave out
    expect(detail.description).toBe(`${w.tag}.noise`);
  });
});
