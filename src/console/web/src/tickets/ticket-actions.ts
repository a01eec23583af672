import type { SessionUser } from '../api';
import type { WorkTicket } from './ticket-types';

/** What a person can do to a ticket from the queue or the ticket page. */
export type TicketAction = 'accept' | 'return' | 'resolve' | 'suspend' | 'resume' | 'close' | 'reopen' | 'extension' | 'note';

const OPEN = ['registered', 'dispatched', 'returned', 'accepted', 'suspended', 'reopened'];
const EXTENDABLE = ['dispatched', 'accepted', 'reopened'];
// dispatch and merge need a department or ticket picker: the dispatch screens offer them
const TRANSITION_ACTIONS: TicketAction[] = ['accept', 'return', 'resolve', 'suspend', 'resume', 'close', 'reopen'];

/** The lead department's own ticket, as opposed to one it assists on. */
export function leads(ticket: Pick<WorkTicket, 'leadDepartment'>, user: Pick<SessionUser, 'departmentId'>): boolean {
  return !!user.departmentId && ticket.leadDepartment?.id === user.departmentId;
}

/**
 * The buttons to offer: the lifecycle transitions the API says this user may perform now, an
 * extension for the lead department's agent while the committed deadline is still ahead (on the
 * server's clock), and a progress note for anyone who sees an open ticket (assisting
 * departments included: it is how they report their part).
 */
export function actionsFor(ticket: Pick<WorkTicket, 'actions' | 'status' | 'dueAt' | 'leadDepartment'>, user: Pick<SessionUser, 'role' | 'departmentId'>, now: number): TicketAction[] {
  const out: TicketAction[] = TRANSITION_ACTIONS.filter((a) => (ticket.actions as string[]).includes(a));
  if (user.role === 'agent' && leads(ticket, user) && EXTENDABLE.includes(ticket.status) && ticket.dueAt && Date.parse(ticket.dueAt) > now) out.push('extension');
  if (OPEN.includes(ticket.status)) out.push('note');
  return out;
}
