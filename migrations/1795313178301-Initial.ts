import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795313178301 implements MigrationInterface {
  name = 'Initial1795313178301';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"caller\" (\"id\" uuid NOT NULL, \"phone\" character varying(20) NOT NULL, \"name\" character varying(200), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"uq_caller_phone\" UNIQUE (\"phone\"), CONSTRAINT \"pk_caller\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE TABLE \"category\" (\"id\" uuid NOT NULL, \"code\" character varying(200) NOT NULL, \"name\" character varying(200) NOT NULL, \"parent_id\" uuid, \"active\" boolean NOT NULL DEFAULT true, CONSTRAINT \"uq_category_code\" UNIQUE (\"code\"), CONSTRAINT \"pk_category\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"idx_category_parent_id\" ON \"category\"  (\"parent_id\") ");
    await q.query("CREATE TABLE \"department\" (\"id\" uuid NOT NULL, \"code\" character varying(64) NOT NULL, \"name\" character varying(200) NOT NULL, \"kind\" character varying(20) NOT NULL DEFAULT 'department', \"active\" boolean NOT NULL DEFAULT true, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"uq_department_code\" UNIQUE (\"code\"), CONSTRAINT \"pk_department\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE TABLE \"app_user\" (\"id\" uuid NOT NULL, \"username\" character varying(64) NOT NULL, \"password_hash\" character varying(100) NOT NULL, \"display_name\" character varying(200) NOT NULL, \"role\" character varying(20) NOT NULL, \"department_id\" uuid, \"active\" boolean NOT NULL DEFAULT true, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"uq_app_user_username\" UNIQUE (\"username\"), CONSTRAINT \"pk_app_user\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"idx_app_user_department_id\" ON \"app_user\"  (\"department_id\") ");
    await q.query("CREATE TABLE \"ticket\" (\"id\" uuid NOT NULL, \"number\" character varying(24) NOT NULL, \"access_code\" character varying(8) NOT NULL, \"kind\" character varying(20) NOT NULL, \"status\" character varying(20) NOT NULL, \"priority\" character varying(10) NOT NULL DEFAULT 'normal', \"channel\" character varying(20) NOT NULL DEFAULT 'phone', \"caller_id\" uuid NOT NULL, \"category_id\" uuid, \"description\" text NOT NULL, \"address\" character varying(500), \"district\" character varying(100), \"lat\" double precision, \"lng\" double precision, \"lead_department_id\" uuid, \"assisting_department_ids\" uuid array NOT NULL DEFAULT '{}', \"linked_caller_ids\" uuid array NOT NULL DEFAULT '{}', \"first_contact_user_id\" uuid, \"resolution\" text, \"urge_count\" integer NOT NULL DEFAULT '0', \"return_count\" integer NOT NULL DEFAULT '0', \"suspended_from\" character varying(20), \"merged_into_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"resolved_at\" TIMESTAMP WITH TIME ZONE, \"closed_at\" TIMESTAMP WITH TIME ZONE, \"version\" integer NOT NULL, CONSTRAINT \"uq_ticket_number\" UNIQUE (\"number\"), CONSTRAINT \"pk_ticket\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"idx_ticket_category_id\" ON \"ticket\"  (\"category_id\") ");
    await q.query("CREATE INDEX \"idx_ticket_caller_id_status\" ON \"ticket\"  (\"caller_id\", \"status\") ");
    await q.query("CREATE INDEX \"idx_ticket_lead_department_id_status\" ON \"ticket\"  (\"lead_department_id\", \"status\") ");
    await q.query("CREATE INDEX \"idx_ticket_status_created_at\" ON \"ticket\"  (\"status\", \"created_at\") ");
    await q.query("CREATE TABLE \"call\" (\"id\" uuid NOT NULL, \"caller_id\" uuid NOT NULL, \"kind\" character varying(20) NOT NULL, \"ticket_id\" uuid, \"operator_id\" uuid, \"category_id\" uuid, \"description\" text, \"answer\" text, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_call\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"idx_call_ticket_id\" ON \"call\"  (\"ticket_id\") ");
    await q.query("CREATE INDEX \"idx_call_caller_id_created_at\" ON \"call\"  (\"caller_id\", \"created_at\") ");
    await q.query("CREATE TABLE \"routing_rule\" (\"id\" uuid NOT NULL, \"name\" character varying(200) NOT NULL, \"category_id\" uuid, \"district\" character varying(100), \"keywords\" text array NOT NULL DEFAULT '{}', \"lead_department_id\" uuid NOT NULL, \"assisting_department_ids\" uuid array NOT NULL DEFAULT '{}', \"priority\" integer NOT NULL DEFAULT '100', \"auto_dispatch\" boolean NOT NULL DEFAULT false, \"active\" boolean NOT NULL DEFAULT true, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_routing_rule\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE TABLE \"ticket_event\" (\"id\" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, \"ticket_id\" uuid NOT NULL, \"actor_id\" uuid, \"actor_role\" character varying(20), \"type\" character varying(40) NOT NULL, \"from_status\" character varying(20), \"to_status\" character varying(20), \"reason_code\" character varying(64), \"note\" text, \"payload\" jsonb NOT NULL DEFAULT '{}', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"pk_ticket_event\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE INDEX \"idx_ticket_event_ticket_id_id\" ON \"ticket_event\"  (\"ticket_id\", \"id\") ");
    await q.query("ALTER TABLE \"category\" ADD CONSTRAINT \"fk_category_parent_id\" FOREIGN KEY (\"parent_id\") REFERENCES \"category\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"app_user\" ADD CONSTRAINT \"fk_app_user_department_id\" FOREIGN KEY (\"department_id\") REFERENCES \"department\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"ticket\" ADD CONSTRAINT \"fk_ticket_caller_id\" FOREIGN KEY (\"caller_id\") REFERENCES \"caller\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"ticket\" ADD CONSTRAINT \"fk_ticket_category_id\" FOREIGN KEY (\"category_id\") REFERENCES \"category\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"ticket\" ADD CONSTRAINT \"fk_ticket_lead_department_id\" FOREIGN KEY (\"lead_department_id\") REFERENCES \"department\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"ticket\" ADD CONSTRAINT \"fk_ticket_first_contact_user_id\" FOREIGN KEY (\"first_contact_user_id\") REFERENCES \"app_user\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"ticket\" ADD CONSTRAINT \"fk_ticket_merged_into_id\" FOREIGN KEY (\"merged_into_id\") REFERENCES \"ticket\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"call\" ADD CONSTRAINT \"fk_call_caller_id\" FOREIGN KEY (\"caller_id\") REFERENCES \"caller\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"call\" ADD CONSTRAINT \"fk_call_ticket_id\" FOREIGN KEY (\"ticket_id\") REFERENCES \"ticket\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"call\" ADD CONSTRAINT \"fk_call_operator_id\" FOREIGN KEY (\"operator_id\") REFERENCES \"app_user\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"call\" ADD CONSTRAINT \"fk_call_category_id\" FOREIGN KEY (\"category_id\") REFERENCES \"category\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"routing_rule\" ADD CONSTRAINT \"fk_routing_rule_category_id\" FOREIGN KEY (\"category_id\") REFERENCES \"category\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"routing_rule\" ADD CONSTRAINT \"fk_routing_rule_lead_department_id\" FOREIGN KEY (\"lead_department_id\") REFERENCES \"department\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"ticket_event\" ADD CONSTRAINT \"fk_ticket_event_ticket_id\" FOREIGN KEY (\"ticket_id\") REFERENCES \"ticket\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"ticket_event\" ADD CONSTRAINT \"fk_ticket_event_actor_id\" FOREIGN KEY (\"actor_id\") REFERENCES \"app_user\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    // Agents see tickets their department leads or assists in: array containment needs GIN.
    // fastupdate off: the pending list would otherwise grow with every ticket until a vacuum and
    // be scanned linearly by the duplicate lookup on the call-logging hot path.
    await q.query(`CREATE INDEX "idx_ticket_assisting_department_ids" ON "ticket" USING gin ("assisting_department_ids") WITH (fastupdate = off)`);
    await q.query(`CREATE INDEX "idx_ticket_linked_caller_ids" ON "ticket" USING gin ("linked_caller_ids") WITH (fastupdate = off)`);
    // The ticket history is append-only, enforced here and not only in code.
    await q.query(`
      CREATE FUNCTION forbid_ticket_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ticket_event rows are append-only (% refused)', TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`CREATE TRIGGER "trg_ticket_event_append_only" BEFORE UPDATE OR DELETE ON "ticket_event" FOR EACH ROW EXECUTE FUNCTION forbid_ticket_event_change()`);
    await q.query(`CREATE TRIGGER "trg_ticket_event_no_truncate" BEFORE TRUNCATE ON "ticket_event" FOR EACH STATEMENT EXECUTE FUNCTION forbid_ticket_event_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "trg_ticket_event_no_truncate" ON "ticket_event"`);
    await q.query(`DROP TRIGGER "trg_ticket_event_append_only" ON "ticket_event"`);
    await q.query(`DROP FUNCTION forbid_ticket_event_change()`);
    await q.query(`DROP INDEX "idx_ticket_assisting_department_ids"`);
    await q.query(`DROP INDEX "idx_ticket_linked_caller_ids"`);
    await q.query("ALTER TABLE \"ticket_event\" DROP CONSTRAINT \"fk_ticket_event_actor_id\"");
    await q.query("ALTER TABLE \"ticket_event\" DROP CONSTRAINT \"fk_ticket_event_ticket_id\"");
    await q.query("ALTER TABLE \"routing_rule\" DROP CONSTRAINT \"fk_routing_rule_lead_department_id\"");
    await q.query("ALTER TABLE \"routing_rule\" DROP CONSTRAINT \"fk_routing_rule_category_id\"");
    await q.query("ALTER TABLE \"call\" DROP CONSTRAINT \"fk_call_category_id\"");
    await q.query("ALTER TABLE \"call\" DROP CONSTRAINT \"fk_call_operator_id\"");
    await q.query("ALTER TABLE \"call\" DROP CONSTRAINT \"fk_call_ticket_id\"");
    await q.query("ALTER TABLE \"call\" DROP CONSTRAINT \"fk_call_caller_id\"");
    await q.query("ALTER TABLE \"ticket\" DROP CONSTRAINT \"fk_ticket_merged_into_id\"");
    await q.query("ALTER TABLE \"ticket\" DROP CONSTRAINT \"fk_ticket_first_contact_user_id\"");
    await q.query("ALTER TABLE \"ticket\" DROP CONSTRAINT \"fk_ticket_lead_department_id\"");
    await q.query("ALTER TABLE \"ticket\" DROP CONSTRAINT \"fk_ticket_category_id\"");
    await q.query("ALTER TABLE \"ticket\" DROP CONSTRAINT \"fk_ticket_caller_id\"");
    await q.query("ALTER TABLE \"app_user\" DROP CONSTRAINT \"fk_app_user_department_id\"");
    await q.query("ALTER TABLE \"category\" DROP CONSTRAINT \"fk_category_parent_id\"");
    await q.query("DROP INDEX \"public\".\"idx_ticket_event_ticket_id_id\"");
    await q.query("DROP TABLE \"ticket_event\"");
    await q.query("DROP TABLE \"routing_rule\"");
    await q.query("DROP INDEX \"public\".\"idx_call_caller_id_created_at\"");
    await q.query("DROP INDEX \"public\".\"idx_call_ticket_id\"");
    await q.query("DROP TABLE \"call\"");
    await q.query("DROP INDEX \"public\".\"idx_ticket_status_created_at\"");
    await q.query("DROP INDEX \"public\".\"idx_ticket_lead_department_id_status\"");
    await q.query("DROP INDEX \"public\".\"idx_ticket_caller_id_status\"");
    await q.query("DROP INDEX \"public\".\"idx_ticket_category_id\"");
    await q.query("DROP TABLE \"ticket\"");
    await q.query("DROP INDEX \"public\".\"idx_app_user_department_id\"");
    await q.query("DROP TABLE \"app_user\"");
    await q.query("DROP TABLE \"department\"");
    await q.query("DROP INDEX \"public\".\"idx_category_parent_id\"");
    await q.query("DROP TABLE \"category\"");
    await q.query("DROP TABLE \"caller\"");
  }
}
