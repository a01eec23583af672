import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SmsAndFeedback1795326942740 implements MigrationInterface {
  name = 'SmsAndFeedback1795326942740';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"sms_message\" (\"id\" uuid NOT NULL, \"direction\" character varying(3) NOT NULL, \"purpose\" character varying(12) NOT NULL, \"ticket_id\" uuid, \"to_phone\" character varying(20) NOT NULL, \"from_phone\" character varying(20), \"template\" character varying(30), \"locale\" character varying(5), \"body\" text, \"params\" jsonb, \"encoding\" character varying(5), \"segments\" smallint, \"status\" character varying(12) NOT NULL, \"provider_sid\" character varying(40), \"attempts\" smallint NOT NULL DEFAULT '0', \"armed\" boolean NOT NULL DEFAULT false, \"next_attempt_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"claimed_at\" TIMESTAMP WITH TIME ZONE, \"error_code\" integer, \"last_error\" text, \"reply_to_id\" uuid, \"outcome\" character varying(20), \"sent_at\" TIMESTAMP WITH TIME ZONE, \"status_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"uq_sms_message_provider_sid\" UNIQUE (\"provider_sid\"), CONSTRAINT \"pk_sms_message\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"idx_sms_message_in_flight\" ON \"sms_message\"  (\"next_attempt_at\") WHERE status IN ('queued', 'retrying', 'sending')");
    await q.query("CREATE INDEX \"idx_sms_message_reply_to_id\" ON \"sms_message\"  (\"reply_to_id\") WHERE reply_to_id IS NOT NULL");
    await q.query("CREATE INDEX \"idx_sms_message_unarmed\" ON \"sms_message\"  (\"created_at\") WHERE status = 'queued' AND NOT armed");
    await q.query("CREATE INDEX \"idx_sms_message_inbound\" ON \"sms_message\"  (\"from_phone\", \"created_at\") WHERE direction = 'in'");
    await q.query("CREATE INDEX \"idx_sms_message_to_phone_created_at\" ON \"sms_message\"  (\"to_phone\", \"created_at\") ");
    await q.query("CREATE INDEX \"idx_sms_message_ticket_id_created_at\" ON \"sms_message\"  (\"ticket_id\", \"created_at\") ");
    await q.query("CREATE TABLE \"sms_opt_out\" (\"phone\" character varying(20) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_sms_opt_out\" PRIMARY KEY (\"phone\"))");
    await q.query("CREATE TABLE \"ticket_rating\" (\"id\" uuid NOT NULL, \"ticket_id\" uuid NOT NULL, \"department_id\" uuid, \"score\" smallint NOT NULL, \"satisfied\" boolean NOT NULL, \"source\" character varying(10) NOT NULL, \"resolved_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"comment\" text, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"uq_ticket_rating_ticket_id_resolved_at\" UNIQUE (\"ticket_id\", \"resolved_at\"), CONSTRAINT \"pk_ticket_rating\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"idx_ticket_rating_department_id_created_at\" ON \"ticket_rating\"  (\"department_id\", \"created_at\") ");
    await q.query("CREATE TABLE \"callback_task\" (\"id\" uuid NOT NULL, \"dedupe_key\" character varying(120) NOT NULL, \"ticket_id\" uuid NOT NULL, \"reason\" character varying(20) NOT NULL, \"status\" character varying(10) NOT NULL DEFAULT 'open', \"done_at\" TIMESTAMP WITH TIME ZONE, \"done_by_id\" uuid, \"note\" text, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"uq_callback_task_dedupe_key\" UNIQUE (\"dedupe_key\"), CONSTRAINT \"pk_callback_task\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"idx_callback_task_status_created_at\" ON \"callback_task\"  (\"status\", \"created_at\") ");
    await q.query("ALTER TABLE \"caller\" ADD \"locale\" character varying(5)");
    await q.query("ALTER TABLE \"sms_message\" ADD CONSTRAINT \"fk_sms_message_ticket_id\" FOREIGN KEY (\"ticket_id\") REFERENCES \"ticket\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"ticket_rating\" ADD CONSTRAINT \"fk_ticket_rating_ticket_id\" FOREIGN KEY (\"ticket_id\") REFERENCES \"ticket\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"ticket_rating\" ADD CONSTRAINT \"fk_ticket_rating_department_id\" FOREIGN KEY (\"department_id\") REFERENCES \"department\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"callback_task\" ADD CONSTRAINT \"fk_callback_task_ticket_id\" FOREIGN KEY (\"ticket_id\") REFERENCES \"ticket\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"callback_task\" ADD CONSTRAINT \"fk_callback_task_done_by_id\" FOREIGN KEY (\"done_by_id\") REFERENCES \"app_user\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"callback_task\" DROP CONSTRAINT \"fk_callback_task_done_by_id\"");
    await q.query("ALTER TABLE \"callback_task\" DROP CONSTRAINT \"fk_callback_task_ticket_id\"");
    await q.query("ALTER TABLE \"ticket_rating\" DROP CONSTRAINT \"fk_ticket_rating_department_id\"");
    await q.query("ALTER TABLE \"ticket_rating\" DROP CONSTRAINT \"fk_ticket_rating_ticket_id\"");
    await q.query("ALTER TABLE \"sms_message\" DROP CONSTRAINT \"fk_sms_message_ticket_id\"");
    await q.query("ALTER TABLE \"caller\" DROP COLUMN \"locale\"");
    await q.query("DROP INDEX \"public\".\"idx_callback_task_status_created_at\"");
    await q.query("DROP TABLE \"callback_task\"");
    await q.query("DROP INDEX \"public\".\"idx_ticket_rating_department_id_created_at\"");
    await q.query("DROP TABLE \"ticket_rating\"");
    await q.query("DROP TABLE \"sms_opt_out\"");
    await q.query("DROP INDEX \"public\".\"idx_sms_message_ticket_id_created_at\"");
    await q.query("DROP INDEX \"public\".\"idx_sms_message_to_phone_created_at\"");
    await q.query("DROP INDEX \"public\".\"idx_sms_message_inbound\"");
    await q.query("DROP INDEX \"public\".\"idx_sms_message_unarmed\"");
    await q.query("DROP INDEX \"public\".\"idx_sms_message_reply_to_id\"");
    await q.query("DROP INDEX \"public\".\"idx_sms_message_in_flight\"");
    await q.query("DROP TABLE \"sms_message\"");
  }
}
