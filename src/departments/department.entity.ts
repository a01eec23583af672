import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const DEPARTMENT_KINDS = ['department', 'supervision', 'leadership'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

@Entity('department')
export class Department {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** `supervision` (督办) and `leadership` receive escalations; `department` handles tickets. */
  @Column({ type: 'varchar', length: 20, default: 'department' })
  kind: DepartmentKind;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
