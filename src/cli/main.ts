/**
 * The `gatecheck` command: dispatches to one verb module per command, loaded lazily so a
 * verification never pays for the server's or the decoder's imports.
 */
import { existsSync, readFileSync } from 'node:fs';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIO, type Command } from './command.ts';
import { oneLine } from './options.ts';
import { processIO } from './process-io.ts';

/** Every verb and the module (next to this file) that implements it, in help order. */
export const VERBS = {
  keygen: 'keygen.ts',
  trust: 'trust.ts',
  issue: 'issue.ts',
  status: 'status.ts',
  verify: 'verify.ts',
  decode: 'decode.ts',
  serve: 'serve.ts',
  admin: 'admin.ts',
} as const;

/** Verb name to module file (next to this file). */
export type VerbTable = Readonly<Record<string, string>>;

/** Loads a verb's module; a missing module or one without a Command is a one-line usage error. */
export async function loadCommand(verb: string, verbs: VerbTable = VERBS): Promise<Command> {
  const file = verbs[verb]!;
  const url = new URL(`./${file}`, import.meta.url);
  if (!existsSync(url)) throw new UsageError(`the "${verb}" command is not available in this build (src/cli/${file} is missing)`);
  const module = (await import(url.href)) as { command?: Partial<Command> };
  const command = module.command;
  if (!command || typeof command.run !== 'function' || typeof command.help !== 'string' || typeof command.summary !== 'string') {
    throw new UsageError(`the "${verb}" command is broken: src/cli/${file} exports no Command`);
  }
  return command as Command;
}

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

/** The `gatecheck --help` text: each verb's one-line summary, read from its module. */
export async function topLevelHelp(verbs: VerbTable = VERBS): Promise<string> {
  const lines = await Promise.all(
    Object.keys(verbs).map(async (verb) => {
      try {
        return `  ${verb.padEnd(8)} ${(await loadCommand(verb, verbs)).summary}`;
      } catch (error) {
        const why = existsSync(new URL(`./${verbs[verb]}`, import.meta.url)) ? oneLine((error as Error).message) : 'not in this build';
        return `  ${verb.padEnd(8)} (not available: ${why})`;
      }
    }),
  );
  return [
    'gatecheck: sign, publish and verify GC1 health codes; run the checkpoint sync server.',
    '',
    'Usage: gatecheck COMMAND [options]',
    '       gatecheck COMMAND --help      options of one command',
    '',
    'Commands:',
    ...lines,
    '',
    'Exit status: 0 success, 1 refused or failed check, 2 usage or input error (one line on stderr).',
    'Set GATECHECK_DEBUG=1 to print the stack of an unexpected error.',
  ].join('\n');
}

const wantsHelp = (args: string[]) => {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
};

/** Runs one command line (the words after `gatecheck`); returns the exit status. */
export async function run(args: string[], io: CliIO, verbs: VerbTable = VERBS): Promise<number> {
  const isVerb = (word: string) => Object.hasOwn(verbs, word);
  const [first, ...rest] = args;
  if (first === undefined) {
    io.stderr(`${await topLevelHelp(verbs)}\n`);
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
    io.stdout(`${await topLevelHelp(verbs)}\n`);
    return EXIT_OK;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${version()}\n`);
    return EXIT_OK;
  }
  const verb = first === 'help' ? rest[0]! : first;
  const label = isVerb(verb) ? `gatecheck ${verb}` : 'gatecheck';
  try {
    if (!isVerb(verb)) throw new UsageError(`unknown command ${JSON.stringify(verb)}; try "gatecheck --help"`);
    const command = await loadCommand(verb, verbs);
    if (first === 'help' || wantsHelp(rest)) {
      io.stdout(`${command.help.trimEnd()}\n`);
      return EXIT_OK;
    }
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${label}: ${oneLine(error.message)}\n`);
      return EXIT_USAGE;
    }
    if (process.env.GATECHECK_DEBUG) io.stderr(`${(error as Error)?.stack ?? String(error)}\n`);
    io.stderr(`${label}: unexpected error: ${oneLine(String((error as Error)?.message ?? error))}\n`);
    return EXIT_USAGE;
  }
}

/** Entry point for bin/gatecheck.js: `argv` is process.argv (node, script, then the words). */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  return run(argv.slice(2), io);
}
