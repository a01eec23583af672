import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const CALENDAR_DAY_KINDS = ['holiday', 'workday', 'ordinary'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

/**
 * A deployment's own ruling on one date, over the shipped arrangement and CALENDAR_FILE: a day off
 * (a local holiday, a typhoon closure), a make-up working day, or an ordinary day (a shipped
 * holiday or make-up day that does not apply here, or that the official notice moved).
 */
@Entity('calendar_day')
@Check('chk_calendar_day_kind', `"kind" IN ('holiday', 'workday', 'ordinary')`)
export class CalendarDay {
  /** The local date, 'YYYY-MM-DD'. */
  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'varchar', length: 10 })
  kind: CalendarDayKind;

  @Column({ type: 'varchar', length: 100, nullable: true })
  name: string | null;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
