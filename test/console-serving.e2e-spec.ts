// The console is served by the API process at `/` without getting in the API's way, and the two
// endpoints it added (deployment settings, deadline preview) answer what the console shows.
import fs from 'node:fs';
import path from 'node:path';
import { consoleBundleDir } from '../src/console/console-static.js';
import { createWorld, logComplaint, type World } from './factories/world.js';
import { startTestApp, type TestApp } from './utils/test-app.js';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp({ TIME_ZONE: 'Asia/Shanghai', HOTLINE_NAME: '12345' });
  w = await createWorld(t);
});
afterAll(async () => {
  await t?.close();
});

describe('serving the console', () => {
  it('answers / and client routes with the built page, uncached and under a strict CSP', async () => {
    const built = fs.readFileSync(path.join(consoleBundleDir(), 'index.html'), 'utf8');
    for (const url of ['/', '/calls/new', '/tickets/T261122-00427', '/login?next=%2F']) {
      const res = await t.http.get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.text).toBe(built);
    }
  });

  it('serves the hashed bundle files with a long cache, and a missing one as a JSON 404, not the page', async () => {
    const scripts = [...fs.readFileSync(path.join(consoleBundleDir(), 'index.html'), 'utf8').matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const asset of scripts) {
      const res = await t.http.get(asset);
      expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
      expect(res.headers['cache-control']).toContain('immutable');
    }
    const missing = await t.http.get('/assets/index-nothere.js');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
  });

  it('leaves the API, Open311, health, metrics and the API docs their own answers', async () => {
    const api = await t.http.get('/api/v1/no-such-thing');
    expect(api.status).toBe(404);
    expect(api.headers['content-type']).toContain('application/json');
    expect(api.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    for (const url of ['/open311/v2/no-such-method.json', '/metrics', '/health/nope', '/api']) {
      const res = await t.http.get(url);
      expect({ url, status: res.status, json: res.headers['content-type']?.includes('application/json') }).toEqual({ url, status: 404, json: true });
    }
    expect((await t.http.get('/health/live')).body).toEqual({ status: 'ok' });
    const docs = await t.http.get('/api/docs-json');
    expect(docs.status).toBe(200);
    expect(docs.body.paths).toHaveProperty(['/api/v1/deadlines/preview']);
    // a POST to a client route is not a page load
    expect((await t.http.post('/calls/new').send({})).status).toBe(404);
  });
});

describe('GET /api/v1/settings', () => {
  it("tells any signed-in user the deployment's time zone and hotline name, and nobody else", async () => {
    const res = await t.http.get('/api/v1/settings').set(w.users.agentA.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ timeZone: 'Asia/Shanghai', hotlineName: '12345', priorities: ['low', 'normal', 'high', 'urgent'], smsTransport: 'sandbox' });
    expect((await t.http.get('/api/v1/settings')).status).toBe(401);
  });
});

describe('GET /api/v1/deadlines/preview', () => {
  const preview = (query: Record<string, string>, as: keyof World['users'] = 'operator') => t.http.get('/api/v1/deadlines/preview').query(query).set(w.users[as].auth);

  it('promises exactly the deadline a complaint logged now is given', async () => {
    const before = await preview({ categoryCode: `${w.tag}.noise` });
    expect(before.status).toBe(200);
    const { ticket } = await logComplaint(t, w, { categoryCode: `${w.tag}.noise` });
    // the world's policy is 5 working days (`5wd`): the end of the 5th working day, whatever the minute
    expect(before.body.dueAt).toBe(ticket.dueAt);
    expect(before.body).toMatchObject({ autoDispatch: false, policy: { name: `${w.tag} standard`, clock: 'business' } });
    expect(before.body.stages.map((s: { stage: string }) => s.stage)).toEqual(['dispatch', 'resolve']);
  });

  it('runs the accept clock instead of dispatch when the matching rule dispatches at once', async () => {
    const res = await preview({ categoryCode: `${w.tag}.water`, priority: 'high' });
    expect(res.body.autoDispatch).toBe(true);
    expect(res.body.stages.map((s: { stage: string }) => s.stage)).toEqual(['accept', 'resolve']);
  });

  it('refuses department agents, unknown categories and unknown priorities', async () => {
    expect((await preview({ categoryCode: `${w.tag}.noise` }, 'agentA')).status).toBe(403);
    const unknown = await preview({ categoryCode: `${w.tag}.nope` });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('CATEGORY_NOT_FOUND');
    expect((await preview({ priority: 'whenever' })).body.code).toBe('VALIDATION_FAILED');
  });
});
