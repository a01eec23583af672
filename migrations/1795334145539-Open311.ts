import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Open3111795334145539 implements MigrationInterface {
  name = 'Open3111795334145539';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"open311_api_key\" (\"id\" uuid NOT NULL, \"name\" character varying(200) NOT NULL, \"prefix\" character varying(12) NOT NULL, \"key_hash\" character(64) NOT NULL, \"rate_limit_per_minute\" integer NOT NULL, \"window_started_at\" TIMESTAMP WITH TIME ZONE, \"window_count\" integer NOT NULL DEFAULT '0', \"last_used_at\" TIMESTAMP WITH TIME ZONE, \"created_by_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"revoked_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"uq_open311_api_key_key_hash\" UNIQUE (\"key_hash\"), CONSTRAINT \"pk_open311_api_key\" PRIMARY KEY (\"id\"))");
    await q.query("CREATE TABLE \"open311_request\" (\"ticket_id\" uuid NOT NULL, \"token\" uuid NOT NULL, \"api_key_id\" uuid NOT NULL, \"address_id\" character varying(100), \"media_url\" character varying(2000), \"device_id\" character varying(200), \"account_id\" character varying(200), \"attributes\" jsonb NOT NULL DEFAULT '{}', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"uq_open311_request_token\" UNIQUE (\"token\"), CONSTRAINT \"pk_open311_request\" PRIMARY KEY (\"ticket_id\"))");
    await q.query("CREATE INDEX \"idx_open311_request_api_key_id\" ON \"open311_request\"  (\"api_key_id\") ");
    await q.query("ALTER TABLE \"caller\" ADD \"email\" character varying(254)");
    await q.query("ALTER TABLE \"category\" ADD \"description\" text");
    await q.query("ALTER TABLE \"category\" ADD \"keywords\" character varying(500)");
    await q.query("ALTER TABLE \"category\" ADD \"attributes\" jsonb NOT NULL DEFAULT '[]'");
    await q.query("ALTER TABLE \"category\" ADD \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()");
    await q.query("ALTER TABLE \"caller\" ALTER COLUMN \"phone\" DROP NOT NULL");
    await q.query("CREATE INDEX \"idx_ticket_created_at\" ON \"ticket\"  (\"created_at\") ");
    await q.query("ALTER TABLE \"open311_api_key\" ADD CONSTRAINT \"fk_open311_api_key_created_by_id\" FOREIGN KEY (\"created_by_id\") REFERENCES \"app_user\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"open311_request\" ADD CONSTRAINT \"fk_open311_request_ticket_id\" FOREIGN KEY (\"ticket_id\") REFERENCES \"ticket\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await q.query("ALTER TABLE \"open311_request\" ADD CONSTRAINT \"fk_open311_request_api_key_id\" FOREIGN KEY (\"api_key_id\") REFERENCES \"open311_api_key\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("ALTER TABLE \"open311_request\" DROP CONSTRAINT \"fk_open311_request_api_key_id\"");
    await q.query("ALTER TABLE \"open311_request\" DROP CONSTRAINT \"fk_open311_request_ticket_id\"");
    await q.query("ALTER TABLE \"open311_api_key\" DROP CONSTRAINT \"fk_open311_api_key_created_by_id\"");
    await q.query("DROP INDEX \"public\".\"idx_ticket_created_at\"");
    await q.query("ALTER TABLE \"caller\" ALTER COLUMN \"phone\" SET NOT NULL");
    await q.query("ALTER TABLE \"category\" DROP COLUMN \"updated_at\"");
    await q.query("ALTER TABLE \"category\" DROP COLUMN \"attributes\"");
    await q.query("ALTER TABLE \"category\" DROP COLUMN \"keywords\"");
    await q.query("ALTER TABLE \"category\" DROP COLUMN \"description\"");
    await q.query("ALTER TABLE \"caller\" DROP COLUMN \"email\"");
    await q.query("DROP INDEX \"public\".\"idx_open311_request_api_key_id\"");
    await q.query("DROP TABLE \"open311_request\"");
    await q.query("DROP TABLE \"open311_api_key\"");
  }
}
