import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Ticket } from '../tickets/ticket.entity.js';

/**
 * Our own states (`queued` → `sending` → …) then Twilio's MessageStatus values, which status
 * callbacks move forward (never back: they arrive repeated and out of order). `retrying`: an
 * attempt may or may not have reached Twilio, so the next one looks before it sends again.
 */
export const SMS_STATUSES = ['queued', 'retrying', 'sending', 'accepted', 'scheduled', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'canceled', 'suppressed', 'received'] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];
/** notification: a message we start (opt-out applies); reply: an answer to the caller's own text (exempt, as carriers require); alert: to staff. */
export const SMS_PURPOSES = ['notification', 'reply', 'alert', 'inbound'] as const;
export type SmsPurpose = (typeof SMS_PURPOSES)[number];

/**
 * Every SMS in and out. Outbound rows are the outbox: written in the transaction that decided to
 * send, given a send job after commit, sent once; inbound rows are the log the throttle counts.
 */
@Entity('sms_message')
@Index(['ticketId', 'createdAt'])
@Index(['toPhone', 'createdAt'])
@Index('idx_sms_message_inbound', ['fromPhone', 'createdAt'], { where: "direction = 'in'" })
@Index('idx_sms_message_unarmed', ['createdAt'], { where: "status = 'queued' AND NOT armed" })
@Index('idx_sms_message_reply_to_id', ['replyToId'], { where: 'reply_to_id IS NOT NULL' })
@Index('idx_sms_message_in_flight', ['nextAttemptAt'], { where: "status IN ('queued', 'retrying', 'sending')" })
export class SmsMessage {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 3 })
  direction: 'in' | 'out';

  @Column({ type: 'varchar', length: 12 })
  purpose: SmsPurpose;

  @Column({ type: 'uuid', nullable: true })
  ticketId: string | null;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ticket_id' })
  ticket?: Relation<Ticket>;

  @Column({ type: 'varchar', length: 20 })
  toPhone: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  fromPhone: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  template: string | null;

  @Column({ type: 'varchar', length: 5, nullable: true })
  locale: string | null;

  /** Null while a deferred message waits for the worker to write it (see `params`). */
  @Column({ type: 'text', nullable: true })
  body: string | null;

  /** Template parameters of a message whose words the worker writes before sending (a call's registration SMS). */
  @Column({ type: 'jsonb', nullable: true })
  params: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 5, nullable: true })
  encoding: string | null;

  @Column({ type: 'smallint', nullable: true })
  segments: number | null;

  @Column({ type: 'varchar', length: 12 })
  status: SmsStatus;

  /** Twilio's message SID (`SM…`), or the sandbox's. */
  @Column({ type: 'varchar', length: 40, nullable: true, unique: true })
  providerSid: string | null;

  @Column({ type: 'smallint', default: 0 })
  attempts: number;

  /** Has its send job (the armer's mark, as for deadline rows). */
  @Column({ type: 'boolean', default: false })
  armed: boolean;

  /** When the next attempt is due (the row owns the retry schedule; jobs only wake the sender). */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  /** When the current send attempt took the row: a crashed sender's claim expires. */
  @Column({ type: 'timestamptz', nullable: true })
  claimedAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  errorCode: number | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** A reply: the inbound text it answers (a webhook Twilio retries gets the same reply, not a second look-up). */
  @Column({ type: 'uuid', nullable: true })
  replyToId: string | null;

  /** Inbound: what the text was understood as and what came of it (the throttle counts `not_found`). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  outcome: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  statusAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
