/** `gatecheck keygen`: new Ed25519 key files (root, issuer, status by default), owner-read-only. */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { b64uEncode } from '../core/index.ts';
import { EXIT_OK, UsageError, type Command } from './command.ts';
import { randomBytesOf } from './clock.ts';
import { writeKeyFile } from './key-file.ts';
import { parseOptions, required } from './options.ts';

const DEFAULT_NAMES = ['root', 'issuer', 'status'];

const HELP = `Usage: gatecheck keygen --out DIR [NAME…]

Creates one Ed25519 key file per NAME in DIR (default names: root issuer status), each
DIR/NAME.json = {"kid","publicKey","secretKey"} in base64url, where secretKey is the 32-byte
seed and kid is the first 8 bytes of SHA-256(publicKey). Files are created owner-read-only
(mode 0400) and never overwritten: if any of them exists, nothing is written.
Prints {"NAME": {"file","kid","publicKey"}, …} on stdout.

  --out DIR    folder for the key files (created if missing, mode 0700)

Examples:
  gatecheck keygen --out keys                 root.json, issuer.json, status.json
  gatecheck keygen --out keys holder          keys/holder.json (a holder device key for
                                              "gatecheck issue --holder-key")`;

export const command: Command = {
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, { out: { type: 'string' } }, true);
    const dir = required(values.out, 'out');
    const names = positionals.length > 0 ? positionals : DEFAULT_NAMES;
    for (const name of names) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new UsageError(`key name ${JSON.stringify(name)} must be letters, digits, - or _`);
    }
    if (new Set(names).size !== names.length) throw new UsageError('a key name is given twice');
    const files = names.map((name) => path.join(dir, `${name}.json`));
    const existing = files.filter((file) => existsSync(file));
    if (existing.length > 0)
      throw new UsageError(`${existing.join(', ')} already ${existing.length === 1 ? 'exists' : 'exist'}; key files are never overwritten`);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new UsageError(`cannot create ${dir}: ${(error as Error).message}`);
    }
    const summary: Record<string, { file: string; kid: string; publicKey: string }> = {};
    names.forEach((name, i) => {
      const { kid, publicKey } = writeKeyFile(files[i]!, randomBytesOf(32));
      summary[name] = { file: files[i]!, kid, publicKey: b64uEncode(publicKey) };
    });
    io.stdout(`${JSON.stringify(summary)}\n`);
    return EXIT_OK;
  },
};
