import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

@Entity('category')
export class Category {
  @PrimaryColumn('uuid')
  id: string;

  /** Dotted path of codes from the root, e.g. `environment.noise.construction`. */
  @Column({ type: 'varchar', length: 200, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Category, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<Category>;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
