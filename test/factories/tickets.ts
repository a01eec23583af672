import type { TicketStatus } from '../../src/tickets/ticket-state.js';
import type { TestApp } from '../utils/test-app.js';
import { logComplaint, type World } from './world.js';

/** Valid bodies for each transition, so a test states only what it is about. */
export function bodyFor(transition: string, w: World, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const bodies: Record<string, Record<string, unknown>> = {
    dispatch: { leadDepartmentId: w.departments.a },
    accept: {},
    return: { reasonCode: 'NOT_OUR_JURISDICTION', note: 'This is a district matter' },
    resolve: { resolution: 'Site inspected; night work stopped' },
    close: {},
    reopen: { reason: 'Caller says the noise continues' },
    suspend: { reason: 'Waiting for the court ruling' },
    resume: {},
    merge: {},
  };
  return { ...bodies[transition], ...extra };
}

export async function act(t: TestApp, w: World, number: string, transition: string, as: keyof World['users'], extra: Record<string, unknown> = {}) {
  return t.http.post(`/api/v1/tickets/${number}/${transition}`).set(w.users[as].auth).send(bodyFor(transition, w, extra));
}

async function must(t: TestApp, w: World, number: string, transition: string, as: keyof World['users'], extra: Record<string, unknown> = {}) {
  const res = await act(t, w, number, transition, as, extra);
  if (res.status !== 200) throw new Error(`${transition} as ${as}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Brings a fresh ticket (lead department A) into the given status through the public API. */
export async function ticketIn(t: TestApp, w: World, status: TicketStatus): Promise<string> {
  const { ticket } = await logComplaint(t, w);
  const n = ticket.number;
  const path: Record<TicketStatus, [string, keyof World['users']][]> = {
    registered: [],
    dispatched: [['dispatch', 'dispatcher']],
    returned: [['dispatch', 'dispatcher'], ['return', 'agentA']],
    accepted: [['dispatch', 'dispatcher'], ['accept', 'agentA']],
    suspended: [['dispatch', 'dispatcher'], ['accept', 'agentA'], ['suspend', 'agentA']],
    resolved: [['dispatch', 'dispatcher'], ['accept', 'agentA'], ['resolve', 'agentA']],
    closed: [['dispatch', 'dispatcher'], ['accept', 'agentA'], ['resolve', 'agentA'], ['close', 'operator']],
    reopened: [['dispatch', 'dispatcher'], ['accept', 'agentA'], ['resolve', 'agentA'], ['reopen', 'operator']],
    merged: [],
  };
  for (const [transition, as] of path[status]) await must(t, w, n, transition, as);
  if (status === 'merged') {
    const { ticket: survivor } = await logComplaint(t, w);
    await must(t, w, n, 'merge', 'dispatcher', { intoNumber: survivor.number });
  }
  return n;
}
