import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { hashKey } from '../open311/open311-keys.service.js';
import type { ServiceAttribute } from '../open311/service-attributes.js';
import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { createDataSource } from '../database/data-source.js';
import type { DepartmentKind } from '../departments/department.entity.js';
import type { Role } from '../users/user.entity.js';

export const PASSWORD_COST = 10;

const DEPARTMENTS: [code: string, name: string, kind: DepartmentKind][] = [
  ['eco-env', '生态环境局 Ecology & Environment Bureau', 'department'],
  ['housing', '住房和城乡建设局 Housing & Construction Bureau', 'department'],
  ['urban-mgmt', '城市管理局 Urban Management Bureau', 'department'],
  ['hr-social', '人力资源和社会保障局 Human Resources & Social Security Bureau', 'department'],
  ['transport', '交通运输局 Transport Bureau', 'department'],
  ['market', '市场监督管理局 Market Regulation Bureau', 'department'],
  ['water', '水务局 Water Affairs Bureau', 'department'],
  ['supervision', '12345 督办室 Supervision Office', 'supervision'],
  ['leadership', '市政府办公厅 City Government Office', 'leadership'],
];

/** code → name; a code's parent is the code without its last segment. */
const CATEGORIES: [code: string, name: string][] = [
  ['environment', '生态环境 Environment'],
  ['environment.noise', '噪声污染 Noise'],
  ['environment.noise.construction', '建筑施工噪声 Construction noise'],
  ['environment.noise.nightlife', '社会生活噪声 Nightlife noise'],
  ['environment.water-pollution', '水污染 Water pollution'],
  ['environment.air-pollution', '大气污染 Air pollution'],
  ['urban', '城市管理 Urban management'],
  ['urban.illegal-construction', '违法建设 Illegal construction'],
  ['urban.street-vending', '占道经营 Street vending'],
  ['urban.garbage', '垃圾清运 Garbage collection'],
  ['housing', '住房 Housing'],
  ['housing.property-management', '物业管理 Property management'],
  ['labor', '劳动社保 Labour & social security'],
  ['labor.wage-arrears', '拖欠工资 Unpaid wages'],
  ['labor.pension', '养老保险 Pension'],
  ['transport', '交通出行 Transport'],
  ['transport.taxi', '出租车 Taxis'],
  ['transport.bus', '公交 Buses'],
  ['market', '市场监管 Market regulation'],
  ['market.food-safety', '食品安全 Food safety'],
  ['market.consumer-rights', '消费维权 Consumer rights'],
  ['water', '供水排水 Water supply'],
  ['water.outage', '停水 Water outage'],
];

/** What the public sees of some categories through Open311: a description, keywords, extra questions. */
const PUBLIC_INFO: Record<string, { description: string; keywords: string; attributes?: ServiceAttribute[] }> = {
  'environment.noise.construction': {
    description: '建筑工地施工噪声扰民 Noise from a building site',
    keywords: '噪音, 施工, 夜间施工, noise, construction, night work',
    attributes: [
      { variable: true, code: 'WHEN', datatype: 'singlevaluelist', required: true, datatypeDescription: null, order: 1, description: '什么时候 When does it happen?', values: [{ key: 'night', name: '夜间 22:00–06:00 At night' }, { key: 'day', name: '白天 In the day' }] },
      { variable: true, code: 'SITE', datatype: 'string', required: false, datatypeDescription: '工地名称或施工单位 Site or company name', order: 2, description: '哪个工地 Which site?', values: [] },
    ],
  },
  'urban.garbage': {
    description: '垃圾未清运、乱堆放 Rubbish not collected or dumped',
    keywords: '垃圾, 清运, 堆放, rubbish, garbage, dumping',
    attributes: [
      { variable: true, code: 'KIND', datatype: 'multivaluelist', required: false, datatypeDescription: null, order: 1, description: '什么垃圾 What kind of rubbish?', values: [{ key: 'household', name: '生活垃圾 Household' }, { key: 'construction', name: '建筑垃圾 Building waste' }, { key: 'bulky', name: '大件 Bulky items' }] },
    ],
  },
  'water.outage': { description: '停水、水压低 No water or low pressure', keywords: '停水, 水压, no water, water pressure' },
};

/** The api_key Open311 clients can post with in demo mode (printed at start; never in production). */
export const DEMO_OPEN311_KEY = 'demo-open311-key';

