import { pino, type Logger } from 'pino';
import type { LoggerService } from '@nestjs/common';

/**
 * Phone numbers are personal data: they never reach a log line whole. International numbers
 * (+…), mainland mobiles (1[3-9] and 9 more digits) and landlines with a trunk 0 keep their first
 * 3 and last 2 digits. Longer digit runs (timestamps, ids) are left alone.
 */
const PHONE_LIKE = /(?<![\d\w])(?:\+\d[\d\s-]{5,17}\d|1[3-9]\d{9}|0\d{2,3}[\s-]?\d{7,8})(?!\d)/g;

export function maskPhones(text: string): string {
  return text.replace(PHONE_LIKE, (m) => {
    const digits = m.replace(/\D/g, '');
    if (digits.length < 7) return m;
    const plus = m.startsWith('+') ? '+' : '';
    return `${plus}${digits.slice(0, 3)}${'*'.repeat(digits.length - 5)}${digits.slice(-2)}`;
  });
}

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPhones(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: maskPhones(value.message), stack: value.stack && maskPhones(value.stack) };
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
  return out;
}

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'hotline' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { log: (obj) => maskDeep(obj) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? maskPhones(a) : a)) as Parameters<typeof method>);
      },
    },
  });
}

/** Adapts pino to Nest's LoggerService so framework messages are JSON lines too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
