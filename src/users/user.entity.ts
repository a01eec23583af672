import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Department } from '../departments/department.entity.js';

export const ROLES = ['operator', 'dispatcher', 'agent', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

@Entity('app_user')
export class User {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  @Column({ type: 'varchar', length: 100 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 200 })
  displayName: string;

  @Column({ type: 'varchar', length: 20 })
  role: Role;

  /** Agents belong to the department whose tickets they see; supervisors may too. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  departmentId: string | null;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department?: Relation<Department>;

  /** Where alerts reach this person outside the app. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  /** The on-duty staff member of a department gets its alerts by SMS too. */
  @Column({ type: 'boolean', default: false })
  onDuty: boolean;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