type RuleSeed = { name: string; category: string | null; district?: string; keywords?: string[]; lead: string; assist?: string[]; priority: number; auto: boolean };
const RULES: RuleSeed[] = [
  { name: 'Construction noise at night → urban management', category: 'environment.noise', keywords: ['夜间', '深夜', 'night'], lead: 'urban-mgmt', assist: ['housing'], priority: 10, auto: false },
  { name: 'Construction noise → housing & construction', category: 'environment.noise.construction', lead: 'housing', assist: ['urban-mgmt'], priority: 20, auto: false },
  { name: 'Nightlife noise → urban management', category: 'environment.noise.nightlife', lead: 'urban-mgmt', priority: 20, auto: false },
  { name: 'Water pollution → ecology & environment', category: 'environment.water-pollution', lead: 'eco-env', assist: ['water'], priority: 20, auto: true },
  { name: 'Air pollution → ecology & environment', category: 'environment.air-pollution', lead: 'eco-env', priority: 20, auto: true },
  { name: 'Urban management matters', category: 'urban', lead: 'urban-mgmt', priority: 50, auto: false },
  { name: 'Property management → housing', category: 'housing', lead: 'housing', priority: 50, auto: false },
  { name: 'Labour & social security', category: 'labor', lead: 'hr-social', priority: 50, auto: true },
  { name: 'Transport', category: 'transport', lead: 'transport', priority: 50, auto: false },
  { name: 'Market regulation', category: 'market', lead: 'market', priority: 50, auto: false },
  { name: 'Water supply', category: 'water', lead: 'water', priority: 50, auto: true },
];

type PolicySeed = { name: string; category: string | null; priority: string | null; clock: 'business' | 'wall'; limits: Record<string, string>; l2: number; l3: number; repeat: number };
const POLICIES: PolicySeed[] = [
  { name: 'Standard: 5 working days', category: null, priority: null, clock: 'business', limits: { dispatch: '2h', accept: '4h', resolve: '5wd', callback: '2wd', rectify: '3wd' }, l2: 240, l3: 480, repeat: 120 },
  { name: 'Urgent: 24 hours, around the clock', category: null, priority: 'urgent', clock: 'wall', limits: { dispatch: '30m', accept: '1h', resolve: '24h', callback: '24h', rectify: '24h' }, l2: 60, l3: 120, repeat: 30 },
  { name: 'Water pollution: 3 working days', category: 'environment.water-pollution', priority: null, clock: 'business', limits: { dispatch: '1h', accept: '2h', resolve: '3wd', callback: '1wd', rectify: '2wd' }, l2: 120, l3: 240, repeat: 60 },
  { name: 'Unpaid wages: 10 working days', category: 'labor.wage-arrears', priority: null, clock: 'business', limits: { dispatch: '2h', accept: '4h', resolve: '10wd', callback: '2wd', rectify: '5wd' }, l2: 480, l3: 960, repeat: 240 },
];

// the agent and the supervisor are on duty with (fictitious) phones: their alerts show up in the SMS sandbox
const USERS: [username: string, displayName: string, role: Role, department: string | null, onDutyPhone?: string][] = [
  ['operator', '话务员 Demo Operator', 'operator', null],
  ['dispatcher', '派单员 Demo Dispatcher', 'dispatcher', null],
  ['agent', '生态环境局承办人 Demo Agent', 'agent', 'eco-env', '+8613900000001'],
  ['supervisor', '督办员 Demo Supervisor', 'supervisor', 'supervision', '+8613900000002'],
  ['admin', '管理员 Demo Admin', 'admin', null],
];

async function idsByCode(m: EntityManager, table: 'department' | 'category'): Promise<Map<string, string>> {
  const rows: { id: string; code: string }[] = await m.query(`SELECT id, code FROM ${table}`);
  return new Map(rows.map((r) => [r.code, r.id]));
}

/**
 * Loads the demo hotline. Idempotent: a second start adds nothing twice, and the demo users'
 * passwords are reset to the current DEMO_PASSWORD so the printed logins are always true.
 */
