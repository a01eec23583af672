import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A number that texted STOP: no notifications until it texts START (replies to its own texts still go). */
@Entity('sms_opt_out')
export class SmsOptOut {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  phone: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
