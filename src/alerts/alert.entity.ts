import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Deadline } from '../deadlines/deadline.entity.js';
import { Department } from '../departments/department.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { User } from '../users/user.entity.js';

export const ALERT_KINDS = ['warning', 'breach', 'escalation', 'reminder', 'routing_dispute', 'bad_rating', 'sms_failed', 'supervision'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** A back-office alert. `dedupeKey` is unique: retries, duplicate jobs and racing workers insert it once. */
@Entity('alert')
@Index(['departmentId', 'status', 'createdAt'])
@Index(['ticketId'])
export class Alert {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 120, unique: true })
  dedupeKey: string;

  @Column({ type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => Ticket, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ticket_id' })
  ticket?: Relation<Ticket>;

  @Column({ type: 'uuid', nullable: true })
  deadlineId: string | null;

  @ManyToOne(() => Deadline, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'deadline_id' })
  deadline?: Relation<Deadline>;

  @Column({ type: 'varchar', length: 20 })
  kind: AlertKind;

  @Column({ type: 'varchar', length: 20, nullable: true })
  stage: string | null;

  @Column({ type: 'smallint', default: 0 })
  level: number;

  /** Whose inbox: the lead department (levels 0–1), the supervision office (2), leadership (3). */
  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Relation<Department>;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'varchar', length: 12, default: 'open' })
  status: 'open' | 'acknowledged';

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acknowledgedById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'acknowledged_by_id' })
  acknowledgedBy?: Relation<User>;

  /** The consoles' live stream reads what is new by this. */
  @Index()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
