import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, type Relation } from 'typeorm';
import { Department } from '../departments/department.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';

export const RATING_SOURCES = ['sms', 'callback'] as const;
export type RatingSource = (typeof RATING_SOURCES)[number];

/**
 * 好差评: the caller's verdict on one resolution of a ticket (a reopened ticket is resolved and
 * rated again). Kept with the department that resolved it, for its satisfaction figures.
 */
@Entity('ticket_rating')
@Unique(['ticketId', 'resolvedAt'])
@Index(['departmentId', 'createdAt'])
export class TicketRating {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ticket_id' })
  ticket?: Relation<Ticket>;

  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Relation<Department>;

  @Column({ type: 'smallint' })
  score: number;

  @Column({ type: 'boolean' })
  satisfied: boolean;

  @Column({ type: 'varchar', length: 10 })
  source: RatingSource;

  /** Which resolution this rates. */
  @Column({ type: 'timestamptz' })
  resolvedAt: Date;

  /** The caller's words, when they said more than a digit. */
  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
