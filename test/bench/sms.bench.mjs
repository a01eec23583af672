// `npm run bench:sms`: signed inbound SMS status look-ups (Twilio's webhook, POST
// /api/v1/sms/inbound) at fixed rates against the built service (production mode, real PostgreSQL
// and Redis), open loop: each request is sent at its scheduled instant whatever the earlier ones
// are doing, and its latency runs from that instant (no coordinated omission). The server is a
// child process (`node dist/main.js`, RUN_WORKERS=false: the reply goes back inline as TwiML, no
// queue work is on this path); the HTTP client runs here.
//
// Before measuring, callers and tickets are made through the real API (POST /api/v1/calls as the
// demo operator; descriptions and public progress notes from /work/shared/data/311 when it is
// there), then BENCH_SMS_HISTORY texts of the mix are sent (closed loop), so sms_message holds
// inbound rows as in a running service; tables are ANALYZEd before each rate, as autovacuum would
// (it is off on some bench servers). The mix: ~70% "查询"/"status" from a number on record, ~20%
// ticket number + access code from an unknown number, ~10% a wrong code or an unknown ticket
// (refused). Every known number texts at most ceil(known texts / BENCH_SMS_CALLERS) times in the
// run, each unknown number once and each refused number twice, so the per-number throttle
// (SMS_MAX_INBOUND texts, SMS_MAX_FAILURES refusals in 15 min) is never reached by design: a
// throttled reply is a finding, reported apart from errors.
//
//   BENCH_DATABASE_URL    postgres://postgres@127.0.0.1:5432/hotline_bench (dropped and re-created)
//   BENCH_REDIS_URL       redis://127.0.0.1:6379 (a queue prefix of this run's own, removed at the end)
//   BENCH_SMS_RATES       requests/s, comma-separated (default 200,500,1000)
//   BENCH_SMS_SECONDS     measured seconds per rate (default 10), after BENCH_SMS_WARMUP_S (default 2)
//   BENCH_SMS_CALLERS     numbers on record, each with 1–2 open tickets (default 3000)
//   BENCH_SMS_HISTORY     texts in the mix sent before measuring, closed loop (default 3000)
//   BENCH_SMS_SOCKETS     keep-alive sockets at most (default 256)
//   BENCH_SMS_VERIFY_ITERATIONS  in-process signature checks and renders timed per case (default 20000)
//   BENCH_PORT / BENCH_TIMEOUT_S (default 900) / BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof",
//                         or "--import ./test/bench/gc-watch.mjs" to log GCs and event-loop stalls)
//
// Errors: not 200, a 200 without a TwiML <Message>, a socket error, or no answer within Twilio's
// 15 s of the scheduled send (Twilio would have given up). Last line:
// `bench:sms p99_ms_at_500=<n> p99_ms_at_1000=<n> errors=<n>` (errors in the measured windows of
// all rates). Exit code 0, or 1 when more than 0.1% of the measured requests fail otherwise than by
// being late (a slow service is a result, a wrong answer a failure), the server dies or does not
// start, or the run exceeds its time limit.
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import twilio from 'twilio';
import {
  complaint, describeMachine, fmt, freePort, httpRequest, intEnv, login, note, openLoop, percentiles, postgresScope, postJson, procTicks, recreateDatabase, rng, runBench, runLoop,
  Service, settle, sleep, table, tailShape, takeCpuSnapshot, withClient,
} from './bench-utils.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// ---------------------------------------------------------------------------------------------
// settings

