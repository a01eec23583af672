// A deployment writes its own SMS wording in the console (the admin screen of issue 5): saved
// through the API, checked against the segment budget, and used for the next real message —
// the registration SMS the worker renders, the reply to a text. Withdrawn, the shipped one is back.
import { jest } from '@jest/globals';
import { createWorld, logComplaint, uniquePhone, type World } from './factories/world.js';
import { startTestApp, type TestApp } from './utils/test-app.js';
import { waitFor } from './utils/wait.js';

jest.setTimeout(60_000);

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp({ RUN_WORKERS: 'true', SMS_POLL_MS: '50' });
  w = await createWorld(t);
});
afterAll(async () => {
  // the table is shared by every suite's app: leave the shipped wordings in force
  await t?.ds.query(`DELETE FROM sms_wording WHERE text LIKE '%${w?.tag}%'`);
  await t?.close();
});

interface Rendering {
  locale: string;
  body: string;
  segments: number;
  encoding: string;
  text: string;
  custom: boolean;
  updatedBy: string | null;
}
interface Template {
  template: string;
  placeholders: { name: string; required: boolean }[];
  renderings: Rendering[];
}

const admin = () => w.users.admin.auth;
const templates = async () => (await t.http.get('/api/v1/sms/templates').set(admin()).expect(200)).body as { maxSegments: number; refreshSeconds: number; templates: Template[] };
const rendering = (all: Template[], template: string, locale: string) => all.find((x) => x.template === template)!.renderings.find((r) => r.locale === locale)!;
const save = (template: string, locale: string, text: string) => t.http.put(`/api/v1/sms/templates/${template}/${locale}`).set(admin()).send({ text });
const phoneInbox = async (phone: string) =>
  (await t.http.get('/api/v1/sms/sandbox/messages').query({ phone }).set(w.users.operator.auth).expect(200)).body as { direction: string; template: string; body: string }[];

