import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { SnakeNamingStrategy } from './naming-strategy.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// Built: dist/database → dist/migrations/*.js. From source (tests): src/database → migrations/*.ts.
const MIGRATIONS_GLOB = here.includes(`${path.sep}dist${path.sep}`)
  ? path.join(here, '..', 'migrations', '*.js')
  : path.join(here, '..', '..', 'migrations', '*.ts');

export interface DataSourceSettings {
  url: string;
  poolSize?: number;
  applicationName?: string;
  /** Only the migration runner loads the migration files; the app never needs them. */
  withMigrations?: boolean;
}

export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ENTITIES,
    migrations: settings.withMigrations ? [MIGRATIONS_GLOB] : [],
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    // errors surface as exceptions and are logged once, by the exception filter
    logging: false,
    extra: {
      max: settings.poolSize ?? 20,
      application_name: settings.applicationName ?? 'hotline',
      // fail fast when PostgreSQL is gone: a 503 now beats a request hanging for a minute
      connectionTimeoutMillis: 5_000,
      statement_timeout: 30_000,
    },
  };
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource(dataSourceOptions(settings));
}
