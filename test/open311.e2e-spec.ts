// Open311 GeoReport v2 contract tests, from the spec (http://wiki.open311.org/GeoReport_v2):
// every method in both formats, its errors, and a request filed through it worked like any
// other ticket. XML is checked well-formed by a real parser and read by the spec's element names.
import { jest } from '@jest/globals';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { act } from './factories/tickets.js';
import { createWorld, logComplaint, uniquePhone, type World } from './factories/world.js';
import { startTestApp, type TestApp } from './utils/test-app.js';

jest.setTimeout(60_000);

const JURISDICTION = 'test.city.gov';
let t: TestApp;
let w: World;
let key: string;

// every leaf as text, lists as arrays: the spec's XML read without guessing
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format'].includes(name) });

function parseXml(res: { text: string; headers: Record<string, string> }) {
  expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
  expect(res.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  expect(XMLValidator.validate(res.text)).toBe(true);
  return xml.parse(res.text);
}

function parseJson(res: { text: string; headers: Record<string, string> }) {
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  return JSON.parse(res.text);
}

const post = (fields: Record<string, string>, format = 'json', apiKey: string | null = key) =>
  t.http
    .post(`/open311/v2/requests.${format}`)
    .type('form')
    .send(new URLSearchParams({ ...(apiKey ? { api_key: apiKey } : {}), ...fields }).toString());

const postRaw = (body: string, format = 'json', contentType = 'application/x-www-form-urlencoded; charset=utf-8', query = '') =>
  t.http.post(`/open311/v2/requests.${format}${query}`).set('content-type', contentType).send(body);

const issueKey = async (name: string, rateLimitPerMinute?: number) =>
  (await t.http.post('/api/v1/open311/keys').set(w.users.admin.auth).send({ name, rateLimitPerMinute }).expect(201)).body as { id: string; key: string; prefix: string };

const ticketOf = async (number: string) => (await t.http.get(`/api/v1/tickets/${number}`).set(w.users.admin.auth).expect(200)).body;

beforeAll(async () => {
  t = await startTestApp({ OPEN311_JURISDICTION_ID: JURISDICTION, OPEN311_CONTACT: 'api@test.city.gov', SMS_DEFAULT_LOCALE: 'en' });
  w = await createWorld(t);
  // the noise category asks two questions; the water one none
  await t.http
    .patch(`/api/v1/categories/${w.tag}.noise`)
    .set(w.users.admin.auth)
    .send({
      description: 'Noise from building sites, bars or neighbours',
      keywords: 'noise, construction, night',
      attributes: [
        { code: 'WHEN', datatype: 'singlevaluelist', required: true, order: 1, description: 'When does it happen?', values: [{ key: 'night', name: 'At night' }, { key: 'day', name: 'In the day' }] },
        { code: 'SOURCES', datatype: 'multivaluelist', order: 2, description: 'What makes the noise?', values: [{ key: 'drill', name: 'Drilling' }, { key: 'truck', name: 'Trucks' }] },
        { code: 'DB', datatype: 'number', order: 3, description: 'Measured level in dB, if known' },
      ],
    })
    .expect(200);
  key = (await issueKey(`${w.tag} city app`)).key;
});
afterAll(async () => {
  await t?.close();
});

const noiseRequest = (over: Record<string, string> = {}) => ({
  service_code: `${w.tag}.noise`,
  lat: '39.9042',
  long: '116.4074',
  address_string: '1 Chang’an Avenue, Dongcheng',
  description: 'Pile driver running after midnight',
  'attribute[WHEN]': 'night',
  ...over,
});

describe('service discovery', () => {
  it('describes the endpoint, its formats, contact and changeset in XML and JSON', async () => {
    const doc = parseXml(await t.http.get('/open311/discovery.xml').expect(200)).discovery;
    expect(doc.contact).toBe('api@test.city.gov');
    expect(doc.key_service).toBeTruthy();
    expect(doc.changeset).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const [endpoint] = doc.endpoints.endpoint;
    expect(endpoint).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production' });
    expect(endpoint.url).toMatch(/^http:\/\/.+\/open311\/v2$/);
    expect(endpoint.formats.format).toEqual(['text/xml', 'application/json']);

    const json = parseJson(await t.http.get('/open311/discovery.json').expect(200));
    expect(json).toMatchObject({ contact: 'api@test.city.gov', changeset: doc.changeset });
    expect(json.endpoints).toEqual([{ specification: 'http://wiki.open311.org/GeoReport_v2', url: expect.stringMatching(/\/open311\/v2$/), changeset: doc.changeset, type: 'production', formats: ['text/xml', 'application/json'] }]);
  });
});

describe('GET services', () => {
  it('lists the active leaf categories with metadata where a definition exists, in both formats', async () => {
    const services = parseXml(await t.http.get('/open311/v2/services.xml').query({ jurisdiction_id: JURISDICTION }).expect(200)).services.service;
    const ours = services.filter((s: { service_code: string }) => s.service_code.startsWith(`${w.tag}.`));
    expect(ours.map((s: { service_code: string }) => s.service_code).sort()).toEqual([`${w.tag}.noise`, `${w.tag}.other`, `${w.tag}.water`]);
    const noise = ours.find((s: { service_code: string }) => s.service_code === `${w.tag}.noise`);
    expect(noise).toEqual({
      service_code: `${w.tag}.noise`,
      service_name: `${w.tag}.noise`,
      description: 'Noise from building sites, bars or neighbours',
      metadata: 'true',
      type: 'realtime',
      keywords: 'noise, construction, night',
      group: w.tag,
    });
    expect(ours.find((s: { service_code: string }) => s.service_code === `${w.tag}.water`).metadata).toBe('false');
    // the root has children: it is a group, not a service
    expect(services.some((s: { service_code: string }) => s.service_code === w.tag)).toBe(false);

    const res = await t.http.get('/open311/v2/services.json').set('Origin', 'https://app.example.org').expect(200);
    // public data, readable by web apps on any origin
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const json = parseJson(res);
    expect(json.find((s: { service_code: string }) => s.service_code === `${w.tag}.noise`)).toMatchObject({ metadata: true, type: 'realtime', group: w.tag });
  });

  it('gives the service definition with typed attributes and their values', async () => {
    const def = parseXml(await t.http.get(`/open311/v2/services/${w.tag}.noise.xml`).expect(200)).service_definition;
    expect(def.service_code).toBe(`${w.tag}.noise`);
    const [when, sources, db] = def.attributes.attribute;
    expect(when).toMatchObject({ variable: 'true', code: 'WHEN', datatype: 'singlevaluelist', required: 'true', order: '1', description: 'When does it happen?' });
    expect(when.values.value).toEqual([{ key: 'night', name: 'At night' }, { key: 'day', name: 'In the day' }]);
    expect(sources).toMatchObject({ code: 'SOURCES', datatype: 'multivaluelist', required: 'false' });
    expect(db).toMatchObject({ code: 'DB', datatype: 'number', datatype_description: '' });

    const json = parseJson(await t.http.get(`/open311/v2/services/${w.tag}.noise.json`).expect(200));
    expect(json.attributes[0]).toEqual({
      variable: true,
      code: 'WHEN',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: null,
      order: 1,
      description: 'When does it happen?',
      values: [{ key: 'night', name: 'At night' }, { key: 'day', name: 'In the day' }],
    });
    expect(parseJson(await t.http.get(`/open311/v2/services/${w.tag}.water.json`).expect(200))).toEqual({ service_code: `${w.tag}.water`, attributes: [] });
  });

  it('answers an unknown service or jurisdiction with 404 in the spec error format', async () => {
    const res = await t.http.get(`/open311/v2/services/${w.tag}.nothing.xml`).expect(404);
    const [error] = parseXml(res).errors.error;
    expect(error.code).toBe('404');
    expect(error.description).toContain(`${w.tag}.nothing`);
    const json = await t.http.get('/open311/v2/services.json').query({ jurisdiction_id: 'elsewhere.gov' }).expect(404);
    expect(parseJson(json)).toEqual([{ code: 404, description: expect.stringContaining('elsewhere.gov') }]);
    expect(parseXml(await t.http.get('/open311/v2/nothing.xml').expect(404)).errors.error[0].code).toBe('404');
  });
});

describe('POST requests', () => {
  it('files a request as a ticket on the channel open311, routed and clocked, and answers with its id', async () => {
    const phone = uniquePhone();
    const res = await post(noiseRequest({ jurisdiction_id: JURISDICTION, phone, first_name: 'Mei', last_name: 'Wang', email: 'mei@example.org', 'attribute[SOURCES][]': 'drill', media_url: 'https://img.example.org/1.jpg' }), 'xml');
    expect(res.status).toBe(201);
    const [created] = parseXml(res).service_requests.request;
    expect(created.service_request_id).toMatch(/^T\d{6}-\d+$/);
    expect(created.token).toBeUndefined();
    const ticket = await ticketOf(created.service_request_id);
    expect(created.service_notice).toContain(created.service_request_id);
    expect(ticket).toMatchObject({ channel: 'open311', kind: 'complaint', status: 'registered', firstContactUserId: null, address: '1 Chang’an Avenue, Dongcheng', lat: 39.9042, lng: 116.4074 });
    expect(ticket.dueAt).not.toBeNull();
    expect(ticket.open311).toMatchObject({ apiKeyName: `${w.tag} city app`, mediaUrl: 'https://img.example.org/1.jpg', attributes: { WHEN: 'night', SOURCES: ['drill'] }, email: 'mei@example.org' });
    // the reporter gave a phone: they are told the number and the deadline by SMS, as phone callers are
    const sms = await t.ds.query(`SELECT to_phone, template FROM sms_message WHERE ticket_id = $1`, [ticket.id]);
    expect(sms).toEqual([{ to_phone: phone, template: 'registered' }]);
    // in the operator's lists like any ticket
    const listed = await t.http.get('/api/v1/tickets').query({ categoryCode: `${w.tag}.noise`, channel: 'open311' }).set(w.users.operator.auth).expect(200);
    expect(listed.body.items.map((i: { number: string }) => i.number)).toContain(created.service_request_id);
  });

  it('takes a JSON response, a reporter with only an e-mail address, and a multivaluelist answer', async () => {
    const res = await post(noiseRequest({ email: 'anon@example.org', 'attribute[SOURCES][]': 'truck' }));
    expect(res.status).toBe(201);
    const [created] = parseJson(res);
    expect(Object.keys(created)).toEqual(['service_request_id', 'service_notice', 'account_id']);
    const ticket = await ticketOf(created.service_request_id);
    expect(ticket.open311.attributes).toEqual({ WHEN: 'night', SOURCES: ['truck'] });
    expect(await t.ds.query(`SELECT 1 FROM sms_message WHERE ticket_id = $1`, [ticket.id])).toEqual([]);
    expect((await t.ds.query(`SELECT phone, email FROM caller WHERE id = $1`, [ticket.callerId]))[0]).toEqual({ phone: null, email: 'anon@example.org' });
  });

  it('needs a valid, unrevoked api_key: 403 otherwise', async () => {
    const missing = await post(noiseRequest(), 'xml', null);
    expect(missing.status).toBe(403);
    expect(parseXml(missing).errors.error[0]).toMatchObject({ code: '403', description: expect.stringContaining('api_key') });
    expect((await post(noiseRequest(), 'json', 'o311_not-a-real-key')).status).toBe(403);
    const revoked = await issueKey(`${w.tag} old app`);
    expect((await post(noiseRequest(), 'json', revoked.key)).status).toBe(201);
    await t.http.post(`/api/v1/open311/keys/${revoked.id}/revoke`).set(w.users.admin.auth).expect(201);
    expect(parseJson(await post(noiseRequest(), 'json', revoked.key).expect(403))).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
  });

  it('refuses a bad request with 400 and one error per problem; an unknown service is 404', async () => {
    const noLocation = await post({ service_code: `${w.tag}.water`, description: 'x' });
    expect(noLocation.status).toBe(400);
    expect(parseJson(noLocation)).toEqual([{ code: 400, description: expect.stringContaining('location') }]);

    const several = await post({ service_code: `${w.tag}.noise`, lat: '95', long: '116', 'attribute[SOURCES][]': 'boombox', 'attribute[DB]': 'loud', email: 'not-an-address' }, 'xml');
    expect(several.status).toBe(400);
    const descriptions = parseXml(several).errors.error.map((e: { description: string }) => e.description);
    expect(descriptions).toEqual(
      expect.arrayContaining([expect.stringMatching(/^lat:/), expect.stringMatching(/^email:/), expect.stringMatching(/^attribute\[WHEN\]: required/), expect.stringMatching(/^attribute\[SOURCES\]: "boombox"/), expect.stringMatching(/^attribute\[DB\]: "loud" is not a number/)]),
    );
    expect(descriptions).toHaveLength(5);

    expect((await post({ service_code: `${w.tag}.water`, lat: '39.9' })).status).toBe(400);
    expect((await post({ address_string: 'x' })).status).toBe(400);
    const unknown = await post({ service_code: `${w.tag}.nothing`, address_string: 'x' });
    expect(unknown.status).toBe(404);
    expect(parseJson(unknown)[0].description).toContain('service_code');
    expect((await post({ service_code: `${w.tag}.water`, address_string: 'x', jurisdiction_id: 'elsewhere.gov' })).status).toBe(404);
  });

  it('limits each key to its rate per minute with the spec\'s 400 and a Retry-After', async () => {
    const slow = await issueKey(`${w.tag} slow app`, 2);
    const request = noiseRequest();
    expect((await post(request, 'json', slow.key)).status).toBe(201);
    expect((await post(request, 'json', slow.key)).status).toBe(201);
    const limited = await post(request, 'xml', slow.key);
    expect(limited.status).toBe(400);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(parseXml(limited).errors.error[0].description).toContain('2 requests a minute');
    // another key is not slowed by this one
    expect((await post(request, 'json', key)).status).toBe(201);
  });
});

describe('GET requests and a request', () => {
  it('reads a request back through its life: open, dispatched, resolved — closed with the notes, expected_datetime the committed deadline', async () => {
    const phone = uniquePhone();
    const [created] = parseJson(await post(noiseRequest({ phone, first_name: 'Li', email: 'li@example.org', description: 'Drilling again, call me on 13912345678' })).expect(201));
    const id = created.service_request_id;
    const read = async () => parseJson(await t.http.get(`/open311/v2/requests/${id}.json`).expect(200))[0];

    const fresh = await read();
    const ticket = await ticketOf(id);
    expect(fresh).toMatchObject({ service_request_id: id, status: 'open', service_code: `${w.tag}.noise`, agency_responsible: null, lat: 39.9042, long: 116.4074 });
    expect(Date.parse(fresh.expected_datetime)).toBe(Date.parse(ticket.dueAt));
    expect(fresh.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    // nothing personal: not the name, phone or e-mail posted, nor a phone number written in the description
    const raw = (await t.http.get(`/open311/v2/requests/${id}.xml`).expect(200)).text;
    for (const secret of ['Li', phone, phone.slice(3), 'li@example.org', '13912345678']) expect(raw).not.toContain(`>${secret}<`);
    expect(raw).not.toContain('13912345678');
    expect(raw).not.toContain(phone.slice(3));

    expect((await act(t, w, id, 'dispatch', 'dispatcher')).status).toBe(200);
    expect((await act(t, w, id, 'accept', 'agentA')).status).toBe(200);
    await t.http.post(`/api/v1/tickets/${id}/notes`).set(w.users.agentA.auth).send({ note: 'Inspector visits tonight', public: true }).expect(201);
    await t.http.post(`/api/v1/tickets/${id}/notes`).set(w.users.agentA.auth).send({ note: 'internal: site manager is difficult' }).expect(201);
    const working = await read();
    expect(working).toMatchObject({ status: 'open', status_notes: 'Inspector visits tonight', agency_responsible: `${w.tag}-a` });

    // an approved extension moves the deadline, and expected_datetime with it
    const asked = await t.http.post(`/api/v1/tickets/${id}/extension-requests`).set(w.users.agentA.auth).send({ reason: 'Waiting for the noise survey', additionalWorkingDays: 2 }).expect(201);
    await t.http.post(`/api/v1/extension-requests/${asked.body.id}/approve`).set(w.users.supervisor.auth).send({}).expect(200);
    const extended = await ticketOf(id);
    expect(Date.parse(extended.dueAt)).toBeGreaterThan(Date.parse(ticket.dueAt));
    expect(Date.parse((await read()).expected_datetime)).toBe(Date.parse(extended.dueAt));

    expect((await act(t, w, id, 'resolve', 'agentA', { resolution: 'Night work stopped; the site was fined' })).status).toBe(200);
    const done = parseXml(await t.http.get(`/open311/v2/requests/${id}.xml`).expect(200)).service_requests.request[0];
    expect(done).toMatchObject({ service_request_id: id, status: 'closed', status_notes: 'Night work stopped; the site was fined' });
    const resolved = await ticketOf(id);
    expect(Date.parse(done.updated_datetime)).toBe(Math.floor(Date.parse(resolved.resolvedAt) / 1000) * 1000);
    expect(Object.keys(done)).toEqual([
      'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
      'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
    ]);
  });

  /** A request filed through Open311, dispatched and accepted by department A; `read` is its JSON record. */
  async function acceptedRequest() {
    const [created] = parseJson(await post(noiseRequest()).expect(201));
    const id: string = created.service_request_id;
    const read = async () => parseJson(await t.http.get(`/open311/v2/requests/${id}.json`).expect(200))[0];
    expect((await act(t, w, id, 'dispatch', 'dispatcher')).status).toBe(200);
    expect((await act(t, w, id, 'accept', 'agentA')).status).toBe(200);
    return { id, read };
  }

  it('leaves expected_datetime empty while the ticket is suspended, and gives the moved deadline once it resumes', async () => {
    const { id, read } = await acceptedRequest();
    expect((await act(t, w, id, 'suspend', 'agentA', { reason: 'court ruling pending' })).status).toBe(200);
    expect(await read()).toMatchObject({ status: 'open', expected_datetime: null });
    const resumed = (await act(t, w, id, 'resume', 'agentA')).body;
    expect(Date.parse((await read()).expected_datetime)).toBe(Date.parse(resumed.dueAt));
  });

  it('does not show a resolution that a reopen withdrew: status_notes is then the latest public progress note', async () => {
    const { id, read } = await acceptedRequest();
    await t.http.post(`/api/v1/tickets/${id}/notes`).set(w.users.agentA.auth).send({ note: 'Crew booked for Tuesday', public: true }).expect(201);
    expect((await act(t, w, id, 'resolve', 'agentA', { resolution: 'Noise barrier installed' })).status).toBe(200);
    expect(await read()).toMatchObject({ status: 'closed', status_notes: 'Noise barrier installed' });
    expect((await act(t, w, id, 'reopen', 'operator')).status).toBe(200);
    // open again: the withdrawn resolution would contradict the status
    expect(await read()).toMatchObject({ status: 'open', status_notes: 'Crew booked for Tuesday' });
    expect((await act(t, w, id, 'dispatch', 'dispatcher')).status).toBe(200);
    expect((await act(t, w, id, 'accept', 'agentA')).status).toBe(200);
    expect((await act(t, w, id, 'resolve', 'agentA', { resolution: 'Barrier raised to 3 m' })).status).toBe(200);
    expect(await read()).toMatchObject({ status: 'closed', status_notes: 'Barrier raised to 3 m' });
  });

  it('filters by ids, service code, status and dates within the 90-day window', async () => {
    const [a] = parseJson(await post(noiseRequest()).expect(201));
    const [b] = parseJson(await post({ service_code: `${w.tag}.other`, address_string: 'Riverside 3' }).expect(201));
    expect((await act(t, w, b.service_request_id, 'close', 'supervisor')).status).toBe(200);

    const byIds = parseJson(await t.http.get('/open311/v2/requests.json').query({ service_request_id: `${a.service_request_id},${b.service_request_id.toLowerCase()}`, status: 'open' }).expect(200));
    // service_request_id overrides every other argument, status included
    expect(byIds.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual([a.service_request_id, b.service_request_id].sort());

    const other = parseXml(await t.http.get('/open311/v2/requests.xml').query({ service_code: `${w.tag}.other` }).expect(200)).service_requests.request;
    expect(other.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([b.service_request_id]);
    expect(other[0]).toMatchObject({ status: 'closed', address: 'Riverside 3', lat: '' });

    const open = parseJson(await t.http.get('/open311/v2/requests.json').query({ service_code: `${w.tag}.other,${w.tag}.noise`, status: 'open' }).expect(200));
    expect(open.every((r: { status: string }) => r.status === 'open')).toBe(true);
    expect(open.map((r: { service_request_id: string }) => r.service_request_id)).toContain(a.service_request_id);
    const closed = parseJson(await t.http.get('/open311/v2/requests.json').query({ service_code: `${w.tag}.other`, status: 'closed' }).expect(200));
    expect(closed.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([b.service_request_id]);

    const past = parseJson(await t.http.get('/open311/v2/requests.json').query({ service_code: `${w.tag}.noise`, start_date: '2020-01-01T00:00:00Z', end_date: '2020-03-01T00:00:00+08:00' }).expect(200));
    expect(past).toEqual([]);
    const tooLong = await t.http.get('/open311/v2/requests.xml').query({ start_date: '2020-01-01T00:00:00Z', end_date: '2020-06-01T00:00:00Z' }).expect(400);
    expect(parseXml(tooLong).errors.error[0].description).toContain('90 days');
    expect((await t.http.get('/open311/v2/requests.json').query({ start_date: 'yesterday' })).status).toBe(400);
    // a start still to come matches nothing; it is not an error about an end_date nobody sent
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    expect(parseJson(await t.http.get('/open311/v2/requests.json').query({ service_code: `${w.tag}.noise`, start_date: tomorrow }).expect(200))).toEqual([]);
    expect((await t.http.get('/open311/v2/requests.json').query({ status: 'pending' })).status).toBe(400);
  });

  it('answers an unknown or malformed id with 404, and a token with its request id', async () => {
    expect(parseJson(await t.http.get('/open311/v2/requests/T000000-0000.json').expect(404))[0].code).toBe(404);
    expect(parseXml(await t.http.get('/open311/v2/requests/nonsense.xml').expect(404)).errors.error[0].code).toBe('404');
    const [created] = parseJson(await post(noiseRequest()).expect(201));
    const { token } = (await ticketOf(created.service_request_id)).open311;
    const [found] = parseXml(await t.http.get(`/open311/v2/tokens/${token}.xml`).expect(200)).service_requests.request;
    expect(found).toEqual({ service_request_id: created.service_request_id, token });
    expect(parseJson(await t.http.get(`/open311/v2/tokens/${token}.json`).expect(200))).toEqual([{ service_request_id: created.service_request_id, token }]);
    expect((await t.http.get('/open311/v2/tokens/00000000-0000-4000-8000-000000000000.json')).status).toBe(404);
  });

  it('writes well-formed XML whatever the text holds', async () => {
    const [created] = parseJson(await post(noiseRequest({ description: 'Pipes <burst> & "flooding" the \u0007 street ]]> 💧' })).expect(201));
    const [r] = parseXml(await t.http.get(`/open311/v2/requests/${created.service_request_id}.xml`).expect(200)).service_requests.request;
    // the bell character is not allowed in XML 1.0 at all; JSON keeps it
    expect(r.description).toBe('Pipes <burst> & "flooding" the  street ]]> 💧');
    const [j] = parseJson(await t.http.get(`/open311/v2/requests/${created.service_request_id}.json`).expect(200));
    expect(j.description).toBe('Pipes <burst> & "flooding" the \u0007 street ]]> 💧');
  });
});

describe('API keys', () => {
  it('are issued and revoked by admins only; the key is shown once and never listed', async () => {
    expect((await t.http.post('/api/v1/open311/keys').set(w.users.operator.auth).send({ name: 'x' })).status).toBe(403);
    const issued = await issueKey(`${w.tag} listed`);
    expect(issued.key.startsWith(issued.prefix)).toBe(true);
    const listed = (await t.http.get('/api/v1/open311/keys').set(w.users.admin.auth).expect(200)).body;
    const mine = listed.find((k: { id: string }) => k.id === issued.id);
    expect(mine).toMatchObject({ name: `${w.tag} listed`, prefix: issued.prefix, rateLimitPerMinute: 60, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(issued.key);
    expect((await t.http.post('/api/v1/open311/keys/not-a-uuid/revoke').set(w.users.admin.auth)).status).toBe(400);
  });
});

describe('what real clients send', () => {
  it('takes repeated, bracketed and PHP-indexed list answers, a JSON body, and the key in the query string', async () => {
    const base = `api_key=${key}&service_code=${w.tag}.noise&address_string=Gate+2&attribute%5BWHEN%5D=day`;
    const spec = await postRaw(`${base}&attribute%5BSOURCES%5D%5B%5D=drill&attribute%5BSOURCES%5D%5B%5D=truck`).expect(201);
    expect((await ticketOf(parseJson(spec)[0].service_request_id)).open311.attributes).toEqual({ WHEN: 'day', SOURCES: ['drill', 'truck'] });
    const php = await postRaw(`${base}&attribute%5BSOURCES%5D%5B0%5D=truck&attribute%5BSOURCES%5D%5B1%5D=drill`).expect(201);
    expect((await ticketOf(parseJson(php)[0].service_request_id)).open311.attributes.SOURCES).toEqual(['truck', 'drill']);
    const json = await postRaw(JSON.stringify({ api_key: key, service_code: `${w.tag}.noise`, lat: 39.9, long: 116.4, attribute: { WHEN: 'night', SOURCES: ['drill'] } }), 'json', 'application/json').expect(201);
    expect((await ticketOf(parseJson(json)[0].service_request_id)).open311.attributes).toEqual({ WHEN: 'night', SOURCES: ['drill'] });
    await postRaw(`service_code=${w.tag}.water&address_string=x`, 'json', undefined, `?api_key=${encodeURIComponent(key)}`).expect(201);
  });

  it('files the report and says what it set aside: answers to questions not asked, a number that cannot take SMS', async () => {
    const res = await postRaw(
      `api_key=${key}&service_code=${w.tag}.noise&address_string=x&attribute%5BWHEN%5D=day&attribute%5Breport_url%5D=https%3A%2F%2Ffms.example%2F1&attribute%5Bconstructor%5D=x&phone=%28415%29+555-0134`,
      'xml',
    ).expect(201);
    const [created] = parseXml(res).service_requests.request;
    expect(created.service_notice).toMatch(/attribute\[report_url\]/);
    expect(created.service_notice).toMatch(/phone: not a mobile number/);
    const ticket = await ticketOf(created.service_request_id);
    expect(ticket.open311.attributes).toEqual({ WHEN: 'day' });
    expect(ticket.sms).toEqual([]);
    // the spec's own example phone, 111111111, is no reason to refuse a report either
    await post(noiseRequest({ phone: '111111111' })).expect(201);
  });

  it('does not let a reporter rename a caller we already know, but fills what we did not know', async () => {
    const phone = uniquePhone();
    await t.http.post('/api/v1/calls').set(w.users.operator.auth).send({ callerPhone: phone, callerName: 'Chen Jing', kind: 'inquiry', description: 'opening hours?', answer: '9 to 5' }).expect(201);
    await post(noiseRequest({ phone, first_name: 'Mallory', email: 'mallory@evil.example' })).expect(201);
    const [caller] = await t.ds.query(`SELECT name, email FROM caller WHERE phone = $1`, [phone]);
    expect(caller).toEqual({ name: 'Chen Jing', email: 'mallory@evil.example' });
  });

  it('keeps the reporter’s name, number and address out of every public answer, in either format', async () => {
    const phone = uniquePhone();
    const [created] = parseJson(await post(noiseRequest({ phone, first_name: 'Ouyang', last_name: 'Xiu', email: 'oy@example.org', description: 'Ouyang Xiu here, call 415-555-0134 or oy@example.org' })).expect(201));
    for (const format of ['json', 'xml']) {
      const text = (await t.http.get(`/open311/v2/requests/${created.service_request_id}.${format}`).expect(200)).text;
      for (const secret of ['Ouyang', 'Xiu', phone, phone.slice(3), 'oy@example.org', '555-0134']) expect(text).not.toContain(secret);
    }
  });

  it('masks a phone number or e-mail address written into the address, which is free text too', async () => {
    const [created] = parseJson(await post(noiseRequest({ address_string: 'Gate 4, 18 Gulou Street, ring 139-1234-5678 or gate4@example.org', phone: '' })).expect(201));
    for (const format of ['json', 'xml']) {
      const text = (await t.http.get(`/open311/v2/requests/${created.service_request_id}.${format}`).expect(200)).text;
      expect(text).toContain('Gate 4, 18 Gulou Street');
      for (const secret of ['139-1234-5678', '13912345678', 'gate4@example.org']) expect(text).not.toContain(secret);
    }
    // the operator's own view keeps the address as given
    expect((await ticketOf(created.service_request_id)).address).toContain('139-1234-5678');
  });

  it('publishes only what was filed through Open311: phone complaints stay private', async () => {
    const { ticket } = await logComplaint(t, w);
    await t.http.get(`/open311/v2/requests/${ticket.number}.json`).expect(404);
    const listed = parseJson(await t.http.get('/open311/v2/requests.json').query({ service_request_id: ticket.number }).expect(200));
    expect(listed).toEqual([]);
  });

  it('reads a merged request as closed, a duplicate; treats empty optional parameters as absent', async () => {
    const [a] = parseJson(await post(noiseRequest()).expect(201));
    const [b] = parseJson(await post(noiseRequest()).expect(201));
    expect((await act(t, w, a.service_request_id, 'merge', 'dispatcher', { intoNumber: b.service_request_id })).status).toBe(200);
    const [merged] = parseJson(await t.http.get(`/open311/v2/requests/${a.service_request_id}.json`).query({ jurisdiction_id: '' }).expect(200));
    expect(merged).toMatchObject({ status: 'closed', status_notes: `Duplicate request: handled as ${b.service_request_id}.` });
    const empty = parseJson(await t.http.get('/open311/v2/requests.json').query({ service_request_id: '', service_code: `${w.tag}.noise`, status: '', start_date: '', end_date: '' }).expect(200));
    expect(empty.map((r: { service_request_id: string }) => r.service_request_id)).toEqual(expect.arrayContaining([a.service_request_id, b.service_request_id]));
    await post(noiseRequest({ lat: '', long: '', email: '', phone: '' })).expect(201);
  });

  it('lists the last 90 days unless asked for another window', async () => {
    const [old] = parseJson(await post(noiseRequest()).expect(201));
    await t.ds.query(`UPDATE ticket SET created_at = now() - interval '100 days' WHERE number = $1`, [old.service_request_id]);
    const recent = parseJson(await t.http.get('/open311/v2/requests.json').query({ service_code: `${w.tag}.noise` }).expect(200));
    expect(recent.map((r: { service_request_id: string }) => r.service_request_id)).not.toContain(old.service_request_id);
    const start = new Date(Date.now() - 101 * 86_400_000).toISOString();
    const then = parseJson(await t.http.get('/open311/v2/requests.json').query({ service_code: `${w.tag}.noise`, start_date: start }).expect(200));
    expect(then.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([old.service_request_id]);
  });

  it('answers 404 for a group (not a service), another jurisdiction on every method, and a CORS preflight', async () => {
    expect((await post({ service_code: w.tag, address_string: 'x' })).status).toBe(404);
    await t.http.get(`/open311/v2/services/${w.tag}.json`).expect(404);
    const [created] = parseJson(await post(noiseRequest()).expect(201));
    for (const path of [`/open311/v2/requests/${created.service_request_id}.json`, '/open311/v2/requests.json', `/open311/v2/services/${w.tag}.noise.json`, '/open311/v2/tokens/00000000-0000-4000-8000-000000000000.json']) {
      expect((await t.http.get(path).query({ jurisdiction_id: 'elsewhere.gov' })).status).toBe(404);
    }
    const preflight = await t.http.options('/open311/v2/requests.json').set('Origin', 'https://app.example.org').set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
  });

  it('takes a report posted as multipart/form-data with its photo, keeping the fields and saying the file was not stored', async () => {
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 0x2d), Buffer.from('\r\n--not-the-boundary\r\n')]);
    const res = await t.http
      .post('/open311/v2/requests.json')
      .field('api_key', key)
      .field('service_code', `${w.tag}.noise`)
      .field('address_string', '8 Gulou Street')
      .field('description', 'Drilling all night, 第二次投诉')
      .field('attribute[WHEN]', 'night')
      .field('attribute[SOURCES][]', 'drill')
      .field('attribute[SOURCES][]', 'truck')
      .attach('media', photo, { filename: 'noise.jpg', contentType: 'image/jpeg' })
      .expect(201);
    const [created] = parseJson(res);
    expect(created.service_notice).toMatch(/media: uploaded files are not stored/);
    const ticket = await ticketOf(created.service_request_id);
    expect(ticket).toMatchObject({ description: 'Drilling all night, 第二次投诉', address: '8 Gulou Street' });
    expect(ticket.open311.attributes).toEqual({ WHEN: 'night', SOURCES: ['drill', 'truck'] });
    const broken = await postRaw('--b\r\nContent-Disposition: form-data; name="api_key"\r\n\r\nx', 'xml', 'multipart/form-data; boundary=b').expect(400);
    expect(parseXml(broken).errors.error[0].description).toMatch(/closing boundary/);
  });

  it('answers a URL that is not valid percent-encoding in the error shape of where it was sent', async () => {
    const open311 = await t.http.get('/open311/v2/requests/%E0%A4%A.xml').expect(400);
    expect(parseXml(open311).errors.error[0]).toEqual({ code: '400', description: 'The URL has an invalid percent-encoding' });
    const api = await t.http.get('/api/v1/tickets/%E0%A4%A').expect(400);
    expect(api.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_URL' });
  });

  it('answers HEAD like GET without a body, so link checkers and caches can probe it', async () => {
    const head = await t.http.head('/open311/v2/services.xml').expect(200);
    expect(head.headers['content-type']).toBe('text/xml; charset=utf-8');
    // the length GET would send, so a cache can tell whether it changed
    const get = await t.http.get('/open311/v2/services.xml').expect(200);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(get.text)));
  });

  it('moves the discovery changeset when a service changes', async () => {
    const before = parseJson(await t.http.get('/open311/discovery.json').expect(200)).changeset;
    await new Promise((r) => setTimeout(r, 1100));
    await t.http.patch(`/api/v1/categories/${w.tag}.water`).set(w.users.admin.auth).send({ description: 'Burst pipes, no water' }).expect(200);
    const after = parseJson(await t.http.get('/open311/discovery.json').expect(200)).changeset;
    expect(after > before).toBe(true);
  });

  it('returns at most 1,000 requests, the newest first', async () => {
    const [seed] = parseJson(await post({ service_code: `${w.tag}.water`, address_string: 'Bulk 1' }).expect(201));
    // 1,100 more in the same service, written straight to the table: posting them would take minutes
    await t.ds.query(
      `INSERT INTO ticket (id, number, access_code, kind, status, priority, channel, caller_id, category_id, description, address, version, created_at, updated_at, due_at)
       SELECT gen_random_uuid(), t.number || 'b' || i, t.access_code, t.kind, t.status, t.priority, t.channel, t.caller_id, t.category_id, t.description, t.address, 1,
              t.created_at - make_interval(secs => i), t.updated_at, t.due_at
       FROM ticket t, generate_series(1, 1100) i WHERE t.number = $1`,
      [seed.service_request_id],
    );
    const all = parseJson(await t.http.get('/open311/v2/requests.json').query({ service_code: `${w.tag}.water` }).expect(200));
    expect(all).toHaveLength(1000);
    expect(all[0].service_request_id).toBe(seed.service_request_id);
    const xmlList = parseXml(await t.http.get('/open311/v2/requests.xml').query({ service_code: `${w.tag}.water` }).expect(200)).service_requests.request;
    expect(xmlList).toHaveLength(1000);
  });
});
