import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Category } from '../categories/category.entity.js';
import type { Priority } from '../tickets/ticket.entity.js';

export const STAGES = ['dispatch', 'accept', 'resolve', 'callback', 'rectify'] as const;
export type Stage = (typeof STAGES)[number];

/** Time limits as written by people: `30m`, `4h` (business time), `5wd` (end of the 5th working day). */
export type StageLimits = Partial<Record<Stage, string>>;

@Entity('sla_policy')
export class SlaPolicy {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Applies to this category and below; null applies to every category. The nearest wins. */
  @Column({ type: 'uuid', nullable: true })
  categoryId: string | null;

  @ManyToOne(() => Category, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id' })
  category?: Relation<Category>;

  /** Null applies to every priority; an exact match wins over null. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  priority: Priority | null;

  /** `business`: the working calendar; `wall`: 24/7, for urgent matters. */
  @Column({ type: 'varchar', length: 10, default: 'business' })
  clock: 'business' | 'wall';

  @Column({ type: 'jsonb' })
  limits: StageLimits;

  /** Warning when this share of a stage's window is used (Znuny-style). */
  @Column({ type: 'smallint', default: 75 })
  warnPercent: number;

  /** Minutes after the breach (level 1) when level 2 (supervision office) is alerted. */
  @Column({ type: 'double precision', default: 240 })
  level2AfterMinutes: number;

  /** Minutes after level 2 when level 3 (leadership) is alerted. */
  @Column({ type: 'double precision', default: 480 })
  level3AfterMinutes: number;

  /** Each level is repeated this often until acknowledged or the ticket moves on; 0 = never. */
  @Column({ type: 'double precision', default: 120 })
  repeatEveryMinutes: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
