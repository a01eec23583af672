import type { Role } from '../users/user.entity.js';

export const TICKET_STATUSES = [
  'registered',
  'dispatched',
  'returned',
  'accepted',
  'suspended',
  'resolved',
  'reopened',
  'closed',
  'merged',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses in which a ticket is still someone's job. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['registered', 'dispatched', 'returned', 'accepted', 'suspended', 'reopened'];
/** Waiting for a dispatcher. */
export const DISPATCH_QUEUE_STATUSES: readonly TicketStatus[] = ['registered', 'returned', 'reopened'];

export const TRANSITIONS = ['dispatch', 'accept', 'return', 'resolve', 'close', 'reopen', 'suspend', 'resume', 'merge'] as const;
export type Transition = (typeof TRANSITIONS)[number];

/** Staff act by role; the caller acts through their SMS rating (closing or reopening what was resolved). */
export type ActorRole = Role | 'caller';

interface Rule {
  from: readonly TicketStatus[];
  /** Fixed target; `resume` computes it from where the ticket was suspended. */
  to: TicketStatus | 'previous';
  roles: readonly ActorRole[];
  /** Agents may only act on tickets their own department leads. */
  leadDepartmentOnly?: boolean;
}

const BACK_OFFICE: readonly Role[] = ['dispatcher', 'supervisor', 'admin'];

/**
 * The ticket lifecycle as data: who may move a ticket from where to where. The service enforces
 * it inside the transaction; the console reads it to show only the buttons that will work.
 */
export const LIFECYCLE: Record<Transition, Rule> = {
  // dispatched → dispatched is a re-dispatch to another department before anyone accepted
  dispatch: { from: ['registered', 'returned', 'reopened', 'dispatched'], to: 'dispatched', roles: BACK_OFFICE },
  accept: { from: ['dispatched', 'reopened'], to: 'accepted', roles: ['agent'], leadDepartmentOnly: true },
  return: { from: ['dispatched'], to: 'returned', roles: ['agent'], leadDepartmentOnly: true },
  resolve: { from: ['accepted'], to: 'resolved', roles: ['agent'], leadDepartmentOnly: true },
  close: { from: ['resolved', 'registered', 'returned'], to: 'closed', roles: ['operator', ...BACK_OFFICE, 'caller'] },
  reopen: { from: ['resolved', 'closed'], to: 'reopened', roles: ['operator', ...BACK_OFFICE, 'caller'] },
  suspend: { from: ['accepted'], to: 'suspended', roles: ['agent', 'supervisor', 'admin'], leadDepartmentOnly: true },
  resume: { from: ['suspended'], to: 'previous', roles: ['agent', 'supervisor', 'admin'], leadDepartmentOnly: true },
  merge: { from: ['registered', 'returned', 'dispatched', 'accepted', 'suspended', 'reopened'], to: 'merged', roles: BACK_OFFICE },
};

export interface Actor {
  id: string | null;
  role: ActorRole;
  departmentId: string | null;
}

export type TransitionCheck =
  | { ok: true; to: TicketStatus }
  | { ok: false; kind: 'forbidden' | 'conflict'; code: string; message: string };

/**
 * Pure check of one transition. Role before state: someone who may never do this learns 403
 * whatever the ticket's state; someone who may, but not now, learns 409.
 */
export function checkTransition(
  transition: Transition,
  ticket: { status: TicketStatus; leadDepartmentId: string | null; suspendedFrom: TicketStatus | null; kind?: string },
  actor: Actor,
): TransitionCheck {
  const rule = LIFECYCLE[transition];
  if (!rule.roles.includes(actor.role)) {
    return { ok: false, kind: 'forbidden', code: 'ROLE_NOT_ALLOWED', message: `Role ${actor.role} may not ${transition} tickets` };
  }
  if (rule.leadDepartmentOnly && actor.role === 'agent' && (!actor.departmentId || actor.departmentId !== ticket.leadDepartmentId)) {
    return { ok: false, kind: 'forbidden', code: 'NOT_LEAD_DEPARTMENT', message: `Only the lead department may ${transition} this ticket` };
  }
  if (!rule.from.includes(ticket.status)) {
    return {
      ok: false,
      kind: 'conflict',
      code: 'TRANSITION_NOT_ALLOWED',
      message: `Cannot ${transition} a ticket that is ${ticket.status}`,
    };
  }
  if (transition === 'close' && ticket.status !== 'resolved' && actor.role !== 'supervisor' && actor.role !== 'admin') {
    // closing a complaint nobody handled stops every clock: a supervisor's decision (e.g. a prank call)
    return { ok: false, kind: 'forbidden', code: 'SUPERVISOR_REQUIRED', message: 'Only a supervisor may close a complaint that was never resolved' };
  }
  if (transition === 'reopen' && ticket.kind === 'inquiry') {
    return { ok: false, kind: 'conflict', code: 'TRANSITION_NOT_ALLOWED', message: 'An inquiry answered on the spot cannot be reopened; log a complaint instead' };
  }
  const to = rule.to === 'previous' ? (ticket.suspendedFrom ?? 'accepted') : rule.to;
  return { ok: true, to };
}

/** Transitions the actor could perform on the ticket now (for UIs and the API's `actions`). */
export function availableTransitions(
  ticket: Parameters<typeof checkTransition>[1],
  actor: Actor,
): Transition[] {
  return TRANSITIONS.filter((t) => checkTransition(t, ticket, actor).ok);
}
