import type { ClockView, EventView } from '../../../../tickets/ticket-view.types';
import type { TicketView } from '../api';

/** The running stage's clock as the API gives it, with the moment the light turns yellow. */
export type LiveClockView = ClockView;

export type Transition = 'dispatch' | 'accept' | 'return' | 'resolve' | 'close' | 'reopen' | 'suspend' | 'resume' | 'merge';

/** A ticket as GET /tickets lists it: the fields a department works from. */
export interface WorkTicket extends Omit<TicketView, 'clock' | 'leadDepartment'> {
  leadDepartment: { id: string; code: string; name: string } | null;
  assistingDepartments: { id: string; code: string; name: string }[];
  address: string | null;
  district: string | null;
  returnCount: number;
  originalDueAt: string | null;
  updatedAt: string;
  version: number;
  clock: LiveClockView | null;
  /** What the signed-in user may do to it now, by the lifecycle's rules. */
  actions: Transition[];
}

export type TicketEventView = EventView;

export interface DeadlineRow {
  id: string;
  stage: string;
  kind: 'warning' | 'breach' | 'escalation' | 'reminder';
  level: number;
  seq: number;
  dueAt: string;
  stageDueAt: string;
  status: 'pending' | 'fired' | 'cancelled';
  firedAt: string | null;
  stageEndedAt: string | null;
  cancelReason: string | null;
}

export interface SmsRow {
  id: string;
  direction: 'in' | 'out';
  purpose: string;
  template: string | null;
  body: string;
  status: string;
  segments: number | null;
  phone: string | null;
  errorCode: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  statusAt: string | null;
}

export interface EmailRow {
  id: string;
  template: string;
  subject: string;
  status: string;
  to: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface RatingRow {
  score: number;
  satisfied: boolean;
  source: string;
  comment: string | null;
  createdAt: string;
}

/** GET /tickets/:number, and every action's answer. */
export interface TicketDetail extends WorkTicket {
  resolvedAt: string | null;
  closedAt: string | null;
  events: TicketEventView[];
  deadlines: DeadlineRow[];
  calls: { id: string; kind: string; createdAt: string; operatorId: string | null }[];
  sms: SmsRow[];
  ratings: RatingRow[];
  emails: EmailRow[];
}
