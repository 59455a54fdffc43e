/**
 * A throwaway PostgreSQL cluster for tests and benches: initdb into a temp dir, start on a
 * free loopback port, drop it all in stop(). Uses Debian's binaries (/usr/lib/postgresql/N/bin;
 * test/setup/ensure-postgres.sh installs them). Missing binaries are an error, never a skip:
 * a green run must mean the server was tested against real PostgreSQL.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A running cluster: a URL per database you ask for, and a way to remove it. */
export interface TestPostgres {
  /** postgres://… for the cluster's default database. */
  url: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** Keep fsync and synchronous commit on (benches); tests turn them off for speed. */
  durable?: boolean;
  /** max_connections (default 50; the unit run's one shared cluster serves every file). */
  maxConnections?: number;
}

const ROOT = '/usr/lib/postgresql';

/** The bin directory of the newest installed PostgreSQL; throws with the fix when absent. */
export function findPostgresBin(): string {
  const versions = existsSync(ROOT)
    ? readdirSync(ROOT)
        .filter((v) => existsSync(join(ROOT, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      `PostgreSQL binaries not found in ${ROOT}/*/bin: run "bash test/setup/ensure-postgres.sh" (apt-get install postgresql) first`,
    );
  }
  return join(ROOT, versions[0]!, 'bin');
}

/** Starts a fresh cluster; stop() it in teardown (it is also stopped if the process exits). */
export async function startPostgres(options: PostgresOptions = {}): Promise<TestPostgres> {
  const bin = findPostgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-pg-'));
  const data = join(dir, 'data');
  // PostgreSQL refuses to run as root; run its binaries as the postgres user then.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const run = (tool: string, args: string[]) => {
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    const result = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) throw new Error(`${tool} failed (${result.status}): ${result.stderr || result.stdout || result.error}`);
  };

  run('initdb', ['-D', data, '-U', 'gatecheck', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const settings = [
    `-c listen_addresses=127.0.0.1`,
    `-c port=${port}`,
    `-c unix_socket_directories=${dir}`,
    `-c max_connections=${options.maxConnections ?? 50}`,
    ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');
  run('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);

  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopNow);

  const url = `postgres://gatecheck@127.0.0.1:${port}/postgres`;
  return {
    url,
    createDatabase: (name) => createDatabaseIn(url, name),
    async stop() {
      process.removeListener('exit', stopNow);
      stopNow();
    },
  };
}

/**
 * A cluster someone else started (the unit run's global setup, test/setup/unit-global-setup.ts),
 * seen from one test file: its databases get a random suffix, so no two files (or two runs of
 * a name in one file) ever share one, and stop() drops the ones this file made.
 */
export function connectPostgres(url: string): TestPostgres {
  const made: string[] = [];
  return {
    url,
    async createDatabase(name) {
      const unique = `${name}_${randomBytes(6).toString('hex')}`;
      made.push(unique);
      return createDatabaseIn(url, unique);
    },
    async stop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        // FORCE: a test that failed half-way may have left a pool open on its database.
        for (const name of made.splice(0)) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

async function createDatabaseIn(clusterUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || name.length > 63) throw new Error(`bad database name ${name}`);
  const client = new pg.Client({ connectionString: clusterUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