const RATES = (process.env.BENCH_SMS_RATES || '200,500,1000').split(',').map((s) => {
  const n = Number(s.trim());
  if (!Number.isInteger(n) || n < 1 || n > 20_000) {
    console.error(`BENCH_SMS_RATES must be comma-separated integers 1..20000, got "${process.env.BENCH_SMS_RATES}"`);
    process.exit(2);
  }
  return n;
});
const SECONDS = intEnv('BENCH_SMS_SECONDS', 10, 1, 3_600);
const WARMUP_S = intEnv('BENCH_SMS_WARMUP_S', 2, 0, 600);
const CALLERS = intEnv('BENCH_SMS_CALLERS', 3_000, 10, 1_000_000);
const HISTORY = intEnv('BENCH_SMS_HISTORY', 3_000, 0, 10_000_000);
const SOCKETS = intEnv('BENCH_SMS_SOCKETS', 256, 1, 10_000);
const VERIFY_ITERATIONS = intEnv('BENCH_SMS_VERIFY_ITERATIONS', 20_000, 100, 10_000_000);
const TIMEOUT_S = intEnv('BENCH_TIMEOUT_S', 900, 30, 24 * 3600);
// the service's own throttle settings, passed through when set here
const MAX_INBOUND = intEnv('SMS_MAX_INBOUND', 30, 1, 100_000);
const MAX_FAILURES = intEnv('SMS_MAX_FAILURES', 5, 1, 1_000);
const DATABASE_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/hotline_bench';
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const QUEUE_PREFIX = `hotline-sms-bench-${randomBytes(4).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');
const PUBLIC_BASE_URL = 'https://bench.example.gov';
const INBOUND_PATH = '/api/v1/sms/inbound';
const SIGNED_URL = PUBLIC_BASE_URL + INBOUND_PATH;
const HOTLINE = '+8610123450000';
const REQUEST_TIMEOUT_MS = 15_000; // Twilio gives a webhook 15 s
const LATE = `no answer within ${REQUEST_TIMEOUT_MS / 1000} s of the scheduled send (Twilio would have given up)`;
const SETUP_CONCURRENCY = 32;
const MAX_ERROR_RATE = 0.001;
const TARGET = { rate: 500, p99Ms: 50 };
const NYC_311 = '/work/shared/data/311/nyc311-2011-2000.csv';

/** What a text asks, and the outcome the service records for it when all is well. */
const KINDS = [
  { name: 'own status (number on record)', expect: 'status' },
  { name: 'number + code (unknown number)', expect: 'status' },
  { name: 'refused (wrong code / no such ticket)', expect: 'not_found' },
];
const OWN_WORDS = ['查询', '查询', '查询进度', '进度', 'cx', 'status', 'Status?'];
const knownPhone = (k) => `+86139${String(k).padStart(8, '0')}`;
const strangerPhone = (k) => `+86158${String(k).padStart(8, '0')}`;
const refusedPhone = (k) => `+86159${String(k).padStart(8, '0')}`;

// ---------------------------------------------------------------------------------------------
// resources to release, whatever happens

let server; // Service
let agent;

async function cleanup() {
  agent?.destroy();
  await server?.stop().catch(() => server.kill());
  await dropQueueKeys().catch(() => undefined);
}

/** Whatever the API enqueued under this run's prefix (RUN_WORKERS=false: nobody consumes it). */
async function dropQueueKeys() {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${QUEUE_PREFIX}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------
// Twilio's side of the webhook

/** X-Twilio-Signature as Twilio describes it: HMAC-SHA1 of the URL and each name+value in name order, keyed with the auth token. */
function twilioSignature(authToken, url, params) {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, k) => acc + k + params[k], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** The form Twilio posts for an incoming SMS, signed; `sid` is SM + 32 hex digits. */
function signedInbound(sid, from, body, authToken = AUTH_TOKEN) {
  const params = {
    ToCountry: 'CN', ToState: '', SmsMessageSid: sid, NumMedia: '0', ToCity: '', FromZip: '', SmsSid: sid, FromState: '', SmsStatus: 'received', FromCity: '',
    Body: body, FromCountry: 'CN', To: HOTLINE, ToZip: '', NumSegments: '1', MessageSid: sid, AccountSid: `AC${'0'.repeat(32)}`, From: from, ApiVersion: '2010-04-01',
  };
  const buf = Buffer.from(new URLSearchParams(params).toString());
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': buf.length,
    'x-twilio-signature': twilioSignature(authToken, SIGNED_URL, params),
    'user-agent': 'TwilioProxy/1.1',
  };
  return { params, body: buf, headers };
}

// ---------------------------------------------------------------------------------------------
// the world: callers with open tickets, made through the API

/** Complaints and public notes from NYC 311 (2011) when the file is there; else the benches' built-in complaints. */
function load311() {
  let text;
  try {
    text = fs.readFileSync(NYC_311, 'utf8');
  } catch {
    return undefined;
  }
  const [header, ...rows] = parseCsv(text);
  const col = (name) => header.indexOf(name);
  const [type, descriptor, address, resolution] = ['Complaint Type', 'Descriptor', 'Incident Address', 'Resolution Description'].map(col);
  if ([type, descriptor, address, resolution].includes(-1)) return undefined;
  const complaints = rows
    .filter((r) => r[type])
    .map((r) => ({
      categoryCode: categoryOf(r[type]),
      description: `${r[type]}: ${r[descriptor] || 'no details given'}${r[address] ? ` at ${r[address]}` : ''}`.slice(0, 1000),
      address: r[address] || undefined,
    }));
  const notes = [...new Set(rows.map((r) => r[resolution]).filter((s) => s && s.length > 20))];
  return complaints.length > 0 && notes.length > 0 ? { complaints, notes } : undefined;
}

const CATEGORY_OF = [
  [/noise/i, 'environment.noise.nightlife'],
  [/taxi/i, 'transport.taxi'],
  [/consumer/i, 'market.consumer-rights'],
  [/food/i, 'market.food-safety'],
  [/water|sewer/i, 'water.outage'],
  [/sanitation|dirty|dumping|litter|recycl/i, 'urban.garbage'],
  [/vend/i, 'urban.street-vending'],
  [/dhs|dof|tenant|landlord|heat|plumbing|paint|scrie|property|building/i, 'housing.property-management'],
];
const categoryOf = (type) => CATEGORY_OF.find(([re]) => re.test(type))?.[1] ?? 'urban';

/** RFC 4180: quoted fields may hold commas, newlines and doubled quotes. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[i++];
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else if (c !== '\r') field += c;
  }
  if (field || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

const FALLBACK_NOTES = [
  'An inspector visited the site on Tuesday and ordered night work to stop; a follow-up check is scheduled.',
  'The department has contacted the company; payment of the outstanding wages is being arranged.',
  'Cleaning crew dispatched; bins will be emptied daily from now on.',
];

/** CALLERS numbers on record, each with 1–2 complaint tickets; ~40% of tickets get a public note, ~10% a later internal one. */
async function buildWorld(port, token) {
  const rand = rng(0x5a5);
  const data = load311();
  const plan = [];
  for (let k = 0; k < CALLERS; k++) {
    for (let j = rand() < 0.5 ? 2 : 1; j > 0; j--) {
      const c = data ? data.complaints[Math.floor(rand() * data.complaints.length)] : complaint(rand);
      plan.push({ caller: k, body: Buffer.from(JSON.stringify({ callerPhone: knownPhone(k), kind: 'complaint', district: 'Haidian', ...c })) });
    }
  }
  const tickets = new Array(plan.length);
  const made = await runLoop('setup: calls', plan.length, SETUP_CONCURRENCY, async (i) => {
    const r = await postJson(agent, port, '/api/v1/calls', plan[i].body, token);
    if (r.status !== 201) return `POST /api/v1/calls: HTTP ${r.status} ${r.body?.slice(0, 300)}`;
    const { number, accessCode } = JSON.parse(r.body).ticket;
    tickets[i] = { number, code: accessCode, caller: plan[i].caller };
  });
  if (made.errors.length > 0) throw new Error(`${made.errors.length} calls failed while setting up; first: ${made.errors[0]}\n${server.logTail()}`);

  const texts = data ? data.notes : FALLBACK_NOTES;
  const notes = [];
  let publicNotes = 0;
  for (const t of tickets) {
    if (rand() < 0.4) {
      publicNotes++;
      notes.push({ number: t.number, body: Buffer.from(JSON.stringify({ note: texts[Math.floor(rand() * texts.length)], public: true })) });
    }
    if (rand() < 0.1) notes.push({ number: t.number, body: Buffer.from(JSON.stringify({ note: 'internal: called the site manager', public: false })) });
  }
  const noted = await runLoop('setup: notes', notes.length, SETUP_CONCURRENCY, async (i) => {
    const r = await postJson(agent, port, `/api/v1/tickets/${encodeURIComponent(notes[i].number)}/notes`, notes[i].body, token, 201);
    return r.status === 201 ? undefined : `POST notes: HTTP ${r.status} ${r.body?.slice(0, 300)}`;
  });
  if (noted.errors.length > 0) throw new Error(`${noted.errors.length} notes failed while setting up; first: ${noted.errors[0]}`);
  // the order numbers on record take turns in, so each texts as rarely as the run allows
  const order = Array.from({ length: CALLERS }, (_, k) => k);
  for (let k = CALLERS - 1; k > 0; k--) {
    const j = Math.floor(rand() * (k + 1));
    [order[k], order[j]] = [order[j], order[k]];
  }
  return { tickets, order, publicNotes, source: data ? `NYC 311 (${NYC_311})` : 'built-in texts' };
}

// ---------------------------------------------------------------------------------------------
// the traffic

/**
 * `count` texts in the mix, each signed in advance so signing costs this process nothing while it
 * sends; MessageSid = SM + `tag` + sequence. `seq` numbers the senders across calls, so a number's
 * texts add up over the run as they do in the service's 15-minute window.
 */
function buildTexts(tag, count, world, seq, unknownTicket) {
  const rand = rng(0xb00 + tag);
  const reqs = new Array(count);
  const pick = () => world.tickets[Math.floor(rand() * world.tickets.length)];
  for (let i = 0; i < count; i++) {
    const r = rand();
    const sid = `SM${tag.toString(16).padStart(2, '0')}${i.toString(16).padStart(30, '0')}`;
    let kind;
    let from;
    let body;
    if (r < 0.7) {
      kind = 0;
      from = knownPhone(world.order[seq.known++ % CALLERS]);
      body = OWN_WORDS[Math.floor(rand() * OWN_WORDS.length)];
    } else if (r < 0.9) {
      const t = pick();
      kind = 1;
      from = strangerPhone(seq.stranger++);
      body = [`${t.number} ${t.code}`, `查询 ${t.number} ${t.code}`, `${t.number.replace('-', '')}，${t.code}`, `status ${t.number} code ${t.code}`][Math.floor(rand() * 4)];
    } else {
      // a refused number texts twice (a typo, then once more): far below SMS_MAX_FAILURES
      kind = 2;
      from = refusedPhone(Math.floor(seq.refused++ / 2));
      const t = pick();
      const wrongCode = String((Number(t.code) + 1 + Math.floor(rand() * 9998)) % 10_000).padStart(4, '0');
      body = rand() < 0.5 ? `${t.number} ${wrongCode}` : `${unknownTicket(seq.refused)} ${t.code}`;
    }
    reqs[i] = { kind, sid, ...signedInbound(sid, from, body) };
  }
  return reqs;
}

/** Texts already in sms_message when the measuring starts, as in a running service: also what ANALYZE sees of inbound rows. */
async function sendHistory(reqs, port) {
  const r = await runLoop('setup: earlier texts', reqs.length, SETUP_CONCURRENCY, async (i) => {
    const res = await httpRequest(agent, port, 'POST', INBOUND_PATH, { headers: reqs[i].headers, body: reqs[i].body, expect: 200 });
    return res.status === 200 ? undefined : `HTTP ${res.status} ${res.body?.slice(0, 300)}`;
  });
  if (r.errors.length > 0) throw new Error(`${r.errors.length} of ${reqs.length} earlier texts failed; first: ${r.errors[0]}\n${server.logTail()}`);
}

/** One rate's texts, open loop; requests that failed are marked so their missing rows are not counted twice. */
async function sendAtRate(phase, port, cpuSnapshot) {
  const { reqs, rate, total, measuredFrom } = phase;
  const r = await openLoop({
    label: `  ${rate}/s`,
    total,
    rate,
    measuredFrom,
    send: (i) => httpRequest(agent, port, 'POST', INBOUND_PATH, { headers: reqs[i].headers, body: reqs[i].body, timeoutMs: REQUEST_TIMEOUT_MS }),
    check: failureOf,
    cpuSnapshot,
  });
  for (const i of r.failed) reqs[i].failed = true;
  return { ...r, late: r.failures.get(LATE) ?? 0 };
}

/** Why Twilio would not take this answer, or undefined. */
function failureOf(res, latencyMs) {
  if (latencyMs > REQUEST_TIMEOUT_MS) return LATE;
  if (res.status === 0) return res.body.replace(/\d+ ms/, 'N ms');
  if (res.status !== 200) return `HTTP ${res.status} ${res.body.slice(0, 200)}`;
  if (!res.body.includes('<Message>')) return `200 without <Message>: ${res.body.slice(0, 200)}`;
  return undefined;
}

/** What the service recorded for each measured text: throttled replies, and answers other than the expected one. */
async function recordedOutcomes(phase) {
  const { rows } = await withClient(DATABASE_URL, (c) =>
    c.query(`SELECT provider_sid AS sid, outcome FROM sms_message WHERE direction = 'in' AND provider_sid LIKE $1`, [`SM${phase.tag.toString(16).padStart(2, '0')}%`]),
  );
  const bySid = new Map(rows.map((r) => [r.sid, r.outcome]));
  const out = { throttled: 0, wrong: 0, missing: 0, byKind: KINDS.map(() => 0), wrongExamples: [] };
  for (const req of phase.reqs.slice(phase.measuredFrom)) {
    out.byKind[req.kind]++;
    const o = bySid.get(req.sid);
    if (o === undefined) {
      if (!req.failed) out.missing++;
    } else if (o === 'throttled') out.throttled++;
    else if (o !== KINDS[req.kind].expect) {
      out.wrong++;
      if (out.wrongExamples.length < 3) out.wrongExamples.push(`${KINDS[req.kind].name} "${req.params.Body}" from ${req.params.From} → ${o}`);
    }
  }
  return out;
}

async function transactions(dbName) {
  return withClient(DATABASE_URL, async (c) => {
    const { rows } = await c.query(`SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1`, [dbName]);
    return Number(rows[0]?.n ?? NaN);
  });
}

// ---------------------------------------------------------------------------------------------
// the signature on its own

function timePerCall(fn, iterations) {
  for (let i = 0; i < Math.min(2_000, iterations); i++) fn();
  let yes = 0;
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) if (fn()) yes++;
  return { us: ((performance.now() - t0) * 1000) / iterations, yes: yes === iterations ? true : yes === 0 ? false : 'mixed' };
}

/** µs per call, in this process: Twilio's validateRequest, the service's own verifier (dist) as the controller calls it, and the reply's renderer. */
async function signatureCost(port) {
  const good = signedInbound(`SM${'ab'.repeat(16)}`, knownPhone(1), '查询');
  const bad = signedInbound(good.params.MessageSid, knownPhone(1), '查询', 'not-the-auth-token');
  const sigOf = (r) => r.headers['x-twilio-signature'];
  const cases = [
    ['HMAC-SHA1 of URL + sorted params (signing, one URL)', () => !!twilioSignature(AUTH_TOKEN, SIGNED_URL, good.params), true],
    ['twilio.validateRequest, valid signature', () => twilio.validateRequest(AUTH_TOKEN, sigOf(good), SIGNED_URL, good.params), true],
    ['twilio.validateRequest, invalid signature', () => twilio.validateRequest(AUTH_TOKEN, sigOf(bad), SIGNED_URL, bad.params), false],
  ];
  let webhook;
  try {
    webhook = await import(pathToFileURL(path.join(ROOT, 'dist', 'sms', 'twilio-webhook.js')).href);
  } catch {
    /* built without it: Twilio's own figures only */
  }
  if (webhook?.verifyTwilioSignature && webhook.formParams) {
    const req = (r) => ({ originalUrl: INBOUND_PATH, protocol: 'http', headers: { host: `127.0.0.1:${port}`, 'x-twilio-signature': sigOf(r) }, rawBody: r.body });
    const [g, b] = [req(good), req(bad)];
    cases.push(['service: formParams + verifyTwilioSignature, valid', () => webhook.verifyTwilioSignature(AUTH_TOKEN, g, webhook.formParams(g.rawBody), PUBLIC_BASE_URL), true]);
    cases.push(['service: formParams + verifyTwilioSignature, invalid', () => webhook.verifyTwilioSignature(AUTH_TOKEN, b, webhook.formParams(b.rawBody), PUBLIC_BASE_URL), false]);
  }
  // the reply's words: a status of two tickets whose public notes are too long for 3 segments, so
  // the renderer has to search for how much of each note fits (src/sms/sms-segments.ts)
  let templates;
  try {
    templates = await import(pathToFileURL(path.join(ROOT, 'dist', 'sms', 'sms-templates.js')).href);
  } catch {
    /* built without it */
  }
  if (templates?.renderSms) {
    const due = new Date(Date.now() + 86_400_000);
    const reply = (note, department) => ({
      tickets: [
        { number: 'A261206-0001', status: 'accepted', department, due, overdue: false, note },
        { number: 'A261206-0002', status: 'dispatched', department, due, overdue: false, note },
      ],
      moreTickets: 0,
    });
    const zh = reply('小区门口的垃圾桶已经五天没有清运，气味很大，居民反映强烈，请尽快处理。'.repeat(6), '区城市管理委员会环境卫生管理科');
    const en = reply('Workers were sent on Tuesday and will return to finish the repair of the pavement outside building 12. '.repeat(3), 'District Urban Management, Sanitation');
    const fits = (r) => r.segments <= 3;
    cases.push(['render: status of 2 tickets with long notes, zh-CN', () => fits(templates.renderSms('status', 'zh-CN', zh, 'Asia/Shanghai')), true]);
    cases.push(['render: status of 2 tickets with long notes, en', () => fits(templates.renderSms('status', 'en', en, 'Asia/Shanghai')), true]);
  }
  return cases.map(([label, fn, expect]) => {
    const r = timePerCall(fn, VERIFY_ITERATIONS);
    if (r.yes !== expect) throw new Error(`${label}: expected ${expect}, got ${r.yes} (the bench's signer and the verifier disagree)`);
    return { label, us: r.us };
  });
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run `npm run build` first (npm run bench:sms does)');
  const db = await recreateDatabase(DATABASE_URL);
  const port = process.env.BENCH_PORT ? intEnv('BENCH_PORT', 0, 1, 65535) : await freePort();
  console.log(`bench:sms    rates=${RATES.join(',')}/s × ${SECONDS} s (+${WARMUP_S} s warm-up each)  callers=${fmt(CALLERS)}  database=${db.name}  server port ${port}`);
  console.log(describeMachine(db));
  await startServer(port);
  const pgScope = await withClient(DATABASE_URL, postgresScope);
  const cpuSnapshot = () => takeCpuSnapshot({ server: procTicks(server.child.pid) }, pgScope);

  const tSetup = performance.now();
  const world = await buildWorld(port, await login(agent, port, 'operator', server.demoPassword));
  console.log(
    `world        ${fmt(CALLERS)} callers, ${fmt(world.tickets.length)} open complaint tickets, ${fmt(world.publicNotes)} public notes (texts: ${world.source}); ` +
      `made through the API in ${fmt((performance.now() - tSetup) / 1000, 1)} s`,
  );
  const { history, phases } = await schedule(world);
  await sendHistory(history, port);
  const signature = await signatureCost(port);

  const results = [];
  for (const phase of phases) results.push(await measure(phase, port, db.name, cpuSnapshot));
  agent.destroy();
  const serverLog = { lines: server.logged, tail: server.logTail(5) };
  await server.stop();
  return report(results, signature, serverLog);
}

