import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, type Relation } from 'typeorm';
import { Alert } from './alert.entity.js';

export const CHANNELS = ['email', 'webhook', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/**
 * One alert to one destination: written with the alert (an outbox), sent by the worker with
 * retries and backoff; its state is what the back office sees when a message did not arrive.
 */
@Entity('alert_delivery')
@Unique(['alertId', 'channel', 'target'])
@Index('idx_alert_delivery_due', ['nextAttemptAt'], { where: "status = 'pending'" })
export class AlertDelivery {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  alertId: string;

  @ManyToOne(() => Alert, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'alert_id' })
  alert?: Relation<Alert>;

  @Column({ type: 'varchar', length: 12 })
  channel: Channel;

  /** E-mail address, webhook URL or phone number. */
  @Column({ type: 'varchar', length: 500 })
  target: string;

  @Column({ type: 'varchar', length: 12, default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'smallint', default: 0 })
  attempts: number;

  /** Quiet hours hold routine warnings until morning; failures back off exponentially. */
  @Column({ type: 'timestamptz' })
  nextAttemptAt: Date;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
