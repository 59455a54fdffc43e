/**
 * A `gatecheck serve` child process for tests and benches that need a separate server process
 * (SIGKILL in the middle of an upload, graceful shutdown, load from another process). It runs
 * the shipped command, bin/gatecheck.js, exactly as a user would: the server imports no CLI code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createDemoKeysAndTrust } from '../demo/demo-setup.ts';

const GATECHECK_BIN = fileURLToPath(new URL('../../../bin/gatecheck.js', import.meta.url));

/** A running child server. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * A data folder with the demo keyset and trust bundle (no demo codes), as an operator would
 * prepare one with keygen and trust: what a server on PostgreSQL starts on, since `--demo` is
 * refused there. Does nothing when DIR already holds keys.
 */
export async function demoKeysFolder(dataDir: string): Promise<string> {
  if (!existsSync(`${dataDir}/keys`)) await createDemoKeysAndTrust(dataDir, Math.floor(Date.now() / 1000));
  return dataDir;
}

/** Starts `gatecheck serve --data DIR --port 0 [args…]` and waits until it listens. */
export function spawnServer(
  dataDir: string,
  env: Record<string, string> = {},
  timeoutMs = 60_000,
  args: readonly string[] = [],
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [GATECHECK_BIN, 'serve', '--data', dataDir, '--port', '0', ...args], {
    env: { ...process.env, GATECHECK_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, child, output: () => output, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}
