import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('caller')
export class Caller {
  @PrimaryColumn('uuid')
  id: string;

  /** E.164, normalised once on the way in so one person is one row. */
  @Column({ type: 'varchar', length: 20, unique: true })
  phone: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
