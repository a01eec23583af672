import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Ticket } from '../tickets/ticket.entity.js';
import { User } from '../users/user.entity.js';

export const CALLBACK_REASONS = ['no_rating', 'sms_failed'] as const;
export type CallbackReason = (typeof CALLBACK_REASONS)[number];

/** An operator must phone the caller: they never rated the resolution, or our SMS cannot reach them. */
@Entity('callback_task')
@Index(['status', 'createdAt'])
export class CallbackTask {
  @PrimaryColumn('uuid')
  id: string;

  /** One task per cause (`no_rating-<ticket>-<resolvedAt>`): the sweep may find the same ticket twice. */
  @Column({ type: 'varchar', length: 120, unique: true })
  dedupeKey: string;

  @Column({ type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ticket_id' })
  ticket?: Relation<Ticket>;

  @Column({ type: 'varchar', length: 20 })
  reason: CallbackReason;

  @Column({ type: 'varchar', length: 10, default: 'open' })
  status: 'open' | 'done';

  @Column({ type: 'timestamptz', nullable: true })
  doneAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  doneById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'done_by_id' })
  doneBy?: Relation<User>;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
