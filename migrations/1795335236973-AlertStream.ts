import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AlertStream1795335236973 implements MigrationInterface {
  name = 'AlertStream1795335236973';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE INDEX \"idx_alert_created_at\" ON \"alert\"  (\"created_at\") ");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX \"public\".\"idx_alert_created_at\"");
  }
}
