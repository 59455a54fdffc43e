/**
 * Debian's Caddy (test/setup/ensure-caddy.sh) as the TLS reverse proxy in front of a test
 * server, as docs/deploying.md sets it up for a LAN: `tls internal` (Caddy's own local CA),
 * on loopback, its own process, config, ports and data folders. HOME and XDG_* point at a
 * temporary folder: the local CA lives there, and nothing is installed in the system's trust
 * store (skip_install_trust); the admin endpoint is off. Nothing here needs the package's
 * systemd service.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const CADDY = '/usr/bin/caddy';

/** A free TCP port on loopback (Caddy needs its port in the config before it starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The Caddyfile for `https://127.0.0.1:PORT` with `tls internal`, proxying to `upstream` (host:port). */
export function lanCaddyfile(port: number, upstream: string, storage: string): string {
  return `{
\tadmin off
\tauto_https disable_redirects
\tskip_install_trust
\tstorage file_system ${storage}
}

https://127.0.0.1:${port} {
\ttls internal
\treverse_proxy ${upstream}
}
`;
}

export interface CaddyProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** GET over https without checking the certificate (Caddy's local CA); resolves with the status code. */
function probe(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', reject);
    req.once('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

/**
 * Starts caddy on `https://127.0.0.1:PORT` (from freePort(): the server's --public-url names
 * it before either starts) in front of `upstream`, and waits until /healthz answers 200 through it.
 */
export async function startCaddy(work: string, port: number, upstream: string, timeoutMs = 30_000): Promise<CaddyProcess> {
  const home = join(work, 'caddy-home');
  mkdirSync(home, { recursive: true });
  const config = join(work, 'Caddyfile');
  writeFileSync(config, lanCaddyfile(port, upstream, join(home, 'storage')));
  const child = spawn(CADDY, ['run', '--config', config, '--adapter', 'caddyfile'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      XDG_DATA_HOME: join(home, 'data'),
      XDG_CONFIG_HOME: join(home, 'config'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `https://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`caddy exited (${child.exitCode}):\n${output}`);
    const status = await probe(`${url}/healthz`).catch(() => 0);
    if (status === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`caddy did not proxy /healthz within ${timeoutMs} ms (last status ${status}):\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