export async function seedDemoData(ds: DataSource, config: Pick<AppConfig, 'demoPassword' | 'mode'>): Promise<void> {
  await ds.transaction(async (m) => {
    for (const [code, name, kind] of DEPARTMENTS) {
      await m.query(`INSERT INTO department (id, code, name, kind) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`, [randomUUID(), code, name, kind]);
    }
    for (const [code, name] of CATEGORIES) {
      const parentCode = code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null;
      await m.query(
        `INSERT INTO category (id, code, name, parent_id) VALUES ($1, $2, $3, (SELECT id FROM category WHERE code = $4)) ON CONFLICT (code) DO NOTHING`,
        [randomUUID(), code, name, parentCode],
      );
    }
    // once: an admin's later edits are not undone by the next start
    for (const [code, info] of Object.entries(PUBLIC_INFO)) {
      await m.query(`UPDATE category SET description = $2, keywords = $3, attributes = $4 WHERE code = $1 AND description IS NULL`, [code, info.description, info.keywords, JSON.stringify(info.attributes ?? [])]);
    }
    const departments = await idsByCode(m, 'department');
    const categories = await idsByCode(m, 'category');
    const [{ count }] = await m.query(`SELECT count(*)::int AS count FROM routing_rule`);
    if (count === 0) {
      for (const r of RULES) {
        await m.query(
          `INSERT INTO routing_rule (id, name, category_id, district, keywords, lead_department_id, assisting_department_ids, priority, auto_dispatch)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [randomUUID(), r.name, r.category ? categories.get(r.category) : null, r.district ?? null, r.keywords ?? [], departments.get(r.lead), (r.assist ?? []).map((a) => departments.get(a)), r.priority, r.auto],
        );
      }
    }
    const [{ policies }] = await m.query(`SELECT count(*)::int AS policies FROM sla_policy`);
    if (policies === 0) {
      for (const p of POLICIES) {
        await m.query(
          `INSERT INTO sla_policy (id, name, category_id, priority, clock, limits, level2_after_minutes, level3_after_minutes, repeat_every_minutes)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [randomUUID(), p.name, p.category ? categories.get(p.category) : null, p.priority, p.clock, p.limits, p.l2, p.l3, p.repeat],
        );
      }
    }
    // a key everyone knows: on the one-machine demo only, never on a production database seeded with SEED_DEMO
    if (config.mode === 'demo') await m.query(
      `INSERT INTO open311_api_key (id, name, prefix, key_hash, rate_limit_per_minute) VALUES ($1, 'Demo Open311 client', $2, $3, 60) ON CONFLICT (key_hash) DO NOTHING`,
      [randomUUID(), DEMO_OPEN311_KEY.slice(0, 12), hashKey(DEMO_OPEN311_KEY)],
    );
    const hash = await bcrypt.hash(config.demoPassword, PASSWORD_COST);
    for (const [username, displayName, role, dept, phone] of USERS) {
      await m.query(
        `INSERT INTO app_user (id, username, password_hash, display_name, role, department_id, phone, on_duty) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, active = true`,
        [randomUUID(), username, hash, displayName, role, dept ? departments.get(dept) : null, phone ?? null, !!phone],
      );
    }
  });
}

export async function seedDemo(url: string, config: Pick<AppConfig, 'demoPassword' | 'mode'>): Promise<void> {
  const ds = createDataSource({ url, poolSize: 2, applicationName: 'hotline-seed' });
  await ds.initialize();
  try {
    await seedDemoData(ds, config);
  } finally {
    await ds.destroy();
  }
}

export const DEMO_USERNAMES = USERS.map(([u, , role]) => ({ username: u, role }));

export async function createAdmin(url: string, username: string, password: string): Promise<void> {
  if (!/^[a-z0-9._-]{3,64}$/i.test(username)) throw new Error('username: 3-64 letters, digits, dot, dash or underscore');
  if (password.length < 10) throw new Error('password must be at least 10 characters');
  const ds = createDataSource({ url, poolSize: 1, applicationName: 'hotline-cli' });
  await ds.initialize();
  try {
    const hash = await bcrypt.hash(password, PASSWORD_COST);
    const rows = await ds.query(
      `INSERT INTO app_user (id, username, password_hash, display_name, role) VALUES ($1, $2, $3, $2, 'admin') ON CONFLICT (username) DO NOTHING RETURNING id`,
      [randomUUID(), username, hash],
    );
    if (rows.length === 0) throw new Error(`a user named ${username} already exists`);
  } finally {
    await ds.destroy();
  }
}
