/**
 * The `gatecheck` command: dispatches to one verb module per command, loaded lazily so a
 * verification never pays for the server's or the decoder's imports.
 */
import { existsSync, readFileSync } from 'node:fs';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError, type CliIO, type Command } from './command.ts';
import { oneLine } from './options.ts';
import { processIO } from './process-io.ts';

/**
 * Every verb, the module (next to this file, without its extension) that implements it and its
 * one line for `gatecheck --help`, in help order. The summaries live here, not in the modules,
 * so the top-level help loads no verb at all.
 */
export const VERBS: VerbTable = {
  keygen: { module: 'keygen', summary: 'create root, issuer and status key files (owner-read-only)' },
  trust: { module: 'trust', summary: 'sign a trust bundle of issuer and status keys with the root key' },
  issue: { module: 'issue', summary: 'sign a health code and print its QR text (optionally PNG/SVG)' },
  status: { module: 'status', summary: 'sign a status list snapshot or delta from CID=status pairs' },
  verify: { module: 'verify', summary: 'verify QR texts against a root key, trust bundle and status list (JSON lines)' },
  decode: { module: 'decode', summary: "read QR codes from PNG/JPEG files (the scanner's decoder pipeline)" },
  serve: { module: 'serve', summary: 'run the sync server, the app and the admin console' },
  admin: { module: 'admin', summary: 'add console accounts, reset a lost password, list accounts' },
};

/** Verb name to its module's name (next to this file) and its summary. */
export type VerbTable = Readonly<Record<string, { module: string; summary: string }>>;

/** The modules' extension as this file runs: `.ts` from the source (tsx), `.js` compiled (dist-node/). */
const EXTENSION = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const moduleUrl = (name: string) => new URL(`./${name}${EXTENSION}`, import.meta.url);

/** Loads a verb's module; a missing module or one without a Command is a one-line usage error. */
export async function loadCommand(verb: string, verbs: VerbTable = VERBS): Promise<Command> {
  const file = `${verbs[verb]!.module}${EXTENSION}`;
  const url = moduleUrl(verbs[verb]!.module);
  if (!existsSync(url)) throw new UsageError(`the "${verb}" command is not available in this build (src/cli/${file} is missing)`);
  const module = (await import(url.href)) as { command?: Partial<Command> };
  const command = module.command;
  if (!command || typeof command.run !== 'function' || typeof command.help !== 'string') {
    throw new UsageError(`the "${verb}" command is broken: src/cli/${file} exports no Command`);
  }
  return command as Command;
}

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

/** The `gatecheck --help` text: each verb's one-line summary; a verb whose module is not in this build says so. */
export function topLevelHelp(verbs: VerbTable = VERBS): string {
  const lines = Object.entries(verbs).map(([verb, { module, summary }]) =>
    existsSync(moduleUrl(module)) ? `  ${verb.padEnd(8)} ${summary}` : `  ${verb.padEnd(8)} (not available: not in this build)`,
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
    'Exit status: 0 success, 1 refused or failed check, 2 usage or input error (one line on stderr),',
    '3 internal error (a bug or a broken installation; GATECHECK_DEBUG=1 prints its stack).',
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
    io.stderr(`${topLevelHelp(verbs)}\n`);
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
    io.stdout(`${topLevelHelp(verbs)}\n`);
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
    io.stderr(`${label}: internal error: ${oneLine(String((error as Error)?.message ?? error))}\n`);
    return EXIT_INTERNAL;
  }
}

/** Entry point for bin/gatecheck.js: `argv` is process.argv (node, script, then the words). */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  return run(argv.slice(2), io);
}
