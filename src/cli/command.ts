/** The contract every `gatecheck` verb implements; main.ts dispatches to them lazily. */

/** Where a command reads and writes; tests pass their own. Writes go out as given: end your lines. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The whole of standard input (empty when it is a terminal). */
  readStdin(): Promise<string>;
}

export interface Command {
  /** The full `gatecheck VERB --help` text. */
  help: string;
  /** Exit code: 0 success, 1 refused or failed check, 2 usage or input error (3, an internal error, is main.ts's). */
  run(argv: string[], io: CliIO): Promise<number>;
}

/** Thrown for bad usage or unreadable input; main.ts prints its message on one line and exits 2. */
export class UsageError extends Error {}

export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;
/** An error no command expected (a bug, a broken installation): main.ts reports it with this status. */
export const EXIT_INTERNAL = 3;
