import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import type { ServiceAttribute } from '../open311/service-attributes.js';

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

  /** What the category covers, in the public's words (Open311 `description`). */
  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** Synonyms a citizen might search for, comma separated (Open311 `keywords`). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  keywords: string | null;

  /** Extra questions a report in this category answers (Open311 service definition); empty: none. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  attributes: ServiceAttribute[];

  /** Open311 discovery's changeset: clients refresh cached service lists when it moves. */
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