async function startServer(port) {
  const t0 = performance.now();
  server = Service.seeded(ROOT, port, {
    databaseUrl: DATABASE_URL,
    redisUrl: REDIS_URL,
    queuePrefix: QUEUE_PREFIX,
    env: {
      RUN_WORKERS: 'false',
      TWILIO_ACCOUNT_SID: '', // outbound to the sandbox; inbound signatures are still checked
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      PUBLIC_BASE_URL,
    },
  });
  await server.waitReady();
  console.log(`server       ready in ${fmt((performance.now() - t0) / 1000, 1)} s (migrated, seeded; production mode, RUN_WORKERS=false, pid ${server.child.pid})`);
  agent = new http.Agent({ keepAlive: true, maxSockets: SOCKETS, maxFreeSockets: SOCKETS, noDelay: true });
}

/** Every text of the run, signed: the earlier ones and each rate's; refuses to run a mix that would reach the per-number throttle. */
async function schedule(world) {
  const { formatTicketNumber } = await import(pathToFileURL(path.join(ROOT, 'dist', 'tickets', 'ticket-number.js')).href);
  const day = world.tickets[0].number.slice(1, 7);
  const unknownTicket = (k) => formatTicketNumber(day, 900_000 + k); // well-formed, never issued
  const seq = { known: 0, stranger: 0, refused: 0 };
  const history = buildTexts(0, HISTORY, world, seq, unknownTicket);
  const phases = RATES.map((rate, i) => {
    const total = rate * (WARMUP_S + SECONDS);
    return { tag: i + 1, rate, total, measuredFrom: rate * WARMUP_S, reqs: buildTexts(i + 1, total, world, seq, unknownTicket) };
  });
  const perKnown = Math.ceil(seq.known / CALLERS);
  console.log(
    `senders      ${fmt(HISTORY)} earlier texts, then the rates; in all ${fmt(seq.known)} texts from numbers on record (≤ ${perKnown} per number; SMS_MAX_INBOUND=${MAX_INBOUND}), ` +
      `${fmt(seq.stranger)} from unknown numbers (1 each), ${fmt(seq.refused)} refused from ${fmt(Math.ceil(seq.refused / 2))} numbers (≤ 2 each; SMS_MAX_FAILURES=${MAX_FAILURES})`,
  );
  if (perKnown >= MAX_INBOUND || MAX_FAILURES < 2) {
    throw new Error(`the workload would hit the per-number throttle: raise BENCH_SMS_CALLERS above ${Math.ceil(seq.known / (MAX_INBOUND - 1))} (or SMS_MAX_FAILURES to 2 or more)`);
  }
  return { history, phases };
}

