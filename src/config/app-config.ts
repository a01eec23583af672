import path from 'node:path';
import type { CountryCode } from 'libphonenumber-js';
import { getCountries } from 'libphonenumber-js';
import { parseQuietHours } from '../alerts/quiet-hours.js';
import { DEFAULT_RATING_OPTIONS, type RatingOption, type SmsLocale } from '../sms/sms-parser.js';

/**
 * The whole configuration, read once from the environment at boot and validated there, so a
 * misspelt variable stops the process with a clear message instead of failing a request later.
 * Processors and services receive this object; nothing else reads process.env.
 */
export interface AppConfig {
  /** `demo`: no DATABASE_URL given, embedded PostgreSQL, BullMQ on PostgreSQL, demo data. */
  mode: 'demo' | 'production';
  port: number;
  databaseUrl?: string;
  redisUrl?: string;
  /** Where the embedded PostgreSQL keeps its data in demo mode. */
  dataDir: string;
  embeddedPgPort?: number;
  demoPassword: string;
  seedDemo: boolean;
  /** Apply pending migrations at start-up (always in demo mode; a deploy step in production). */
  migrateOnStart: boolean;
  jwtSecret: string;
  jwtTtlSeconds: number;
  defaultCountry: CountryCode;
  queuePrefix: string;
  /** IANA zone of the deployment: ticket numbers' day, business hours. */
  timeZone: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** A ticket returned more often than this escalates to the supervision office as a routing dispute. */
  maxReturns: number;
  /** How often the reconciler re-arms lost timers and fires overdue deadlines. */
  reconcileIntervalMs: number;
  /** Alert delivery outside the app: SMTP for e-mail, an HMAC-signed webhook. */
  smtpUrl?: string;
  mailFrom: string;
  alertWebhookUrl?: string;
  alertWebhookSecret?: string;
  /** First retry delay of a failed delivery (doubles each attempt, capped at an hour), and how often the worker looks. */
  alertRetryBaseMs: number;
  deliveryPollMs: number;
  /** Routine warnings wait for the end of these hours (local time); breaches and urgent tickets do not. */
  quietHours?: string;
  /** JSON file replacing parts of the working calendar (another country, local holidays). */
  calendarFile?: string;
  /** How often the worker gives newly committed deadline rows their timer jobs. */
  armIntervalMs: number;
  /** Run queue workers (deadline timers) in this process: always in demo mode; `node dist/worker.js` in production. */
  runWorkers: boolean;
  /** Return (退单) reason codes agents may choose from. */
  returnReasons: string[];
  sms: SmsConfig;
  open311: Open311Config;
}

/** The Open311 GeoReport v2 endpoint (/open311/v2) and its discovery document. */
export interface Open311Config {
  /** Set when clients must name this jurisdiction; a different one is 404. Unset: any is accepted. */
  jurisdictionId?: string;
  /** Discovery `contact` and `key_service`: how a developer reaches the API's owners and gets a key. */
  contact: string;
  keyService: string;
  /** Requests a new key may post per minute, unless the admin sets another figure. */
  defaultRateLimitPerMinute: number;
  /**
   * Channels whose complaints the public GETs show. By default only what was filed through
   * Open311: a phone complaint's words and address were not given for publication.
   */
  publicChannels: string[];
}

/**
 * SMS through Twilio, by Twilio's conventional variable names. Outbound needs the account, the
 * token and a sender; a token alone still verifies inbound webhooks. Without the account, messages
 * go to the built-in sandbox (demo mode, or a deployment still waiting for its Twilio contract).
 */
