import type { CategoryNode } from './category-search';
import type { Role } from './nav';
import { noteServerDate } from './server-clock';

/** The API's error body `{ statusCode, code, message, details? }`; `code` is stable, `message` is English. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
  departmentId: string | null;
  displayName: string;
}

export interface Settings {
  timeZone: string;
  hotlineName: string;
  priorities: string[];
  smsTransport: 'twilio' | 'sandbox';
}

export type Light = 'green' | 'yellow' | 'red';

export interface TicketView {
  id: string;
  number: string;
  accessCode: string | null;
  kind: 'complaint' | 'inquiry';
  status: string;
  priority: string;
  category: { code: string; name: string } | null;
  description: string;
  leadDepartment: { id: string; name: string } | null;
  urgeCount: number;
  resolution: string | null;
  dueAt: string | null;
  clock: { stage: string; dueAt: string; light: Light; remaining: { businessMinutes: number; wallMinutes: number } } | null;
  createdAt: string;
}

export interface CallerHistory {
  caller: { id: string; phone: string; name: string | null; smsOptedOutAt: string | null };
  calls: { id: string; kind: string; ticketNumber: string | null; description: string | null; answer: string | null; createdAt: string }[];
  openTickets: TicketView[];
}

export interface RouteSuggestion {
  ruleName: string;
  leadDepartment: { id: string; name: string };
  assistingDepartmentIds: string[];
  autoDispatch: boolean;
  reasons: string[];
}

export interface DeadlinePreview {
  dueAt: string | null;
  policy: { name: string; clock: 'business' | 'wall' } | null;
  stages: { stage: string; dueAt: string }[];
  autoDispatch: boolean;
}

export interface Department {
  id: string;
  name: string;
}

export interface LoggedCall {
  call: { id: string; kind: string; callerPhone: string };
  ticket: TicketView;
  possibleDuplicates: { number: string; status: string }[];
}

export type { CategoryNode };

type Query = Record<string, string | undefined>;

/**
 * One request to the public API. A network failure becomes ApiError code NETWORK, so every
 * caller handles exactly one kind of error; an aborted request rethrows AbortError.
 */
export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export async function request<T>(method: Method, path: string, opts: { token?: string; query?: Query; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const qs = new URLSearchParams(Object.entries(opts.query ?? {}).filter((e): e is [string, string] => !!e[1])).toString();
  let res: Response;
  const sentAt = Date.now();
  try {
    res = await fetch(`/api/v1${path}${qs ? `?${qs}` : ''}`, {
      method,
      signal: opts.signal,
      headers: { accept: 'application/json', ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', (err as Error).message);
  }
  noteServerDate(res.headers.get('date'), sentAt, Date.now());
  const body = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(res.status, body?.code ?? `HTTP_${res.status}`, body?.message ?? res.statusText, body?.details);
  return body as T;
}

export const isAbort = (err: unknown) => (err as Error)?.name === 'AbortError';