/** One rate: settle, send, then what the service recorded and what PostgreSQL counted. */
async function measure(phase, port, dbName, cpuSnapshot) {
  agent.destroy(); // no socket the server may have timed out on carries into a rate
  agent = new http.Agent({ keepAlive: true, maxSockets: SOCKETS, maxFreeSockets: SOCKETS, noDelay: true });
  // statistics as autovacuum would keep them (it is off on some bench servers): with none for
  // inbound rows the planner reads the replay check by the inbound partial index, a scan of every inbound text
  await withClient(DATABASE_URL, settle);
  await sleep(1_500); // pg_stat_database takes up to a second to show a backend's transactions
  const xact0 = await transactions(dbName);
  const run = await sendAtRate(phase, port, cpuSnapshot);
  server.assertAlive(`at ${phase.rate}/s`);
  await sleep(1_500);
  const xacts = (await transactions(dbName)) - xact0;
  const outcomes = await recordedOutcomes(phase);
  const r = { rate: phase.rate, ...run, ...percentiles(run.latency), lagP99: percentiles(run.lag).p99, outcomes, xactsPerReq: xacts / phase.total };
  note(`  ${r.rate}/s: p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms, max ${fmt(r.max, 1)} ms, errors ${r.errors}, throttled ${outcomes.throttled}; server ${fmt(r.cpu.server, 2)} cores, postgres ${fmt(r.cpu.postgres, 2)}`);
  return r;
}

