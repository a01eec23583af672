import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Category } from '../categories/category.entity.js';
import { Department } from '../departments/department.entity.js';

@Entity('routing_rule')
export class RoutingRule {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Matches this category and everything below it; null matches any category. */
  @Column({ type: 'uuid', nullable: true })
  categoryId: string | null;

  @ManyToOne(() => Category, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id' })
  category?: Relation<Category>;

  @Column({ type: 'varchar', length: 100, nullable: true })
  district: string | null;

  /** Any of these in the description matches (case-insensitive); empty matches always. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  keywords: string[];

  @Column({ type: 'uuid' })
  leadDepartmentId: string;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_department_id' })
  leadDepartment?: Relation<Department>;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  assistingDepartmentIds: string[];

  /** Lower runs first. */
  @Column({ type: 'integer', default: 100 })
  priority: number;

  @Column({ type: 'boolean', default: false })
  autoDispatch: boolean;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
