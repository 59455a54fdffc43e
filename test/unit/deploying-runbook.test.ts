/**
 * docs/deploying.md works when pasted: every ```sh block, in order, in one bash, as written,
 * each command ending with the status its comment announces. It runs with its settings
 * pointed at temporary folders and free ports: keys made "offline", a PGlite server behind
 * Debian's Caddy (tls internal), a backup and restore, then two servers on one throwaway
 * PostgreSQL, the demo refused there, pg_dump and pg_restore, the metrics. Blocks that need
 * root on a real server are ```text and are not run; no other kind of block is allowed.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { usePostgres } from '../../src/server/test-support/harness.ts';
import { fenceLanguages, fencedBlocks, runSteps, steps } from '../support/shell-blocks.ts';
import { REPO_ROOT } from '../support/vectors.ts';

const runbook = readFileSync(path.join(REPO_ROOT, 'docs', 'deploying.md'), 'utf8');
const work = mkdtempSync(path.join(tmpdir(), 'gatecheck-runbook-'));
const cluster = usePostgres();
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** True when `port` can be bound on loopback now. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A port p with p, p+1 and p+2 free (the runbook's one server, then two). */
async function freePorts(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if ((await bindable(port)) && (await bindable(port + 1)) && (await bindable(port + 2))) return port;
  }
}

describe('docs/deploying.md', () => {
  it('has only sh blocks (run here) and text blocks (root on a real server)', () => {
    expect(new Set(fenceLanguages(runbook))).toEqual(new Set(['sh', 'text']));
    expect(runbook).toContain('test/unit/deploying-runbook.test.ts');
  });

  it('runs every sh block in order, each command ending with the status it announces', async () => {
    expect(existsSync('/usr/bin/caddy'), 'Debian caddy (test/setup/ensure-caddy.sh)').toBe(true);
    const list = fencedBlocks(runbook).flatMap(steps);
    expect(list.length).toBeGreaterThanOrEqual(25);
    const databaseUrl = await (await cluster()).createDatabase(`runbook_${process.pid}`);
    const home = path.join(work, 'home');
    const cwd = path.join(work, 'cwd');
    mkdirSync(home);
    mkdirSync(cwd);
    const env: NodeJS.ProcessEnv = {
      GATECHECK_HOME: REPO_ROOT,
      DATA: path.join(work, 'srv', 'gatecheck'),
      KEYS: path.join(work, 'offline', 'keys'),
      PORT: String(await freePorts()),
      GATECHECK_HOST: '127.0.0.1',
      HTTPS_PORT: String(await freePorts()),
      GATECHECK_DATABASE_URL: databaseUrl,
      // Caddy keeps its local CA under HOME (XDG_DATA_HOME); never the real one's.
      HOME: home,
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      XDG_CONFIG_HOME: path.join(home, '.config'),
      PATH: `/usr/lib/postgresql/15/bin${path.delimiter}${process.env.PATH ?? ''}`,
      DATABASE_URL: '',
      GATECHECK_ADMIN_PASSWORD: '',
      GATECHECK_LOG_LEVEL: 'warn',
    };
    mkdirSync(path.dirname(env.DATA!), { recursive: true });
    const run = runSteps(list, { work, cwd, env, timeoutMs: 540_000 });
    expect(run.statuses, `${run.report}\n--- stderr:\n${run.stderr.slice(-4000)}`).toEqual(list.map((step) => step.expectedStatus));

    // What the comments promise: the password box, the proxy refusing /metrics, the metrics read.
    expect(run.stdout).toMatch(/one-time password:/);
    expect(run.stdout).toMatch(/^404$/m);
    expect(run.stdout).toMatch(/^gatecheck_status_head_seq \d+$/m);
    expect(run.stdout).toMatch(/^gatecheck_devices_silent_over_a_day 0$/m);
    expect(existsSync(path.join(cwd, 'gatecheck.dump'))).toBe(true);
  }, 600_000);
});
