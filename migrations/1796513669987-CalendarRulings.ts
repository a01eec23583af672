import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CalendarRulings1796513669987 implements MigrationInterface {
  name = 'CalendarRulings1796513669987';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"calendar_day\" (\"day\" date NOT NULL, \"kind\" character varying(10) NOT NULL, \"name\" character varying(100), \"updated_by\" uuid, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"chk_calendar_day_kind\" CHECK (\"kind\" IN ('holiday', 'workday', 'ordinary')), CONSTRAINT \"pk_calendar_day\" PRIMARY KEY (\"day\"))");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE \"calendar_day\"");
  }
}