export interface SmsConfig {
  transport: 'twilio' | 'sandbox';
  accountSid?: string;
  authToken?: string;
  from?: string;
  messagingServiceSid?: string;
  /** Another origin for Twilio's REST API: a regional edge, an egress proxy, or a local mock in tests. */
  apiBaseUrl?: string;
  /**
   * The URL Twilio reaches this service at: signatures are computed over it, status callbacks
   * point to it. Without it the URL is rebuilt from the request (X-Forwarded-Proto/-Host from a
   * reverse proxy, else Host), and no status callbacks are asked for.
   */
  publicBaseUrl?: string;
  defaultLocale: SmsLocale;
  /** The signature callers see on every message ("【12345】"). */
  hotlineName: string;
  ratingOptions: RatingOption[];
  /** After the resolution SMS, how long to wait for a rating before an operator must call back. */
  ratingWaitMinutes: number;
  /** Failed look-ups (unknown ticket, wrong code) from one number within the window before it is throttled. */
  maxFailures: number;
  /** Inbound messages from one number within the window before it is throttled, whatever they say. */
  maxInbound: number;
  throttleWindowMinutes: number;
  /** How often the worker gives new outbox rows their send jobs, and looks for lost ones. */
  pollMs: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {}

const DEMO_JWT_SECRET = 'hotline-demo-secret-change-me';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const DEFAULT_RETURN_REASONS = [
  'NOT_OUR_JURISDICTION',
  'WRONG_DISTRICT',
  'INSUFFICIENT_INFO',
  'DUPLICATE',
  'OTHER',
];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number | undefined, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean) => {
    const raw = env[name]?.toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false, got "${env[name]}"`);
    return fallback;
  };
  const url = (name: string, protocols: string[]) => {
    const raw = env[name];
    if (!raw) return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) {
        problems.push(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
      }
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return raw;
  };

  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = url('REDIS_URL', ['redis:', 'rediss:']);
  const mode = databaseUrl ? 'production' : 'demo';

  const country = (env.DEFAULT_COUNTRY ?? 'CN').toUpperCase();
  if (!getCountries().includes(country as CountryCode)) {
    problems.push(`DEFAULT_COUNTRY must be an ISO 3166-1 alpha-2 code, got "${env.DEFAULT_COUNTRY}"`);
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: env.TIME_ZONE || 'Asia/Shanghai' });
  } catch {
    problems.push(`TIME_ZONE must be an IANA time zone such as Asia/Shanghai, got "${env.TIME_ZONE}"`);
  }
  const logLevel = (env.LOG_LEVEL ?? 'info') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const jwtSecret = env.JWT_SECRET ?? (mode === 'demo' ? DEMO_JWT_SECRET : '');
  if (!jwtSecret) problems.push('JWT_SECRET is required when DATABASE_URL is set (production mode)');
  else if (jwtSecret.length < 16) problems.push('JWT_SECRET must be at least 16 characters');

  const returnReasons = (env.RETURN_REASONS ?? DEFAULT_RETURN_REASONS.join(','))
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (returnReasons.length === 0) problems.push('RETURN_REASONS must list at least one code');

  const config: AppConfig = {
    mode,
    port: int('PORT', 3000, 0, 65535)!,
    databaseUrl,
    redisUrl,
    dataDir: path.resolve(env.DATA_DIR ?? '.data'),
    embeddedPgPort: int('EMBEDDED_PG_PORT', undefined, 1, 65535),
    demoPassword: env.DEMO_PASSWORD || 'hotline-demo',
    seedDemo: bool('SEED_DEMO', mode === 'demo'),
    migrateOnStart: bool('MIGRATE_ON_START', mode === 'demo'),
    jwtSecret,
    jwtTtlSeconds: int('JWT_TTL_SECONDS', 12 * 3600, 60, 30 * 24 * 3600)!,
    defaultCountry: country as CountryCode,
    queuePrefix: env.QUEUE_PREFIX || 'hotline',
    timeZone: env.TIME_ZONE || 'Asia/Shanghai',
    logLevel,
    returnReasons,
    maxReturns: int('MAX_RETURNS', 2, 0, 100)!,
    reconcileIntervalMs: int('RECONCILE_INTERVAL_MS', 30_000, 200, 3_600_000)!,
    runWorkers: bool('RUN_WORKERS', mode === 'demo'),
    armIntervalMs: int('ARM_INTERVAL_MS', 200, 10, 60_000)!,
    calendarFile: env.CALENDAR_FILE || undefined,
    smtpUrl: url('SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.MAIL_FROM || 'hotline@localhost',
    alertWebhookUrl: url('ALERT_WEBHOOK_URL', ['http:', 'https:']),
    alertWebhookSecret: env.ALERT_WEBHOOK_SECRET || undefined,
    quietHours: env.QUIET_HOURS ?? '22:00-07:00',
    alertRetryBaseMs: int('ALERT_RETRY_BASE_MS', 5_000, 10, 3_600_000)!,
    deliveryPollMs: int('DELIVERY_POLL_MS', 1_000, 10, 60_000)!,
    sms: undefined as unknown as SmsConfig,
    open311: {
      jurisdictionId: env.OPEN311_JURISDICTION_ID?.trim() || undefined,
      contact: env.OPEN311_CONTACT || 'Ask the hotline administrators.',
      keyService: env.OPEN311_KEY_SERVICE || 'API keys for posting requests are issued by the hotline administrators.',
      defaultRateLimitPerMinute: int('OPEN311_RATE_LIMIT', 60, 1, 100_000)!,
      publicChannels: (env.OPEN311_PUBLIC_CHANNELS || 'open311').split(',').map((c) => c.trim()).filter(Boolean),
    },
  };
  config.sms = smsConfig(env, problems, int, url);
  const badChannel = config.open311.publicChannels.find((c) => !['phone', 'open311'].includes(c));
  if (badChannel) problems.push(`OPEN311_PUBLIC_CHANNELS lists channels among phone and open311, not "${badChannel}"`);
  if (config.alertWebhookUrl && !config.alertWebhookSecret) problems.push('ALERT_WEBHOOK_SECRET is required with ALERT_WEBHOOK_URL (receivers verify the signature)');
  try {
    parseQuietHours(config.quietHours);
  } catch (err) {
    problems.push(`QUIET_HOURS: ${(err as Error).message}`);
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}

const SMS_LOCALES: SmsLocale[] = ['zh-CN', 'en'];

function smsConfig(
  env: NodeJS.ProcessEnv,
  problems: string[],
  int: (name: string, fallback: number | undefined, min: number, max: number) => number | undefined,
  url: (name: string, protocols: string[]) => string | undefined,
): SmsConfig {
  const accountSid = env.TWILIO_ACCOUNT_SID || undefined;
  const authToken = env.TWILIO_AUTH_TOKEN || undefined;
  const from = env.TWILIO_FROM || undefined;
  const messagingServiceSid = env.TWILIO_MESSAGING_SERVICE_SID || undefined;
  if (accountSid && !/^AC[0-9a-fA-F]{32}$/.test(accountSid)) problems.push('TWILIO_ACCOUNT_SID must be "AC" followed by 32 hex digits');
  if (accountSid && !authToken) problems.push('TWILIO_AUTH_TOKEN is required with TWILIO_ACCOUNT_SID');
  if (accountSid && !from && !messagingServiceSid) problems.push('TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID is required with TWILIO_ACCOUNT_SID');
  if (messagingServiceSid && !/^MG[0-9a-fA-F]{32}$/.test(messagingServiceSid)) problems.push('TWILIO_MESSAGING_SERVICE_SID must be "MG" followed by 32 hex digits');
  const defaultLocale = (env.SMS_DEFAULT_LOCALE || 'zh-CN') as SmsLocale;
  if (!SMS_LOCALES.includes(defaultLocale)) problems.push(`SMS_DEFAULT_LOCALE must be one of ${SMS_LOCALES.join(', ')}`);
  const publicBaseUrl = url('PUBLIC_BASE_URL', ['http:', 'https:'])?.replace(/\/+$/, '');
  return {
    transport: accountSid && authToken ? 'twilio' : 'sandbox',
    accountSid,
    authToken,
    from,
    messagingServiceSid,
    apiBaseUrl: url('TWILIO_API_BASE_URL', ['http:', 'https:']),
    publicBaseUrl,
    defaultLocale,
    hotlineName: env.HOTLINE_NAME || '12345',
    ratingOptions: ratingOptions(env.RATING_OPTIONS, problems),
    ratingWaitMinutes: int('RATING_WAIT_MINUTES', 2 * 24 * 60, 1, 60 * 24 * 60)!,
    maxFailures: int('SMS_MAX_FAILURES', 5, 1, 1000)!,
    maxInbound: int('SMS_MAX_INBOUND', 30, 1, 100_000)!,
    throttleWindowMinutes: int('SMS_THROTTLE_WINDOW_MINUTES', 15, 1, 24 * 60)!,
    pollMs: int('SMS_POLL_MS', 200, 10, 60_000)!,
  };
}

/** `RATING_OPTIONS`: a JSON list like `[{"score":1,"satisfied":true,"labels":{"zh-CN":"满意","en":"satisfied"}}, …]`. */
function ratingOptions(raw: string | undefined, problems: string[]): RatingOption[] {
  if (!raw) return DEFAULT_RATING_OPTIONS;
  const bad = () => {
    problems.push('RATING_OPTIONS must be a JSON list of {"score": 1-9, "satisfied": true|false, "labels": {"zh-CN": "…", "en": "…"}} with distinct scores and at least one unsatisfied option');
    return DEFAULT_RATING_OPTIONS;
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return bad();
  }
  if (!Array.isArray(parsed) || parsed.length < 2) return bad();
  const ok = parsed.every(
    (o: RatingOption) =>
      Number.isInteger(o?.score) && o.score >= 1 && o.score <= 9 && typeof o.satisfied === 'boolean' && SMS_LOCALES.every((l) => typeof o.labels?.[l] === 'string' && o.labels[l].trim()),
  );
  const scores = new Set(parsed.map((o: RatingOption) => o?.score));
  if (!ok || scores.size !== parsed.length || !parsed.some((o: RatingOption) => !o.satisfied)) return bad();
  return parsed as RatingOption[];
}
