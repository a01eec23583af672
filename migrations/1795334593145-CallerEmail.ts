import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CallerEmail1795334593145 implements MigrationInterface {
  name = 'CallerEmail1795334593145';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"caller_email\" (\"id\" uuid NOT NULL, \"ticket_id\" uuid NOT NULL, \"to_email\" character varying(254) NOT NULL, \"template\" character varying(30) NOT NULL, \"params\" jsonb, \"subject\" character varying(300), \"body\" text, \"status\" character varying(10) NOT NULL DEFAULT 'pending', \"attempts\" integer NOT NULL DEFAULT '0', \"next_attempt_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"last_error\" text, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"sent_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"pk_caller_email\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"idx_caller_email_ticket_id\" ON \"caller_email\"  (\"ticket_id\") ");
    await q.query("CREATE INDEX \"idx_caller_email_status_next_attempt_at\" ON \"caller_email\"  (\"status\", \"next_attempt_at\") ");
    await q.query("ALTER TABLE \"caller_email\" ADD CONSTRAINT \"fk_caller_email_ticket_id\" FOREIGN KEY (\"ticket_id\") REFERENCES \"ticket\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"caller_email\" DROP CONSTRAINT \"fk_caller_email_ticket_id\"");
    await q.query("DROP INDEX \"public\".\"idx_caller_email_status_next_attempt_at\"");
    await q.query("DROP INDEX \"public\".\"idx_caller_email_ticket_id\"");
    await q.query("DROP TABLE \"caller_email\"");
  }
}
