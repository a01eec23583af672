import type { DataSource } from 'typeorm';

/**
 * The SQL TypeORM would run to bring the database to the entities. Empty after all migrations
 * ran means every entity change has its migration; CI and a test assert exactly that.
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<{ up: string[]; down: string[] }> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: log.upQueries.map((q) => q.query),
    down: log.downQueries.map((q) => q.query),
  };
}

export function renderMigration(name: string, timestamp: number, up: string[], down: string[]): string {
  const className = `${name.replace(/[^A-Za-z0-9]/g, '')}${timestamp}`;
  const lines = (qs: string[]) => qs.map((q) => `    await q.query(${JSON.stringify(q)});`).join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(q: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(q: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}
