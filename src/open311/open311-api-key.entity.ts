import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { User } from '../users/user.entity.js';

/**
 * A key an Open311 client posts requests with. Only its SHA-256 is stored (a stolen database
 * does not give working keys); the prefix lets an admin tell keys apart. The rate window lives on
 * the row so every API process counts the same requests.
 */
@Entity('open311_api_key')
export class Open311ApiKey {
  @PrimaryColumn('uuid')
  id: string;

  /** Who the key was issued to ("city app", "FixMyStreet"). */
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 12 })
  prefix: string;

  @Column({ type: 'char', length: 64, unique: true })
  keyHash: string;

  /** Requests posted per minute before the client is told to slow down. */
  @Column({ type: 'integer' })
  rateLimitPerMinute: number;

  @Column({ type: 'timestamptz', nullable: true })
  windowStartedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  windowCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: Relation<User>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
