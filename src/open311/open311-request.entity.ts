import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Ticket } from '../tickets/ticket.entity.js';
import type { AttributeAnswers } from './service-attributes.js';
import { Open311ApiKey } from './open311-api-key.entity.js';

/** What an Open311 client sent beyond what every ticket has; one row per ticket filed through Open311. */
@Entity('open311_request')
export class Open311Request {
  @PrimaryColumn('uuid')
  ticketId: string;

  @OneToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id' })
  ticket?: Relation<Ticket>;

  /** Answers `GET tokens/{token}` with the ticket's number. */
  @Column({ type: 'uuid', unique: true })
  token: string;

  @Index()
  @Column({ type: 'uuid' })
  apiKeyId: string;

  @ManyToOne(() => Open311ApiKey, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'api_key_id' })
  apiKey?: Relation<Open311ApiKey>;

  @Column({ type: 'varchar', length: 100, nullable: true })
  addressId: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  mediaUrl: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  deviceId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  accountId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  attributes: AttributeAnswers;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
