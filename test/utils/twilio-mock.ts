// A local Twilio for tests: Prism serves Twilio's own OpenAPI description of Messages (so requests
// are validated as Twilio documents them: 422 for a missing `To`, 401 without Basic auth), and a
// small proxy in front of it records what reached "Twilio", injects faults and delays, and fills
// in what a schema-driven mock cannot know (the echoed To/From/Body, an SM sid, one page of list).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PRISM_ENTRY = path.join(ROOT, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');
const SPEC = path.join(ROOT, 'test', 'fixtures', 'twilio', 'messages.openapi.json');
const START_TIMEOUT_MS = 30_000;
const OUTPUT_LIMIT = 64 * 1024;
// Preloaded into Prism: exit when our end of its stdin closes, i.e. when the Jest worker that
// started it dies without calling stop() (crash, SIGKILL): no orphaned Prism.
const EXIT_WITH_PARENT = 'data:text/javascript,process.stdin.on("end",()=>process.exit(0));process.stdin.resume();';
// Twilio's generic codes for plain HTTP failures.
const HTTP_ERROR_CODES: Record<number, number> = { 401: 20003, 404: 20404, 429: 20429, 500: 20500, 503: 20503 };

const MESSAGES = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const MESSAGE = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\.json$/;

export interface RecordedTwilioRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  /** From the Basic auth username. */
  accountSid?: string;
  at: number;
}

export interface TwilioFailure {
  /** Only a request for this recipient gets the failure (other sends in flight pass untouched). */
  to?: string;
  status: number;
  code?: number;
  message?: string;
}

export interface TwilioMock {
  /** Base URL to give RebasedRequestClient / TWILIO_API_BASE_URL. */
  url: string;
  /** Every request that reached the mock, in order (form bodies parsed; query params for GET). */
  requests: RecordedTwilioRequest[];
  /**
   * The next `count` requests get this answer instead of Prism's: e.g. { status: 500 } or a Twilio
   * error { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." }
   * (body in Twilio's error JSON shape: { code, message, more_info, status }).
   */
  failNext(count: number, answer: TwilioFailure): void;
  /** Delay the next `count` requests by `ms` before answering (timeouts). */
  delayNext(count: number, ms: number): void;
  /** POSTs to Messages.json with To=phone. */
  messagesTo(phone: string): RecordedTwilioRequest[];
  /** Clears requests and pending faults. */
  reset(): void;
  stop(): Promise<void>;
}

interface Answer {
  status: number;
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
}

export async function startTwilioMock(): Promise<TwilioMock> {
  const prism = await startPrism();
  const requests: RecordedTwilioRequest[] = [];
  const failures: TwilioFailure[] = [];
  const delays: number[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const agent = new http.Agent({ keepAlive: true });

  const server = http.createServer((req, res) => {
    res.on('error', () => undefined);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const recorded = record(req, body);
      requests.push(recorded);
      const at = failures.findIndex((f) => f.to === undefined || f.to === recorded.params.To);
      const failure = at >= 0 ? failures.splice(at, 1)[0] : undefined;
      const delay = delays.shift() ?? 0;
      const answering = failure
        ? Promise.resolve(twilioError(failure))
        : forward(prism.port, agent, req, body).then((answer) => cohere(recorded, answer));
      const safely = answering.catch((err: Error) => twilioError({ status: 502, message: `Twilio mock: ${err.message}` }));
      void safely.then((answer) => {
        const send = () => {
          timers.delete(timer);
          if (res.destroyed) return;
          res.writeHead(answer.status, { ...answer.headers, 'content-length': answer.body.length });
          res.end(answer.body);
        };
        const timer = setTimeout(send, delay);
        timers.add(timer);
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  }).catch(async (err: unknown) => {
    await prism.stop();
    throw err;
  });
  const { port } = server.address() as AddressInfo;

  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(count, answer) {
      for (let i = 0; i < count; i++) failures.push({ ...answer });
    },
    delayNext(count, ms) {
      for (let i = 0; i < count; i++) delays.push(ms);
    },
    messagesTo(phone) {
      return requests.filter((r) => r.method === 'POST' && MESSAGES.test(r.path) && r.params.To === phone);
    },
    reset() {
      requests.length = 0;
      failures.length = 0;
      delays.length = 0;
    },
    stop() {
      stopped ??= (async () => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        agent.destroy();
        await prism.stop();
      })();
      return stopped;
    },
  };
}

function record(req: http.IncomingMessage, body: Buffer): RecordedTwilioRequest {
  const url = new URL(req.url ?? '/', 'http://mock');
  const isForm = (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
  const params = isForm ? new URLSearchParams(body.toString('utf8')) : url.searchParams;
  const auth = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  const accountSid = auth ? Buffer.from(auth[1], 'base64').toString('utf8').split(':')[0] : undefined;
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    params: Object.fromEntries(params),
    ...(accountSid ? { accountSid } : {}),
    at: Date.now(),
  };
}

function twilioError({ status, code, message }: TwilioFailure): Answer {
  const twilioCode = code ?? HTTP_ERROR_CODES[status] ?? null;
  const body = {
    code: twilioCode,
    message: message ?? http.STATUS_CODES[status] ?? 'Error',
    more_info: `https://www.twilio.com/docs/errors${twilioCode ? `/${twilioCode}` : ''}`,
    status,
  };
  return { status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) };
}

