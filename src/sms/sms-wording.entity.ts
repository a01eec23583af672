import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A deployment's own wording of one SMS template in one language (see sms-wording.ts), used
 * instead of the shipped one for every message, notification e-mail and reply from then on.
 */
@Entity('sms_wording')
export class SmsWording {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  template: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  locale: string;

  @Column({ type: 'varchar', length: 600 })
  text: string;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
