import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SmsWordings1796528895589 implements MigrationInterface {
  name = 'SmsWordings1796528895589';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"sms_wording\" (\"template\" character varying(32) NOT NULL, \"locale\" character varying(8) NOT NULL, \"text\" character varying(600) NOT NULL, \"updated_by\" uuid, \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_sms_wording\" PRIMARY KEY (\"template\", \"locale\"))");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE \"sms_wording\"");
  }
}
