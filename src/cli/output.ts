/** Where a verb's main output goes: a file given with --out, else standard output. */
import { writeFileSync } from 'node:fs';
import type { CliIO } from './command.ts';
import { UsageError } from './command.ts';

/** Writes `text` (one line of JSON, typically) to `path`, or to stdout without one. */
export function writeOutput(text: string, path: string | undefined, io: CliIO): void {
  const line = text.endsWith('\n') ? text : `${text}\n`;
  if (path === undefined) {
    io.stdout(line);
    return;
  }
  try {
    writeFileSync(path, line);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as Error).message}`);
  }
}
