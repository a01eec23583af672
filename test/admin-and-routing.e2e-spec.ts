import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_PASSWORD, createWorld, logComplaint, uniqueTag, type World } from './factories/world.js';
import { startTestApp, type TestApp } from './utils/test-app.js';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await startTestApp();
  w = await createWorld(t);
});
afterAll(async () => {
  await t?.close();
});

describe('login', () => {
  it('returns a token and the user for the right password; the token opens the API', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ username: w.users.agentA.username, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: w.users.agentA.id, role: 'agent', departmentId: w.departments.a });
    expect(res.body.user.passwordHash).toBeUndefined();
    const me = await t.http.get('/api/v1/tickets').set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
  });

  it('answers a wrong password and an unknown user alike with 401', async () => {
    const wrong = await t.http.post('/api/v1/auth/login').send({ username: w.users.agentA.username, password: 'nope' });
    const unknown = await t.http.post('/api/v1/auth/login').send({ username: 'nobody-here', password: 'nope' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses a deactivated user, and the token they already had', async () => {
    const created = await t.http.post('/api/v1/users').set(w.users.admin.auth).send({ username: `${w.tag}-gone`, password: 'long enough password', displayName: 'Gone', role: 'operator' });
    expect(created.status).toBe(201);
    const before = await t.http.post('/api/v1/auth/login').send({ username: `${w.tag}-gone`, password: 'long enough password' });
    const token = `Bearer ${before.body.accessToken}`;
    expect((await t.http.get('/api/v1/tickets').set('Authorization', token)).status).toBe(200);
    await t.http.patch(`/api/v1/users/${created.body.id}`).set(w.users.admin.auth).send({ active: false });
    const stale = await t.http.get('/api/v1/tickets').set('Authorization', token);
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('TOKEN_STALE');
    const res = await t.http.post('/api/v1/auth/login').send({ username: `${w.tag}-gone`, password: 'long enough password' });
    expect(res.status).toBe(401);
  });
});

