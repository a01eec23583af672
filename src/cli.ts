import 'reflect-metadata';
import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import { ConfigError, loadConfig } from './config/app-config.js';
import { createLogger } from './common/logger.js';
import { createDataSource } from './database/data-source.js';
import { resolveDatabase, runMigrations } from './database/runtime-database.js';
import { pendingSchemaChanges, renderMigration } from './database/schema-diff.js';
import { createAdmin, seedDemo } from './seed/demo-seed.js';

const USAGE = `usage: node dist/cli.js <command>
  migrate                      apply pending migrations
  migration:check              exit 1 if an entity change has no migration
  migration:generate <Name>    write migrations/<timestamp>-<Name>.ts from the entity diff
  seed-demo                    load the demo hotline (departments, categories, rules, users)
  create-admin <username>      create an admin; password from ADMIN_PASSWORD or typed in
Uses DATABASE_URL, or the embedded PostgreSQL in DATA_DIR when it is not set.`;

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  if (!process.stdin.isTTY) return readFileSync(0, 'utf8').trim();
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question('Password for the new admin: ')).trim();
  } finally {
    rl.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, arg] = argv;
  if (!command || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const db = await resolveDatabase(config, logger);
  try {
    switch (command) {
      case 'migrate': {
        const applied = await runMigrations(db.url, logger);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date');
        return 0;
      }
      case 'migration:check':
      case 'migration:generate': {
        await runMigrations(db.url, logger);
        const ds = createDataSource({ url: db.url, poolSize: 1 });
        await ds.initialize();
        try {
          const { up, down } = await pendingSchemaChanges(ds);
          if (command === 'migration:check') {
            if (up.length === 0) {
              console.log('migrations match the entities');
              return 0;
            }
            console.error(`entity changes without a migration:\n${up.join(';\n')}`);
            return 1;
          }
          if (!arg) throw new Error('migration:generate needs a name');
          if (up.length === 0) {
            console.log('nothing to generate');
            return 0;
          }
          const ts = Date.now();
          const file = path.resolve('migrations', `${ts}-${arg}.ts`);
          await fs.writeFile(file, renderMigration(arg, ts, up, down.reverse()));
          console.log(`wrote ${file}; read it before committing`);
          return 0;
        } finally {
          await ds.destroy();
        }
      }
      case 'seed-demo': {
        await runMigrations(db.url, logger);
        await seedDemo(db.url, config);
        console.log('demo data loaded');
        return 0;
      }
      case 'create-admin': {
        if (!arg) throw new Error('create-admin needs a username');
        const password = await readPassword();
        await runMigrations(db.url, logger);
        await createAdmin(db.url, arg, password);
        console.log(`admin ${arg} created`);
        return 0;
      }
      default:
        console.error(`unknown command ${command}\n${USAGE}`);
        return 2;
    }
  } finally {
    await db.embedded?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : `error: ${(err as Error).message}`);
    process.exit(1);
  },
);
