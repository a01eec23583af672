import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeadlinesAndAlerts1795317769094 implements MigrationInterface {
  name = 'DeadlinesAndAlerts1795317769094';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"sla_policy\" (\"id\" uuid NOT NULL, \"name\" character varying(200) NOT NULL, \"category_id\" uuid, \"priority\" character varying(10), \"clock\" character varying(10) NOT NULL DEFAULT 'business', \"limits\" jsonb NOT NULL, \"warn_percent\" smallint NOT NULL DEFAULT '75', \"level2_after_minutes\" double precision NOT NULL DEFAULT '240', \"level3_after_minutes\" double precision NOT NULL DEFAULT '480', \"repeat_every_minutes\" double precision NOT NULL DEFAULT '120', \"active\" boolean NOT NULL DEFAULT true, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_sla_policy\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE TABLE \"deadline\" (\"id\" uuid NOT NULL, \"ticket_id\" uuid NOT NULL, \"stage\" character varying(20) NOT NULL, \"kind\" character varying(20) NOT NULL, \"level\" smallint NOT NULL, \"seq\" smallint NOT NULL DEFAULT '0', \"due_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"stage_due_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"status\" character varying(12) NOT NULL DEFAULT 'pending', \"version\" integer NOT NULL DEFAULT '1', \"armed\" boolean NOT NULL DEFAULT false, \"fired_at\" TIMESTAMP WITH TIME ZONE, \"stage_ended_at\" TIMESTAMP WITH TIME ZONE, \"cancel_reason\" character varying(40), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_deadline\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"idx_deadline_ticket_id_stage\" ON \"deadline\"  (\"ticket_id\", \"stage\") ");
    await q.query("CREATE INDEX \"idx_deadline_unarmed\" ON \"deadline\"  (\"created_at\") WHERE status = 'pending' AND NOT armed");
    await q.query("CREATE INDEX \"idx_deadline_pending_due_at\" ON \"deadline\"  (\"due_at\") WHERE status = 'pending'");
    await q.query("CREATE TABLE \"alert\" (\"id\" uuid NOT NULL, \"dedupe_key\" character varying(120) NOT NULL, \"ticket_id\" uuid NOT NULL, \"deadline_id\" uuid, \"kind\" character varying(20) NOT NULL, \"stage\" character varying(20), \"level\" smallint NOT NULL DEFAULT '0', \"department_id\" uuid, \"message\" text NOT NULL, \"status\" character varying(12) NOT NULL DEFAULT 'open', \"acknowledged_at\" TIMESTAMP WITH TIME ZONE, \"acknowledged_by_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"uq_alert_dedupe_key\" UNIQUE (\"dedupe_key\"), CONSTRAINT \"pk_alert\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"idx_alert_ticket_id\" ON \"alert\"  (\"ticket_id\") ");
    await q.query("CREATE INDEX \"idx_alert_department_id_status_created_at\" ON \"alert\"  (\"department_id\", \"status\", \"created_at\") ");
    await q.query("CREATE TABLE \"alert_delivery\" (\"id\" uuid NOT NULL, \"alert_id\" uuid NOT NULL, \"channel\" character varying(12) NOT NULL, \"target\" character varying(500) NOT NULL, \"status\" character varying(12) NOT NULL DEFAULT 'pending', \"attempts\" smallint NOT NULL DEFAULT '0', \"next_attempt_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"last_error\" text, \"sent_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"uq_alert_delivery_alert_id_channel_target\" UNIQUE (\"alert_id\", \"channel\", \"target\"), CONSTRAINT \"pk_alert_delivery\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"idx_alert_delivery_due\" ON \"alert_delivery\"  (\"next_attempt_at\") WHERE status = 'pending'");
    await q.query("CREATE TABLE \"extension_request\" (\"id\" uuid NOT NULL, \"ticket_id\" uuid NOT NULL, \"requested_by_id\" uuid NOT NULL, \"reason\" text NOT NULL, \"current_due_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"requested_due_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"status\" character varying(12) NOT NULL DEFAULT 'pending', \"decided_by_id\" uuid, \"decided_at\" TIMESTAMP WITH TIME ZONE, \"decision_note\" text, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_extension_request\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE UNIQUE INDEX \"uq_extension_request_pending\" ON \"extension_request\"  (\"ticket_id\") WHERE status = 'pending'");
    await q.query("CREATE INDEX \"idx_extension_request_ticket_id\" ON \"extension_request\"  (\"ticket_id\") ");
    await q.query("CREATE INDEX \"idx_extension_request_status_created_at\" ON \"extension_request\"  (\"status\", \"created_at\") ");
    await q.query("ALTER TABLE \"app_user\" ADD \"email\" character varying(254)");
    await q.query("ALTER TABLE \"app_user\" ADD \"phone\" character varying(20)");
    await q.query("ALTER TABLE \"app_user\" ADD \"on_duty\" boolean NOT NULL DEFAULT false");
    await q.query("ALTER TABLE \"ticket\" ADD \"sla_policy_id\" uuid");
    await q.query("ALTER TABLE \"ticket\" ADD \"due_at\" TIMESTAMP WITH TIME ZONE");
    await q.query("ALTER TABLE \"ticket\" ADD \"original_due_at\" TIMESTAMP WITH TIME ZONE");
    await q.query("ALTER TABLE \"ticket\" ADD \"suspended_remaining\" jsonb");
    await q.query("CREATE INDEX \"idx_ticket_due_at\" ON \"ticket\"  (\"due_at\") ");
    await q.query("ALTER TABLE \"sla_policy\" ADD CONSTRAINT \"fk_sla_policy_category_id\" FOREIGN KEY (\"category_id\") REFERENCES \"category\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"ticket\" ADD CONSTRAINT \"fk_ticket_sla_policy_id\" FOREIGN KEY (\"sla_policy_id\") REFERENCES \"sla_policy\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"deadline\" ADD CONSTRAINT \"fk_deadline_ticket_id\" FOREIGN KEY (\"ticket_id\") REFERENCES \"ticket\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"alert\" ADD CONSTRAINT \"fk_alert_ticket_id\" FOREIGN KEY (\"ticket_id\") REFERENCES \"ticket\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"alert\" ADD CONSTRAINT \"fk_alert_deadline_id\" FOREIGN KEY (\"deadline_id\") REFERENCES \"deadline\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"alert\" ADD CONSTRAINT \"fk_alert_department_id\" FOREIGN KEY (\"department_id\") REFERENCES \"department\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"alert\" ADD CONSTRAINT \"fk_alert_acknowledged_by_id\" FOREIGN KEY (\"acknowledged_by_id\") REFERENCES \"app_user\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"alert_delivery\" ADD CONSTRAINT \"fk_alert_delivery_alert_id\" FOREIGN KEY (\"alert_id\") REFERENCES \"alert\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"extension_request\" ADD CONSTRAINT \"fk_extension_request_ticket_id\" FOREIGN KEY (\"ticket_id\") REFERENCES \"ticket\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"extension_request\" ADD CONSTRAINT \"fk_extension_request_requested_by_id\" FOREIGN KEY (\"requested_by_id\") REFERENCES \"app_user\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"extension_request\" ADD CONSTRAINT \"fk_extension_request_decided_by_id\" FOREIGN KEY (\"decided_by_id\") REFERENCES \"app_user\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"extension_request\" DROP CONSTRAINT \"fk_extension_request_decided_by_id\"");
    await q.query("ALTER TABLE \"extension_request\" DROP CONSTRAINT \"fk_extension_request_requested_by_id\"");
    await q.query("ALTER TABLE \"extension_request\" DROP CONSTRAINT \"fk_extension_request_ticket_id\"");
    await q.query("ALTER TABLE \"alert_delivery\" DROP CONSTRAINT \"fk_alert_delivery_alert_id\"");
    await q.query("ALTER TABLE \"alert\" DROP CONSTRAINT \"fk_alert_acknowledged_by_id\"");
    await q.query("ALTER TABLE \"alert\" DROP CONSTRAINT \"fk_alert_department_id\"");
    await q.query("ALTER TABLE \"alert\" DROP CONSTRAINT \"fk_alert_deadline_id\"");
    await q.query("ALTER TABLE \"alert\" DROP CONSTRAINT \"fk_alert_ticket_id\"");
    await q.query("ALTER TABLE \"deadline\" DROP CONSTRAINT \"fk_deadline_ticket_id\"");
    await q.query("ALTER TABLE \"ticket\" DROP CONSTRAINT \"fk_ticket_sla_policy_id\"");
    await q.query("ALTER TABLE \"sla_policy\" DROP CONSTRAINT \"fk_sla_policy_category_id\"");
    await q.query("DROP INDEX \"public\".\"idx_ticket_due_at\"");
    await q.query("ALTER TABLE \"ticket\" DROP COLUMN \"suspended_remaining\"");
    await q.query("ALTER TABLE \"ticket\" DROP COLUMN \"original_due_at\"");
    await q.query("ALTER TABLE \"ticket\" DROP COLUMN \"due_at\"");
    await q.query("ALTER TABLE \"ticket\" DROP COLUMN \"sla_policy_id\"");
    await q.query("ALTER TABLE \"app_user\" DROP COLUMN \"on_duty\"");
    await q.query("ALTER TABLE \"app_user\" DROP COLUMN \"phone\"");
    await q.query("ALTER TABLE \"app_user\" DROP COLUMN \"email\"");
    await q.query("DROP INDEX \"public\".\"idx_extension_request_status_created_at\"");
    await q.query("DROP INDEX \"public\".\"idx_extension_request_ticket_id\"");
    await q.query("DROP INDEX \"public\".\"uq_extension_request_pending\"");
    await q.query("DROP TABLE \"extension_request\"");
    await q.query("DROP INDEX \"public\".\"idx_alert_delivery_due\"");
    await q.query("DROP TABLE \"alert_delivery\"");
    await q.query("DROP INDEX \"public\".\"idx_alert_department_id_status_created_at\"");
    await q.query("DROP INDEX \"public\".\"idx_alert_ticket_id\"");
    await q.query("DROP TABLE \"alert\"");
    await q.query("DROP INDEX \"public\".\"idx_deadline_pending_due_at\"");
    await q.query("DROP INDEX \"public\".\"idx_deadline_unarmed\"");
    await q.query("DROP INDEX \"public\".\"idx_deadline_ticket_id_stage\"");
    await q.query("DROP TABLE \"deadline\"");
    await q.query("DROP TABLE \"sla_policy\"");
  }
}
