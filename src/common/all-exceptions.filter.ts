import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { HttpServer } from '@nestjs/common';
import type { Logger } from 'pino';
import { DomainError } from './domain-error.js';
import { CONTENT_TYPES, errorsDocument, render, splitFormat } from '../open311/open311-format.js';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  errorId?: string;
}

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** Fastify's body parser: a body that is not the JSON its content type says. */
const MALFORMED_BODY = /^FST_ERR_CTP_(INVALID_JSON_BODY|EMPTY_JSON_BODY)$/;

/** PostgreSQL / driver conditions that mean "the database is not there", not "our bug". */
function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '53300', '08006', '08001'].includes(e?.code ?? '') ||
    /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED/i.test(e?.message ?? '')
  );
}

export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  payload: unknown;
}

/**
 * An error body as the client at `url` is answered: `{ statusCode, code, message, details? }`, or,
 * under /open311/, the spec's error list in the format asked for, with its statuses: 404 for what
 * does not exist, 403 for a missing or bad key, 400 for the rest (a failure of ours included: "eg
 * CRM is down"; a key past its rate too: the spec has no 429, so Retry-After says how long to wait).
 */
export function errorResponse(url: string, body: ErrorBody): ErrorResponse {
  const retryAfter = (body.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  const headers: Record<string, string> = retryAfter ? { 'retry-after': String(retryAfter) } : {};
  if (!url.startsWith('/open311/')) return { status: body.statusCode, headers, payload: body };
  const path = url.split('?')[0];
  const { format } = splitFormat(path.slice(path.lastIndexOf('/') + 1));
  const status = [403, 404].includes(body.statusCode) ? body.statusCode : body.statusCode === 401 ? 403 : 400;
  const problems = (body.details as { problems?: string[] } | undefined)?.problems ?? [body.message];
  const doc = errorsDocument(problems.map((description) => ({ code: status, description: body.errorId ? `${description} (error id ${body.errorId})` : description })));
  return { status, headers: { ...headers, 'content-type': CONTENT_TYPES[format], 'access-control-allow-origin': '*' }, payload: render(doc, format) };
}

/**
 * Fastify's own refusals, made before any route runs (a URL that is not valid percent-encoding, a
 * content type no parser takes), answered in the same shape as everything else.
 */
export function frameworkErrorResponse(url: string, err: { statusCode?: number; code?: string; message: string }): ErrorResponse {
  const statusCode = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  const code = err.code === 'FST_ERR_BAD_URL' ? 'MALFORMED_URL' : (HTTP_CODES[statusCode] ?? `HTTP_${statusCode}`);
  const message = err.code === 'FST_ERR_BAD_URL' ? 'The URL has an invalid percent-encoding' : err.message;
  return errorResponse(url, { statusCode, code, message });
}

/**
 * The one place errors become HTTP responses: `{ statusCode, code, message, details? }`.
 * A 500 is always a bug; it is logged with an errorId that the client also receives.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly http: HttpServer,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse();
    const body = this.toBody(exception);
    if (body.statusCode >= 500 && body.statusCode !== 503) {
      body.errorId = randomUUID();
      this.logger.error({ err: exception, errorId: body.errorId }, 'unhandled error');
    } else if (body.statusCode === 503) {
      this.logger.warn({ err: exception }, 'dependency unavailable');
    }
    if (this.http.isHeadersSent(res)) return;
    const out = errorResponse(host.switchToHttp().getRequest()?.url ?? '', body);
    for (const [name, value] of Object.entries(out.headers)) this.http.setHeader(res, name, value);
    this.http.reply(res, out.payload, out.status);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return { statusCode: exception.status, code: exception.code, message: exception.message, details: exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse() as string | { message?: unknown; code?: string; details?: unknown };
      if (typeof response === 'object' && response.code) {
        return { statusCode: status, code: response.code, message: String(response.message), details: response.details };
      }
      const message = typeof response === 'string' ? response : Array.isArray(response.message) ? response.message.join('; ') : String(response.message ?? exception.message);
      const cause = exception.cause as { type?: string; code?: string } | undefined;
      if (cause instanceof SyntaxError || cause?.type === 'entity.parse.failed' || MALFORMED_BODY.test(cause?.code ?? '')) {
        return { statusCode: 400, code: 'MALFORMED_JSON', message: `The request body is not valid JSON: ${message}` };
      }
      if (cause instanceof URIError) return { statusCode: 400, code: 'MALFORMED_URL', message: 'The URL has an invalid percent-encoding' };
      return { statusCode: status, code: HTTP_CODES[status] ?? `HTTP_${status}`, message };
    }
    // body parsers' errors carry their own 4xx status
    const e = exception as { status?: number; statusCode?: number; type?: string; code?: string; message?: string };
    const status = e?.status ?? e?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const malformed = e.type === 'entity.parse.failed' || MALFORMED_BODY.test(e.code ?? '');
      const code = malformed ? 'MALFORMED_JSON' : (HTTP_CODES[status] ?? `HTTP_${status}`);
      return { statusCode: status, code, message: e.message ?? 'Bad request' };
    }
    const pgCode = (exception as { code?: string; driverError?: { code?: string } })?.driverError?.code ?? (exception as { code?: string })?.code;
    if (pgCode === '23505') {
      return { statusCode: 409, code: 'ALREADY_EXISTS', message: 'Something with the same unique value was just created; reload and try again' };
    }
    if (pgCode === '40P01' || pgCode === '40001' || pgCode === '55P03') {
      return { statusCode: 409, code: 'CONCURRENT_UPDATE', message: 'Another change to the same records happened at the same moment; try again' };
    }
    if (isDatabaseUnavailable(exception)) {
      return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, code: 'DATABASE_UNAVAILABLE', message: 'The database is not reachable; nothing was written. Try again shortly.' };
    }
    return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal error' };
  }
}