describe('the admin CLI', () => {
  it('creates the first admin on a production install, who can then log in; refuses a duplicate', async () => {
    const username = `${w.tag}-root`;
    const run = (password: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['dist/cli.js', 'create-admin', username], {
          cwd: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
          env: { PATH: process.env.PATH, DATABASE_URL: process.env.HOTLINE_TEST_DATABASE_URL, JWT_SECRET: 'test-secret-0123456789abcdef', ADMIN_PASSWORD: password, LOG_LEVEL: 'error' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('exit', (code) => resolve({ code, out }));
      });
    const first = await run('a long admin password');
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toContain(`admin ${username} created`);
    const login = await t.http.post('/api/v1/auth/login').send({ username, password: 'a long admin password' });
    expect(login.body.user).toMatchObject({ role: 'admin' });
    const again = await run('another long password');
    expect(again.code).toBe(1);
    expect(again.out).toContain('already exists');
    expect((await run('short')).out).toContain('at least 10 characters');
  });
});

describe('admins manage users and departments', () => {
  it('creates a department and an agent in it, who can then log in; others may not', async () => {
    const code = `${uniqueTag()}-parks`;
    const dept = await t.http.post('/api/v1/departments').set(w.users.admin.auth).send({ code, name: 'Parks' });
    expect(dept.status).toBe(201);
    expect((await t.http.post('/api/v1/departments').set(w.users.admin.auth).send({ code, name: 'Parks' })).status).toBe(409);
    const user = await t.http.post('/api/v1/users').set(w.users.admin.auth).send({ username: `${code}-agent`, password: 'parks password 1', displayName: 'Park agent', role: 'agent', departmentId: dept.body.id });
    expect(user.status).toBe(201);
    expect(user.body.passwordHash).toBeUndefined();
    const login = await t.http.post('/api/v1/auth/login').send({ username: `${code}-agent`, password: 'parks password 1' });
    expect(login.body.user.departmentId).toBe(dept.body.id);
    expect((await t.http.post('/api/v1/departments').set(w.users.supervisor.auth).send({ code: `${code}-x`, name: 'X' })).status).toBe(403);
    expect((await t.http.get('/api/v1/users').set(w.users.dispatcher.auth)).status).toBe(403);
  });

  it('refuses an agent without a department, naming the field', async () => {
    const res = await t.http.post('/api/v1/users').set(w.users.admin.auth).send({ username: `${w.tag}-nodept`, password: 'long enough password', displayName: 'x', role: 'agent' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('departmentId');
  });

  it('lists the category tree with codes and names', async () => {
    const res = await t.http.get('/api/v1/categories').set(w.users.operator.auth);
    const root = res.body.find((c: { code: string }) => c.code === w.tag);
    expect(root.children.map((c: { code: string }) => c.code).sort()).toEqual([`${w.tag}.noise`, `${w.tag}.other`, `${w.tag}.water`]);
    expect(root.children[0]).toEqual(expect.objectContaining({ name: expect.any(String), children: [] }));
  });
});

describe('routing rules and suggestions', () => {
  it('lets an admin add a keyword+district rule that then ranks first for matching drafts and routes new calls', async () => {
    const rule = await t.http.post('/api/v1/routing-rules').set(w.users.admin.auth).send({
      name: 'Night noise in Chaoyang',
      categoryCode: `${w.tag}.noise`,
      district: 'Chaoyang',
      keywords: ['night', '夜间'],
      leadDepartmentId: w.departments.b,
      assistingDepartmentIds: [w.departments.a],
      priority: 10,
      autoDispatch: true,
    });
    expect(rule.status).toBe(201);
    const suggest = (query: Record<string, string>) => t.http.get('/api/v1/routing/suggest').query(query).set(w.users.operator.auth);
    const hit = await suggest({ categoryCode: `${w.tag}.noise`, district: 'chaoyang', description: '夜间施工 at night' });
    expect(hit.body[0]).toMatchObject({ ruleId: rule.body.id, leadDepartment: { id: w.departments.b }, autoDispatch: true });
    expect(hit.body[0].reasons).toEqual(['category', 'district', 'keywords: night, 夜间']);
    expect(hit.body.map((s: { leadDepartment: { id: string } }) => s.leadDepartment.id)).toEqual([w.departments.b, w.departments.a]);
    const miss = await suggest({ categoryCode: `${w.tag}.noise`, district: 'Haidian', description: 'daytime drilling' });
    expect(miss.body.map((s: { leadDepartment: { id: string } }) => s.leadDepartment.id)).toEqual([w.departments.a]);

    const { ticket } = await logComplaint(t, w, { district: 'Chaoyang', description: 'Concrete pouring every night' });
    expect(ticket.status).toBe('dispatched');
    const read = await t.http.get(`/api/v1/tickets/${ticket.number}`).set(w.users.agentB.auth);
    expect(read.body.leadDepartment.id).toBe(w.departments.b);

    const off = await t.http.patch(`/api/v1/routing-rules/${rule.body.id}`).set(w.users.admin.auth).send({ active: false });
    expect(off.body.active).toBe(false);
    expect((await suggest({ categoryCode: `${w.tag}.noise`, district: 'Chaoyang', description: 'night' })).body[0].leadDepartment.id).toBe(w.departments.a);
    expect((await t.http.delete(`/api/v1/routing-rules/${rule.body.id}`).set(w.users.admin.auth)).status).toBe(204);
    expect((await t.http.delete(`/api/v1/routing-rules/${rule.body.id}`).set(w.users.admin.auth)).status).toBe(404);
  });

  it('validates rules: unknown category or department is a 400 naming the field; only admins write', async () => {
    const bad = await t.http.post('/api/v1/routing-rules').set(w.users.admin.auth).send({ name: 'x', categoryCode: 'nope', leadDepartmentId: w.departments.a });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('CATEGORY_NOT_FOUND');
    const dept = await t.http.post('/api/v1/routing-rules').set(w.users.admin.auth).send({ name: 'x', leadDepartmentId: '6f1f1f1f-1111-4111-8111-111111111111' });
    expect(dept.body).toMatchObject({ code: 'DEPARTMENT_NOT_FOUND', details: { field: 'leadDepartmentId' } });
    expect((await t.http.post('/api/v1/routing-rules').set(w.users.dispatcher.auth).send({ name: 'x', leadDepartmentId: w.departments.a })).status).toBe(403);
    expect((await t.http.get('/api/v1/routing-rules').set(w.users.dispatcher.auth)).status).toBe(200);
  });
});

describe('operations endpoints', () => {
  it('reports live and ready with both dependencies up, without a token', async () => {
    expect((await t.http.get('/health/live')).body).toEqual({ status: 'ok' });
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({ database: { status: 'up' }, queue: { status: 'up', backend: t.runtime.queue.kind } });
  });

  it('serves the OpenAPI document with the pinned operations', async () => {
    const res = await t.http.get('/api/docs-json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/calls', '/api/v1/callers/{phone}', '/api/v1/tickets/{number}', '/api/v1/tickets/{number}/accept', '/api/v1/routing/suggest']));
    expect((await t.http.get('/api/docs')).status).toBe(200);
  });

  it('answers unknown routes with a JSON 404 and odd input with 4xx, never 500', async () => {
    const unknown = await t.http.get('/api/v1/nothing').set(w.users.admin.auth);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    const probes = [
      t.http.get('/api/v1/tickets/%E0%A4%A').set(w.users.admin.auth),
      t.http.get(`/api/v1/tickets/${'9'.repeat(5000)}`).set(w.users.admin.auth),
      t.http.patch('/api/v1/users/not-a-uuid').set(w.users.admin.auth).send({}),
      t.http.post('/api/v1/calls').set(w.users.operator.auth).send([1, 2, 3]),
      t.http.post('/api/v1/calls').set(w.users.operator.auth).send({ callerPhone: { $gt: '' }, kind: 'complaint' }),
      t.http.post('/api/v1/tickets/T000101-00000/merge').set(w.users.admin.auth).send({ intoNumber: null }),
      t.http.get('/api/v1/tickets').query({ page: -1 }).set(w.users.admin.auth),
      t.http.post('/api/v1/auth/login').send({ username: 'x'.repeat(100000), password: 'y' }),
    ];
    for (const res of await Promise.all(probes)) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.code).toEqual(expect.any(String));
    }
  });
});
