/** `gatecheck status`: sign a status snapshot (possibly in parts) or delta (gc1.md §4.2). */
import {
  b64uDecodeLength,
  b64uEncode,
  isAuthorityId,
  parseStatusDocument,
  sealEnvelope,
  signerFromSeed,
  type ListedStatus,
  type StatusEntryWithCid,
} from '../core/index.ts';
import { EXIT_OK, UsageError, type Command } from './command.ts';
import { nowSeconds } from './clock.ts';
import { readKeyFile } from './key-file.ts';
import { nonEmptyLines, parseOptions, parseUnsigned, required } from './options.ts';
import { writeOutput } from './output.ts';

const HELP = `Usage: gatecheck status --key FILE --to N [--from N] [--issued-at UNIX] [--parts N] [--out FILE]
                        [--authority ID] [CID=STATUS[:UNTIL] …]

Signs a gc1-status document with a status key. Entries come from the arguments, or else one
per line on stdin: CID is the code's credential id (base64url of 16 bytes), STATUS is green,
yellow, red or revoked, UNTIL (optional) is the Unix time after which the entry lapses.
Later entries for the same CID win.

  --key FILE         status key file with its secretKey (a "status" key of the trust bundle)
  --to N             the list sequence this document brings the scanner to
  --from N           0 (default) for a full snapshot; otherwise a delta that applies only on
                     a scanner holding exactly sequence N
  --issued-at UNIX   when the document is issued (default: now)
  --parts N          split a snapshot into N signed parts (printed as a JSON array)
  --out FILE         write the envelope (or array) here instead of stdout
  --authority ID     the authority whose chain this is (GC1 1.1 §6), as the trust bundle names
                     it ("gatecheck trust --authority ID"); needed for a region others recognise

Prints one signed envelope as one line of JSON; with --parts, a JSON array of envelopes.

Examples:
  gatecheck status --key keys/status.json --to 1 > status.json          empty snapshot
  gatecheck status --key keys/status.json --from 1 --to 2 AAAAAAAAAAAAAAAAAAAAAA=yellow`;

const STATUSES: readonly ListedStatus[] = ['green', 'yellow', 'red', 'revoked'];

/** Parses CID=STATUS[:UNTIL]. */
function parseEntry(text: string): StatusEntryWithCid {
  const match = /^([A-Za-z0-9_-]+)=([a-z]+)(?::(\d+))?$/.exec(text.trim());
  const cid = match && b64uDecodeLength(match[1], 16);
  if (!match || !cid) throw new UsageError(`entry ${JSON.stringify(text)} is not CID=STATUS[:UNTIL] with a 16-byte base64url CID`);
  const status = match[2] as ListedStatus;
  if (!STATUSES.includes(status)) throw new UsageError(`entry ${JSON.stringify(text)}: status must be ${STATUSES.join(', ')}`);
  const entry: StatusEntryWithCid = { cid: b64uEncode(cid), status };
  if (match[3] !== undefined) entry.until = parseUnsigned(match[3], 'until')!;
  return entry;
}

/** Splits entries into `parts` contiguous runs, keeping their order (so later still wins). */
function split<T>(items: T[], parts: number): T[][] {
  const out: T[][] = [];
  const size = Math.ceil(items.length / parts);
  for (let k = 0; k < parts; k++) out.push(items.slice(k * size, (k + 1) * size));
  return out;
}

export const command: Command = {
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseOptions(
      argv,
      {
        key: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        'issued-at': { type: 'string' },
        parts: { type: 'string' },
        out: { type: 'string' },
        authority: { type: 'string' },
      },
      true,
      // CID=status: a cid is base64url and may start with "-".
      (arg) => arg.includes('='),
    );
    const key = readKeyFile(required(values.key, 'key'), 'status', true);
    const from = parseUnsigned(values.from, 'from') ?? 0;
    const to = required(parseUnsigned(values.to, 'to'), 'to');
    if (from > 0 && to <= from) throw new UsageError('a delta must move forward: --to must be greater than --from');
    const parts = parseUnsigned(values.parts, 'parts', 100_000);
    if (parts !== undefined && parts < 1) throw new UsageError('--parts must be at least 1');
    if (parts !== undefined && from !== 0) throw new UsageError('only a snapshot (--from 0) comes in parts');
    const issuedAt = parseUnsigned(values['issued-at'], 'issued-at') ?? nowSeconds();
    const lines = positionals.length > 0 ? positionals : nonEmptyLines(await io.readStdin());
    const entries = lines.map(parseEntry);

    if (values.authority !== undefined && !isAuthorityId(values.authority))
      throw new UsageError('--authority must match ^[a-z0-9][a-z0-9-]{0,31}$');
    const head = { type: 'gc1-status', ...(values.authority === undefined ? {} : { authority: values.authority }), from, to, issuedAt };
    const documents =
      parts === undefined
        ? [{ ...head, entries }]
        : split(entries, parts).map((chunk, i) => ({ ...head, part: i + 1, parts, entries: chunk }));
    const signer = signerFromSeed(key.seed!);
    const envelopes = [];
    for (const document of documents) {
      // Never sign a document a scanner would refuse.
      const check = parseStatusDocument(document);
      if (!check.ok) throw new UsageError(`the document would be refused: ${check.detail}`);
      envelopes.push(await sealEnvelope(document, signer));
    }
    writeOutput(JSON.stringify(parts === undefined ? envelopes[0] : envelopes), values.out, io);
    return EXIT_OK;
  },
};
