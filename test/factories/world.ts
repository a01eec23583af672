import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../src/auth/auth.decorators.js';
import type { Role } from '../../src/users/user.entity.js';
import type { TestApp } from '../utils/test-app.js';

export const TEST_PASSWORD = 'correct horse battery';
const HASH = bcrypt.hashSync(TEST_PASSWORD, 4);

export interface WorldUser extends AuthUser {
  token: string;
  auth: { Authorization: string };
}

export interface World {
  tag: string;
  departments: { a: string; b: string; supervision: string };
  categories: { root: string; leaf: string; auto: string; other: string };
  users: Record<'operator' | 'dispatcher' | 'agentA' | 'agentB' | 'supervisor' | 'admin', WorldUser>;
}

let seq = 0;
/** A unique tag per world, so tests share one database without seeing each other's rows. */
export function uniqueTag(): string {
  return `w${Date.now().toString(36)}${(seq++).toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

let phoneSeq = process.pid * 389;
/**
 * A unique, valid mainland mobile number: the time in ms, then a counter (so a burst within one ms
 * gets distinct numbers, up to 1,000; a random part let two of one burst collide), offset by the
 * process so that test files running side by side in the same ms differ too.
 */
export function uniquePhone(): string {
  const n = (Date.now() * 1000 + (phoneSeq++ % 1000)) % 1e9;
  return `+8613${String(n).padStart(9, '0')}`;
}

async function insertUser(ds: DataSource, tag: string, role: Role, departmentId: string | null): Promise<AuthUser> {
  const id = randomUUID();
  const username = `${tag}-${role}-${id.slice(0, 4)}`;
  await ds.query(`INSERT INTO app_user (id, username, password_hash, display_name, role, department_id) VALUES ($1, $2, $3, $2, $4, $5)`, [id, username, HASH, role, departmentId]);
  return { id, username, role, departmentId };
}

/**
 * Two handling departments (A leads, B elsewhere), a supervision office, a category tree with a
 * manual and an auto-dispatch rule, and one user per role. Fresh rows for every call.
 */
export async function createWorld(t: TestApp): Promise<World> {
  const tag = uniqueTag();
  const ds = t.ds;
  const dept = async (suffix: string, kind = 'department') => {
    const id = randomUUID();
    await ds.query(`INSERT INTO department (id, code, name, kind) VALUES ($1, $2, $2, $3)`, [id, `${tag}-${suffix}`, kind]);
    return id;
  };
  const departments = { a: await dept('a'), b: await dept('b'), supervision: await dept('sup', 'supervision') };
  const cat = async (code: string, parentId: string | null) => {
    const id = randomUUID();
    await ds.query(`INSERT INTO category (id, code, name, parent_id) VALUES ($1, $2, $2, $3)`, [id, code, parentId]);
    return id;
  };
  const root = await cat(tag, null);
  const categories = {
    root,
    leaf: await cat(`${tag}.noise`, root),
    auto: await cat(`${tag}.water`, root),
    other: await cat(`${tag}.other`, root),
  };
  const rule = (name: string, categoryId: string, lead: string, auto: boolean, assisting: string[] = []) =>
    ds.query(
      `INSERT INTO routing_rule (id, name, category_id, lead_department_id, assisting_department_ids, priority, auto_dispatch) VALUES ($1, $2, $3, $4, $5, 50, $6)`,
      [randomUUID(), name, categoryId, lead, assisting, auto],
    );
  // a working-time policy on the whole tree: deadlines exist, and are far enough away not to fire during a test
  await ds.query(
    `INSERT INTO sla_policy (id, name, category_id, clock, limits) VALUES ($1, $2, $3, 'business', $4)`,
    [randomUUID(), `${tag} standard`, root, { dispatch: '2h', accept: '4h', resolve: '5wd', callback: '2wd', rectify: '3wd' }],
  );
  await rule(`${tag} noise`, categories.leaf, departments.a, false);
  await rule(`${tag} water`, categories.auto, departments.a, true, [departments.b]);
  const withToken = (u: AuthUser): WorldUser => {
    const token = t.tokenFor(u);
    return { ...u, token, auth: { Authorization: `Bearer ${token}` } };
  };
  const users = {
    operator: withToken(await insertUser(ds, tag, 'operator', null)),
    dispatcher: withToken(await insertUser(ds, tag, 'dispatcher', null)),
    agentA: withToken(await insertUser(ds, tag, 'agent', departments.a)),
    agentB: withToken(await insertUser(ds, tag, 'agent', departments.b)),
    supervisor: withToken(await insertUser(ds, tag, 'supervisor', departments.supervision)),
    admin: withToken(await insertUser(ds, tag, 'admin', null)),
  };
  // the app caches the directory for a few seconds; make the new rows visible now
  t.app.get((await import('../../src/directory/directory.service.js')).DirectoryService).invalidate();
  return { tag, departments, categories, users };
}

/** Logs a complaint and returns the response body. */
export async function logComplaint(t: TestApp, w: World, over: Record<string, unknown> = {}) {
  const res = await t.http
    .post('/api/v1/calls')
    .set(w.users.operator.auth)
    .send({ callerPhone: uniquePhone(), kind: 'complaint', categoryCode: `${w.tag}.noise`, description: 'Drilling all night next to the school', district: 'Haidian', ...over });
  if (res.status !== 201) throw new Error(`logComplaint: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { call: { id: string; callerId: string; callerPhone: string }; ticket: { number: string; status: string; version: number; accessCode: string; id: string; createdAt: string; dueAt: string | null }; possibleDuplicates: { number: string }[] };
}
