import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('caller')
export class Caller {
  @PrimaryColumn('uuid')
  id: string;

  /**
   * E.164, normalised once on the way in so one person is one row. Null for someone who reported
   * through Open311 with only an e-mail address, or anonymously.
   */
  @Column({ type: 'varchar', length: 20, unique: true, nullable: true })
  phone: string | null;

  /** Given by Open311 reporters; never shown outside the back office. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  /** The language their SMS are written in; null: the deployment's default (SMS_DEFAULT_LOCALE). */
  @Column({ type: 'varchar', length: 5, nullable: true })
  locale: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
