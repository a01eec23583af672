import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Ticket } from '../tickets/ticket.entity.js';
import type { Stage } from './sla-policy.entity.js';

export const DEADLINE_KINDS = ['warning', 'breach', 'escalation', 'reminder'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];
export type DeadlineStatus = 'pending' | 'fired' | 'cancelled';

/**
 * PostgreSQL is the truth, BullMQ the alarm clock: each pending deadline is a row, and one
 * delayed job per row (job id `dl-<id>`, armed by the worker after commit) carries only the id.
 * The processor re-reads the row under a lock and fires only a row that is still pending.
 */
@Entity('deadline')
@Index('idx_deadline_pending_due_at', ['dueAt'], { where: "status = 'pending'" })
@Index('idx_deadline_unarmed', ['createdAt'], { where: "status = 'pending' AND NOT armed" })
@Index(['ticketId', 'stage'])
export class Deadline {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ticket_id' })
  ticket?: Relation<Ticket>;

  @Column({ type: 'varchar', length: 20 })
  stage: Stage;

  @Column({ type: 'varchar', length: 20 })
  kind: DeadlineKind;

  /** 0 warning, 1 breach (lead department head), 2 supervision office, 3 leadership. */
  @Column({ type: 'smallint' })
  level: number;

  /** Reminders of one level are numbered so each alerts once. */
  @Column({ type: 'smallint', default: 0 })
  seq: number;

  @Column({ type: 'timestamptz' })
  dueAt: Date;

  /** The stage's breach time, on every row of the stage: what the traffic light and overdue lists read. */
  @Column({ type: 'timestamptz' })
  stageDueAt: Date;

  @Column({ type: 'varchar', length: 12, default: 'pending' })
  status: DeadlineStatus;

  @Column({ type: 'integer', default: 1 })
  version: number;

  /**
   * Whether its timer job exists. Requests only write rows (an outbox: no queue round trip on the
   * API path, and Redis being down never blocks a call); the worker's armer polls unarmed rows.
   */
  @Column({ type: 'boolean', default: false })
  armed: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  firedAt: Date | null;

  /** When the ticket left this stage (set on every row of the stage, fired ones too): the stage no longer runs. */
  @Column({ type: 'timestamptz', nullable: true })
  stageEndedAt: Date | null;

  /** Why it stopped being pending without firing: the transition that made it moot. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  cancelReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
