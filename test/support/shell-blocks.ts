/**
 * Documentation whose shell blocks are run by tests (the README's walk-through, the
 * deployment runbook): a block's commands, as typed (continuation lines joined), each with the
 * exit status its comment announces ("exit status N", else 0), run with bash exactly as
 * written, with `gatecheck` on the PATH the way `npm link` puts it there (a symlink to
 * bin/gatecheck.js), and the status of each command recorded.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GATECHECK_BIN } from './cli.ts';

/** One command as typed and the exit status it should end with. */
export interface Step {
  command: string;
  expectedStatus: number;
}

/** The bodies of every fenced block of `language` (```sh) in a Markdown text, in order. */
export function fencedBlocks(markdown: string, language = 'sh'): string[] {
  return [...markdown.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\\n\`\`\``, 'g'))].map((m) => m[1]!);
}

/** The info strings (languages) of every fenced block, in order (an unlabelled fence gives ''). */
export function fenceLanguages(markdown: string): string[] {
  return [...markdown.matchAll(/^```(\S*)\n[\s\S]*?\n```$/gm)].map((m) => m[1]!);
}

/** A block's commands: continuation lines joined, blank lines and comment lines dropped. */
export function steps(block: string): Step[] {
  const out: Step[] = [];
  let pending = '';
  for (const line of block.split('\n')) {
    pending += line;
    if (line.endsWith('\\')) {
      pending += '\n';
      continue;
    }
    if (pending.trim() !== '' && !pending.trim().startsWith('#')) {
      const announced = /#.*\bexit status (\d+)/.exec(pending);
      out.push({ command: pending, expectedStatus: announced ? Number(announced[1]) : 0 });
    }
    pending = '';
  }
  return out;
}

export interface StepsRun {
  /** The exit status each command ended with, in order (shorter when bash stopped early). */
  statuses: number[];
  stdout: string;
  stderr: string;
  /** One line per command: got, wanted, the command's first line (for assertion messages). */
  report: string;
}

/**
 * Runs the commands in one bash process in `cwd`, with `gatecheck` on the PATH (a symlink in
 * `work`/bin) and `env` added to the environment; `timeoutMs` bounds the whole run.
 */
export function runSteps(list: Step[], options: { work: string; cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): StepsRun {
  const bin = path.join(options.work, 'bin');
  mkdirSync(bin, { recursive: true });
  symlinkSync(GATECHECK_BIN, path.join(bin, 'gatecheck'));
  const statusFile = path.join(options.work, 'statuses');
  writeFileSync(statusFile, '');
  // The commands exactly as written, with the exit status of each recorded after it. bash runs
  // in a session of its own (setsid): on exit it stops what the commands left running in the
  // background (a server started with &), even when a command failed before stopping it.
  const script = `trap 'kill 0 2>/dev/null' EXIT\n${list.map((step) => `${step.command}\nprintf '%s\\n' "$?" >> '${statusFile}'`).join('\n')}\n`;
  writeFileSync(path.join(options.work, 'steps.sh'), script);
  const run = spawnSync('setsid', ['--wait', 'bash', path.join(options.work, 'steps.sh')], {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeoutMs,
    env: {
      ...process.env,
      GATECHECK_DEBUG: '',
      ...options.env,
      PATH: `${bin}${path.delimiter}${options.env?.PATH ?? process.env.PATH ?? ''}`,
    },
  });
  const statuses = readFileSync(statusFile, 'utf8').trim().split('\n').filter(Boolean).map(Number);
  const report = list.map((step, i) => `${statuses[i] ?? '-'} (want ${step.expectedStatus}): ${step.command.split('\n')[0]}`).join('\n');
  return { statuses, stdout: run.stdout ?? '', stderr: run.stderr ?? '', report };
}