function forward(prismPort: number, agent: http.Agent, req: http.IncomingMessage, body: Buffer): Promise<Answer> {
  const { host: _host, connection: _connection, 'content-length': _length, ...headers } = req.headers;
  return new Promise((resolve) => {
    const upstream = http.request(
      { host: '127.0.0.1', port: prismPort, method: req.method, path: req.url, agent, headers: { ...headers, 'content-length': body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const { 'content-length': _l, 'transfer-encoding': _t, connection: _c, 'keep-alive': _k, ...rest } = res.headers;
          resolve({ status: res.statusCode ?? 502, headers: rest, body: Buffer.concat(chunks) });
        });
      },
    );
    upstream.on('error', (err) => resolve(twilioError({ status: 502, message: `Prism unreachable: ${err.message}` })));
    upstream.end(body);
  });
}

/**
 * Prism answers with schema-valid but random data (a `to` of "culpa", an MM sid, a `next_page_uri`
 * on another host). Twilio derives those fields from the request; so does this.
 */
function cohere(req: RecordedTwilioRequest, answer: Answer): Answer {
  const json = answer.status >= 200 && answer.status < 300 && String(answer.headers['content-type']).includes('json');
  const list = MESSAGES.exec(req.path);
  const one = MESSAGE.exec(req.path);
  if (!json || (!list && !one)) return answer;
  const body = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
  const accountSid = (list ?? one)![1];
  if (list && req.method === 'POST') {
    Object.assign(body, createdMessage(accountSid, req.params, smSid(body.sid)));
  } else if (list) {
    const messages = Array.isArray(body.messages) ? (body.messages as Record<string, unknown>[]) : [];
    const { To: to, From: from } = req.params;
    for (const message of messages) {
      const sid = smSid(message.sid);
      Object.assign(validDates(message), messageIdentity(accountSid, sid), to ? { to } : {}, from ? { from } : {});
    }
    const uri = `${req.path}?${new URLSearchParams(req.params)}`;
    const pageSize = Number(req.params.PageSize ?? 50);
    Object.assign(body, { messages, uri, first_page_uri: uri, next_page_uri: null, previous_page_uri: null });
    Object.assign(body, { page: Number(req.params.Page ?? 0), page_size: pageSize, start: 0, end: Math.max(messages.length - 1, 0) });
  } else {
    Object.assign(validDates(body), messageIdentity(accountSid, one![2]));
  }
  return { ...answer, body: Buffer.from(JSON.stringify(body)) };
}

function smSid(sid: unknown): string {
  return typeof sid === 'string' && /^(SM|MM)[0-9a-fA-F]{32}$/.test(sid) ? `SM${sid.slice(2)}` : `SM${randomBytes(16).toString('hex')}`;
}

function messageIdentity(accountSid: string, sid: string) {
  const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${sid}`;
  return {
    sid,
    account_sid: accountSid,
    uri: `${uri}.json`,
    subresource_uris: { media: `${uri}/Media.json`, feedback: `${uri}/Feedback.json` },
  };
}

/**
 * Prism fills `date-time-rfc-2822` with lorem ipsum, which the client hands back as a string, not
 * a Date, or with null, which the spec allows but real Twilio never sends for creation and update
 * times (only `date_sent` is null, until the message is sent).
 */
function validDates(message: Record<string, unknown>): Record<string, unknown> {
  for (const field of ['date_created', 'date_updated', 'date_sent']) {
    const value = message[field];
    if (value === null && field === 'date_sent') continue;
    if (value === null || Number.isNaN(Date.parse(String(value)))) message[field] = twilioDate(new Date());
  }
  return message;
}

function twilioDate(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

function createdMessage(accountSid: string, params: Record<string, string>, sid: string) {
  const now = twilioDate(new Date());
  return {
    ...messageIdentity(accountSid, sid),
    to: params.To,
    from: params.From ?? null,
    body: params.Body ?? null,
    messaging_service_sid: params.MessagingServiceSid ?? null,
    status: params.SendAt ? 'scheduled' : params.MessagingServiceSid ? 'accepted' : 'queued',
    direction: 'outbound-api',
    api_version: '2010-04-01',
    date_created: now,
    date_updated: now,
    date_sent: null,
    error_code: null,
    error_message: null,
    num_media: String(params.MediaUrl ? 1 : 0),
    num_segments: '1',
    price: null,
    price_unit: 'USD',
  };
}

interface Prism {
  port: number;
  stop(): Promise<void>;
}

async function startPrism(): Promise<Prism> {
  const port = await freePort();
  const args = ['--import', EXIT_WITH_PARENT, PRISM_ENTRY, 'mock', '-d', '-h', '127.0.0.1', '-p', String(port), SPEC];
  // Its own process group, so stop() can signal Prism and anything it forks at once.
  const child = spawn(process.execPath, args, { cwd: ROOT, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const capture = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout!.on('data', capture);
  child.stderr!.on('data', capture);
  let gone = false;
  const exited = new Promise<void>((resolve) => {
    const done = () => {
      gone = true;
      resolve();
    };
    child.once('exit', done);
    child.once('error', (err) => {
      capture(Buffer.from(`${err.message}\n`));
      done();
    });
  });
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (!gone) {
      killGroup(child, 'SIGTERM');
      const graceful = await Promise.race([exited.then(() => true), sleep(5_000, false, { ref: false })]);
      if (!graceful) killGroup(child, 'SIGKILL');
      await exited;
    }
    child.stdin!.destroy();
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await answers(port))) {
    if (gone || Date.now() > deadline) {
      await stop();
      const why = gone ? `exited (${child.exitCode ?? child.signalCode})` : `did not answer within ${START_TIMEOUT_MS} ms`;
      throw new Error(`Prism ${why}: node ${args.slice(2).join(' ')}\n${output}`);
    }
    await sleep(100);
  }
  return { port, stop };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** Prism answers anything (404 for unknown paths) once it listens. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', timeout: 1_000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