function report(results, signature, serverLog) {
  const others = (c) => (c.machine === undefined ? undefined : c.machine - (c.server ?? 0) - c.postgres - c.bench - (c.steal ?? 0));
  const perReq = (cores, r) => (cores / r.achieved) * 1e6;
  console.log('');
  console.log(`latency from the scheduled send, ms (measured ${SECONDS} s per rate; errors: not 200 / no <Message> / timeout ${REQUEST_TIMEOUT_MS / 1000} s / socket):`);
  console.log(
    table([
      ['rate /s', 'achieved /s', 'p50', 'p90', 'p99', 'max', 'errors', 'throttled', 'wrong answer', 'client send lag p99'],
      ...results.map((r) => [r.rate, fmt(r.achieved), fmt(r.p50, 1), fmt(r.p90, 1), fmt(r.p99, 1), fmt(r.max, 1), r.errors, r.outcomes.throttled, r.outcomes.wrong + r.outcomes.missing, fmt(r.lagP99, 1)]),
    ]),
  );
  console.log('');
  console.log(`cpu over the measured window (of ${os.cpus().length} cores; postgres: the server's own processes and the backends on ${DATABASE_URL.replace(/^.*\//, '')}; others: the rest of the machine; stolen: by the VM's host):`);
  console.log(
    table([
      ['rate /s', 'server cores', 'server µs/req', 'postgres cores', 'postgres µs/req', 'pg xacts/req', 'bench cores', 'others cores', 'stolen cores', 'machine cores'],
      ...results.map((r) => [
        r.rate, fmt(r.cpu.server, 2), fmt(perReq(r.cpu.server, r)), fmt(r.cpu.postgres, 2), fmt(perReq(r.cpu.postgres, r)), fmt(r.xactsPerReq, 1),
        fmt(r.cpu.bench, 2), fmt(others(r.cpu), 2), fmt(r.cpu.steal, 2), fmt(r.cpu.machine, 2),
      ]),
    ]),
  );
  console.log('');
  const at = (rate) => results.find((r) => r.rate === rate);
  const ref = at(TARGET.rate) ?? results[0];
  const serverUs = perReq(ref.cpu.server, ref);
  console.log(`signature verification and reply rendering, in this process (${fmt(VERIFY_ITERATIONS)} calls each), against the server's whole CPU per request at ${ref.rate}/s (${fmt(serverUs)} µs):`);
  console.log(table([['check', 'µs', 'share of a request'], ...signature.map((s) => [s.label, fmt(s.us, 1), `${fmt((s.us / serverUs) * 100, 1)}%`])]));
  console.log('');
  for (const r of results) console.log(`tail         ${r.rate}/s: ${tailShape(r.latency, (j) => (j * 1000) / r.rate, r.p99, 'sent')}`);
  const mix = ref.outcomes.byKind.map((n, k) => `${KINDS[k].name} ${fmt((n / (ref.latency.length || 1)) * 100, 0)}%`).join(', ');
  console.log(`mix          ${mix} (at ${ref.rate}/s)`);
  for (const r of results) {
    const elsewhere = others(r.cpu) + (r.cpu.steal ?? 0);
    if (elsewhere > 0.25) console.log(`BUSY         ${r.rate}/s: other processes and the VM's host took ${fmt(elsewhere, 2)} cores: the figures are not the service's alone`);
    for (const [what, n] of r.failures) console.log(`errors       ${r.rate}/s: ${n} × ${what}`);
    if (r.warmupErrors > 0) console.log(`errors       ${r.rate}/s: ${r.warmupErrors} more in the warm-up (not counted)`);
    if (r.outcomes.throttled > 0) console.log(`THROTTLED    ${r.rate}/s: ${r.outcomes.throttled} replies were the throttle's: the workload, not the service, is wrong`);
    if (r.outcomes.missing > 0) console.log(`wrong        ${r.rate}/s: ${r.outcomes.missing} answered 200 but left no inbound row`);
    for (const w of r.outcomes.wrongExamples) console.log(`wrong        ${r.rate}/s: ${w}`);
  }
  if (serverLog.lines > 0) console.log(`server log   ${serverLog.lines} line(s) at LOG_LEVEL=warn; last:\n${serverLog.tail}`);
  const p99 = (rate) => (at(rate) ? at(rate).p99.toFixed(1) : 'n/a');
  const errors = results.reduce((a, r) => a + r.errors, 0);
  const measured = results.reduce((a, r) => a + r.latency.length, 0);
  const target = at(TARGET.rate);
  console.log(`target       p99 ≤ ${TARGET.p99Ms} ms at ${TARGET.rate}/s: ${target ? (target.p99 <= TARGET.p99Ms ? 'ok' : 'MISSED') : 'not run'}`);
  const late = results.reduce((a, r) => a + r.late, 0);
  const failed = errors - late > measured * MAX_ERROR_RATE;
  if (failed) console.log(`FAILED       more than ${MAX_ERROR_RATE * 100}% of the measured requests failed (other than by answering late)`);
  console.log(`bench:sms p99_ms_at_500=${p99(500)} p99_ms_at_1000=${p99(1000)} errors=${errors}`);
  return failed ? 1 : 0;
}

runBench('bench:sms', TIMEOUT_S, main, cleanup);
