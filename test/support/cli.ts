/** Runs the real `gatecheck` bin in a child process, as a user or a script would. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './vectors.ts';

/** The bin shim that package.json names. */
export const GATECHECK_BIN = path.join(REPO_ROOT, 'bin', 'gatecheck.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node BIN ...args` (or another executable path), feeding `stdin` when given. */
export function runGatecheck(args: string[], options: { stdin?: string; cwd?: string; bin?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const bin = options.bin ?? GATECHECK_BIN;
    const child = spawn(options.bin ? bin : process.execPath, options.bin ? args : [bin, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, GATECHECK_DEBUG: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** Parses stdout as JSON lines. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
