import { Call } from '../calls/call.entity.js';
import { Caller } from '../callers/caller.entity.js';
import { Category } from '../categories/category.entity.js';
import { Department } from '../departments/department.entity.js';
import { RoutingRule } from '../routing/routing-rule.entity.js';
import { TicketEvent } from '../tickets/ticket-event.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { User } from '../users/user.entity.js';
import { SlaPolicy } from '../deadlines/sla-policy.entity.js';
import { Deadline } from '../deadlines/deadline.entity.js';
import { Alert } from '../alerts/alert.entity.js';
import { AlertDelivery } from '../alerts/alert-delivery.entity.js';
import { ExtensionRequest } from '../extensions/extension-request.entity.js';
import { SmsMessage } from '../sms/sms-message.entity.js';
import { SmsOptOut } from '../sms/sms-opt-out.entity.js';
import { TicketRating } from '../feedback/ticket-rating.entity.js';
import { CallbackTask } from '../feedback/callback-task.entity.js';
import { Open311ApiKey } from '../open311/open311-api-key.entity.js';
import { Open311Request } from '../open311/open311-request.entity.js';
import { CallerEmail } from '../email/caller-email.entity.js';
import { CalendarDay } from '../calendar/calendar-day.entity.js';
import { SmsWording } from '../sms/sms-wording.entity.js';

/** Every entity, listed once: the app, the CLI and the migration check use the same list. */
export const ENTITIES = [Department, Category, User, Caller, Call, Ticket, TicketEvent, RoutingRule, SlaPolicy, Deadline, Alert, AlertDelivery, ExtensionRequest, SmsMessage, SmsOptOut, TicketRating, CallbackTask, Open311ApiKey, Open311Request, CallerEmail, CalendarDay, SmsWording];
