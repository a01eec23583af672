import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Caller } from '../callers/caller.entity.js';
import { Category } from '../categories/category.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { User } from '../users/user.entity.js';

export const CALL_KINDS = ['complaint', 'inquiry', 'follow_up'] as const;
export type CallKind = (typeof CALL_KINDS)[number];

@Entity('call')
@Index(['callerId', 'createdAt'])
export class Call {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  callerId: string;

  @ManyToOne(() => Caller, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'caller_id' })
  caller?: Relation<Caller>;

  @Column({ type: 'varchar', length: 20 })
  kind: CallKind;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  ticketId: string | null;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ticket_id' })
  ticket?: Relation<Ticket>;

  @Column({ type: 'uuid', nullable: true })
  operatorId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'operator_id' })
  operator?: Relation<User>;

  @Column({ type: 'uuid', nullable: true })
  categoryId: string | null;

  @ManyToOne(() => Category, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id' })
  category?: Relation<Category>;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** What the operator told the caller when an inquiry was answered on the spot. */
  @Column({ type: 'text', nullable: true })
  answer: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