describe("the deployment's own SMS wording", () => {
  it('lists every template with the wording in force, written with its placeholders, and which of them it needs', async () => {
    const { templates: all, refreshSeconds } = await templates();
    expect(refreshSeconds).toBe(30);
    const registered = all.find((x) => x.template === 'registered')!;
    expect(registered.placeholders).toEqual([
      { name: 'hotline', required: true },
      { name: 'number', required: true },
      { name: 'code', required: true },
      { name: 'department', required: false },
      { name: 'due', required: false },
    ]);
    const en = rendering(all, 'help', 'en');
    expect(en.text).toMatch(/^\{hotline\} Hotline: Text a ticket number/);
    expect(en.body).toMatch(/^12345 Hotline: Text a ticket number/);
  });

  it('is used for the registration SMS the worker writes, and the shipped wording is back once it is withdrawn', async () => {
    const text = `【{hotline}】${w.tag}：工单{number}已登记，查询码{code}[，{due}前办结]。`;
    const res = await save('registered', 'zh-CN', text);
    expect(res.status).toBe(200);
    expect(rendering([res.body], 'registered', 'zh-CN')).toMatchObject({ text, custom: true, updatedBy: w.users.admin.id, body: expect.stringMatching(new RegExp(`^【12345】${w.tag}：工单T261122-00427已登记，查询码4821，11月27日\\(周五\\)18:00前办结。$`)) });
    // the other language keeps the shipped wording
    expect(rendering([res.body], 'registered', 'en')).toMatchObject({ custom: false });

    const phone = uniquePhone();
    const { ticket } = await logComplaint(t, w, { callerPhone: phone });
    const [sms] = await waitFor('the registration SMS, written', () => phoneInbox(phone), (m) => !!m[0]?.body);
    expect(sms.template).toBe('registered');
    expect(sms.body.startsWith(`【12345】${w.tag}：工单${ticket.number}已登记，查询码${ticket.accessCode}`)).toBe(true);

    await t.http.delete('/api/v1/sms/templates/registered/zh-CN').set(admin()).expect(204);
    expect((await t.http.delete('/api/v1/sms/templates/registered/zh-CN').set(admin())).body.code).toBe('NO_WORDING');
    expect(rendering((await templates()).templates, 'registered', 'zh-CN')).toMatchObject({ custom: false, text: expect.stringMatching(/^【\{hotline\}】您反映的问题已登记/) });
    const later = uniquePhone();
    await logComplaint(t, w, { callerPhone: later });
    const [shipped] = await waitFor('the next registration SMS, written', () => phoneInbox(later), (m) => !!m[0]?.body);
    expect(shipped.body).toMatch(/^【12345】您反映的问题已登记/);
  });

  it('answers a text in the new words at once', async () => {
    await save('help', 'en', `{hotline} ${w.tag}: text your ticket number[|] to hear how it is going.`).expect(400);
    await save('help', 'en', `{hotline} ${w.tag}: text your ticket number to hear how it is going.`).expect(200);
    const reply = await t.http.post('/api/v1/sms/sandbox/inbound').set(w.users.operator.auth).send({ from: uniquePhone(), body: 'HELP' }).expect(200);
    expect(reply.body).toMatchObject({ template: 'help', reply: `12345 ${w.tag}: text your ticket number to hear how it is going.` });
    await t.http.delete('/api/v1/sms/templates/help/en').set(admin()).expect(204);
  });

  it('previews a draft without saving it, with a real ticket', async () => {
    const { ticket } = await logComplaint(t, w);
    const res = await t.http
      .post('/api/v1/sms/templates/preview')
      .set(admin())
      .send({ template: 'registered', locale: 'en', ticketNumber: ticket.number, text: '{hotline}: ticket {number}, code {code}[, due {due}]' })
      .expect(200);
    expect(res.body).toMatchObject({ body: expect.stringMatching(new RegExp(`^12345: ticket ${ticket.number}, code ${ticket.accessCode}, due \\w{3} \\d+ \\w{3} \\d\\d:\\d\\d$`)), encoding: 'GSM-7', segments: 1 });
    expect(rendering((await templates()).templates, 'registered', 'en').custom).toBe(false);
    const bad = await t.http.post('/api/v1/sms/templates/preview').set(admin()).send({ template: 'registered', locale: 'en', text: '{hotline}: {nmber}' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_WORDING');
  });

  it('refuses a wording it could not send, saying what is wrong at the text field', async () => {
    const missing = await save('registered', 'en', '{hotline}: we have your request.');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'INVALID_WORDING', details: { fields: [{ field: 'text', problems: ["'registered' must contain {number} {code}"] }] } });

    // 500 characters of fixed words: no cutting of the department or the result makes that fit
    const long = await save('resolved', 'zh-CN', `【{hotline}】工单{number}已办结。${'请'.repeat(500)}[回复{rating}]`);
    expect(long.status).toBe(400);
    expect(long.body.code).toBe('WORDING_TOO_LONG');
    expect(long.body.details.fields[0].problems[0]).toMatch(/needs \d+ segments \(UCS-2\); at most 3/);

    expect((await save('no_such_template', 'en', '{hotline}')).body.code).toBe('TEMPLATE_NOT_FOUND');
    expect((await save('help', 'fr', '{hotline}')).body.code).toBe('LOCALE_NOT_FOUND');
    expect((await save('help', 'en', 42 as unknown as string)).status).toBe(400);
    expect(rendering((await templates()).templates, 'resolved', 'zh-CN').custom).toBe(false);
  });

  it('is for admins only', async () => {
    expect((await t.http.put('/api/v1/sms/templates/help/en').set(w.users.supervisor.auth).send({ text: '{hotline}' })).status).toBe(403);
    expect((await t.http.delete('/api/v1/sms/templates/help/en').set(w.users.supervisor.auth)).status).toBe(403);
    expect((await t.http.get('/api/v1/sms/templates').set(w.users.operator.auth)).status).toBe(403);
  });
});
