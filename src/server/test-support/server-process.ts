/** A `gatecheck serve` child process for tests and benches that need a separate server process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVE_CHILD = fileURLToPath(new URL('./serve-child.ts', import.meta.url));
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

/** Starts `gatecheck serve --data DIR --port 0 [args…]` and waits until it listens. */
export function spawnServer(dataDir: string, env: Record<string, string> = {}, timeoutMs = 60_000, args: readonly string[] = [], options: { viaBin?: boolean } = {}): Promise<ServerProcess> {
  // viaBin: exactly the installed command, `bin/gatecheck.js serve`.
  const program = options.viaBin ? [GATECHECK_BIN, 'serve'] : ['--import', 'tsx', SERVE_CHILD];
  const child = spawn(process.execPath, [...program, '--data', dataDir, '--port', '0', ...args], {
    env: { ...process.env, GATECHECK_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
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
