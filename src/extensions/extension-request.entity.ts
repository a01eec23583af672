import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Ticket } from '../tickets/ticket.entity.js';
import { User } from '../users/user.entity.js';

export type ExtensionStatus = 'pending' | 'approved' | 'rejected';

/** 延期: a department asks for more time before its deadline; a supervisor decides. */
@Entity('extension_request')
@Index(['status', 'createdAt'])
@Index(['ticketId'])
@Index('uq_extension_request_pending', ['ticketId'], { unique: true, where: "status = 'pending'" })
export class ExtensionRequest {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ticket_id' })
  ticket?: Relation<Ticket>;

  @Column({ type: 'uuid' })
  requestedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requested_by_id' })
  requestedBy?: Relation<User>;

  @Column({ type: 'text' })
  reason: string;

  /** The committed deadline when asked, and the one asked for. */
  @Column({ type: 'timestamptz' })
  currentDueAt: Date;

  @Column({ type: 'timestamptz' })
  requestedDueAt: Date;

  @Column({ type: 'varchar', length: 12, default: 'pending' })
  status: ExtensionStatus;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by_id' })
  decidedBy?: Relation<User>;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionNote: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
