import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, VersionColumn, type Relation } from 'typeorm';
import { Caller } from '../callers/caller.entity.js';
import { Category } from '../categories/category.entity.js';
import { Department } from '../departments/department.entity.js';
import { User } from '../users/user.entity.js';
import type { TicketStatus } from './ticket-state.js';
import { SlaPolicy, type Stage } from '../deadlines/sla-policy.entity.js';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const TICKET_KINDS = ['complaint', 'inquiry'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

@Entity('ticket')
@Index(['status', 'createdAt'])
@Index(['leadDepartmentId', 'status'])
@Index(['callerId', 'status'])
export class Ticket {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 24, unique: true })
  number: string;

  /** Short numeric code a caller texts with the number to prove the ticket is theirs. */
  @Column({ type: 'varchar', length: 8 })
  accessCode: string;

  @Column({ type: 'varchar', length: 20 })
  kind: TicketKind;

  @Column({ type: 'varchar', length: 20 })
  status: TicketStatus;

  @Column({ type: 'varchar', length: 10, default: 'normal' })
  priority: Priority;

  /** Where the ticket came from: `phone`, later `sms`, `open311`. */
  @Column({ type: 'varchar', length: 20, default: 'phone' })
  channel: string;

  @Column({ type: 'uuid' })
  callerId: string;

  @ManyToOne(() => Caller, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'caller_id' })
  caller?: Relation<Caller>;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  categoryId: string | null;

  @ManyToOne(() => Category, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id' })
  category?: Relation<Category>;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  address: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  district: string | null;

  @Column({ type: 'double precision', nullable: true })
  lat: number | null;

  @Column({ type: 'double precision', nullable: true })
  lng: number | null;

  @Column({ type: 'uuid', nullable: true })
  leadDepartmentId: string | null;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_department_id' })
  leadDepartment?: Relation<Department>;

  @Index('idx_ticket_assisting_department_ids', { synchronize: false })
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  assistingDepartmentIds: string[];

  /** Callers of tickets merged into this one: they see it as theirs. */
  @Index('idx_ticket_linked_caller_ids', { synchronize: false })
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  linkedCallerIds: string[];

  /** 首问负责: the operator who took the first call owns the caller relationship. */
  @Column({ type: 'uuid', nullable: true })
  firstContactUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'first_contact_user_id' })
  firstContactUser?: Relation<User>;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  /** 催办: follow-up calls urging this ticket. */
  @Column({ type: 'integer', default: 0 })
  urgeCount: number;

  @Column({ type: 'integer', default: 0 })
  returnCount: number;

  /** The status to go back to on resume. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  suspendedFrom: TicketStatus | null;

  @Column({ type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merged_into_id' })
  mergedInto?: Relation<Ticket>;

  /** The SLA policy chosen at registration; later stages keep using it. */
  @Column({ type: 'uuid', nullable: true })
  slaPolicyId: string | null;

  @ManyToOne(() => SlaPolicy, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sla_policy_id' })
  slaPolicy?: Relation<SlaPolicy>;

  /**
   * The committed resolve deadline told to the caller (亮承诺); moved only by an approved extension
   * or a pause, and null while suspended: a paused clock makes no promise until resume sets one.
   */
  @Index()
  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  /** The first promise, kept for reports when an extension moved `dueAt`. */
  @Column({ type: 'timestamptz', nullable: true })
  originalDueAt: Date | null;

  /** While suspended, per stage: working minutes left and the highest alert level already fired, to restart the clocks on resume. */
  @Column({ type: 'jsonb', nullable: true })
  suspendedRemaining: Partial<Record<Stage, { minutes: number; fired: number }>> | null;

  /** Indexed alone for date-window reads across all statuses (Open311 GET requests, reports). */
  @Index()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @VersionColumn({ type: 'integer' })
  version: number;
}
