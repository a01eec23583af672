import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Ticket } from '../tickets/ticket.entity.js';

export const CALLER_EMAIL_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type CallerEmailStatus = (typeof CALLER_EMAIL_STATUSES)[number];

/**
 * An e-mail to a caller who left an address but no phone (an Open311 reporter): the same notices
 * phone callers get by SMS. Written in the transaction that decides it; the worker sends it.
 */
@Entity('caller_email')
@Index(['status', 'nextAttemptAt'])
export class CallerEmail {
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id' })
  ticket?: Relation<Ticket>;

  @Column({ type: 'varchar', length: 254 })
  toEmail: string;

  @Column({ type: 'varchar', length: 30 })
  template: string;

  /** Registration e-mails are written by the worker from these, as registration SMS are. */
  @Column({ type: 'jsonb', nullable: true })
  params: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  subject: string | null;

  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: CallerEmailStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
