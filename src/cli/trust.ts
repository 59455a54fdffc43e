/** `gatecheck trust`: sign a trust bundle (gc1.md §4.1) with the root key. */
import { existsSync } from 'node:fs';
import {
  DEFAULT_AUTHORITY,
  b64uEncode,
  isAuthorityId,
  openTrustBundle,
  sealEnvelope,
  signerFromSeed,
  trustKeyDocument,
  tweetnaclEd25519,
  type Ed25519Verifier,
  type TrustKeyDocument,
} from '../core/index.ts';
import { EXIT_OK, UsageError, type Command } from './command.ts';
import { nowSeconds } from './clock.ts';
import { readKeyFile, readPublicKey } from './key-file.ts';
import { U32_MAX, parseOptions, parseUnsigned, readJsonFile, required } from './options.ts';
import { writeOutput } from './output.ts';

const DAY = 86_400;

const HELP = `Usage: gatecheck trust --root FILE --seq N --issuer FILE [--issuer FILE…] [--status FILE…]
                       [--name-zh TEXT] [--name-en TEXT] [--region CODE]
                       [--not-before UNIX] [--not-after UNIX]
                       [--issued-at UNIX] [--expires-at UNIX | --days N] [--out FILE]
                       [--authority ID] [--recognise ID=FILE --recognise-root ID=PUB]…

Signs a gc1-trust bundle with the root key. Issuer and status key files may be public-only
(the root signer never needs their secrets). Prints the signed envelope as one line of JSON
(or writes it to --out).

  --root FILE          root key file with its secretKey (the key scanners pin)
  --seq N              bundle sequence; scanners ignore a bundle older than the one they hold
  --issuer FILE        a key that signs codes (repeatable)
  --status FILE        a key that signs status lists (repeatable)
  --name-zh TEXT       the keys' display name in Chinese (zh-CN), e.g. 深圳市卫生健康委员会
  --name-en TEXT       the keys' display name in English (en)
  --region CODE        administrative division code of the keys' region (default 0 = none)
  --not-before UNIX    start of the keys' validity window (default: --issued-at)
  --not-after UNIX     end of the keys' validity window (default: --not-before + 365 days)
  --issued-at UNIX     when the bundle is issued (default: now)
  --expires-at UNIX    when the bundle expires (default: --issued-at + --days)
  --days N             bundle lifetime in days (default 7)
  --out FILE           write the envelope here instead of stdout

Recognised authorities (GC1 1.1 §6):
  --authority ID       this region's authority id (^[a-z0-9][a-z0-9-]{0,31}$; default: none,
                       which scanners read as "home"). A region that other regions recognise
                       needs one: its status lists then name it, and the peers list it under it.
  --recognise ID=FILE  recognise authority ID: FILE is its published trust bundle (the envelope
                       its server serves at /api/trust). Its own issuer and status keys, with
                       their validity windows, regions and names, are listed in this bundle
                       under "authority": ID (repeatable, one per authority)
  --recognise-root ID=PUB   ID's root public key (base64url of 32 bytes, or a key file), compared
                       out of band; FILE must be signed by it and name ID as its authority

Per-key values: append #name=value&… to a key file to override the shared options for
that key, with names region, notBefore, notAfter, name-zh, name-en. For example, to keep a
retired issuer key whose codes are still valid:
  --issuer old-issuer.json#notBefore=1710880000&notAfter=1745440000`;

const OVERRIDES = ['region', 'notBefore', 'notAfter', 'name-zh', 'name-en'];

interface SharedKeyOptions {
  region: number;
  notBefore: number;
  notAfter: number;
  name: Record<string, string>;
}

/** Splits FILE#overrides (a file whose whole name exists is taken as it is). */
function keyArgument(argument: string): { file: string; overrides: URLSearchParams } {
  const hash = argument.indexOf('#');
  if (hash < 0 || existsSync(argument)) return { file: argument, overrides: new URLSearchParams() };
  return { file: argument.slice(0, hash), overrides: new URLSearchParams(argument.slice(hash + 1)) };
}

function keyEntry(argument: string, use: 'issuer' | 'status', shared: SharedKeyOptions): TrustKeyDocument {
  const { file, overrides } = keyArgument(argument);
  const key = readKeyFile(file, use);
  for (const name of overrides.keys()) {
    if (!OVERRIDES.includes(name))
      throw new UsageError(`${argument}: unknown per-key value ${JSON.stringify(name)} (use ${OVERRIDES.join(', ')})`);
  }
  const number = (name: string, fallback: number, max = U32_MAX) =>
    parseUnsigned(overrides.get(name) ?? undefined, `${use} ${name}`, max) ?? fallback;
  const name = { ...shared.name };
  if (overrides.has('name-zh')) name['zh-CN'] = overrides.get('name-zh')!;
  if (overrides.has('name-en')) name.en = overrides.get('name-en')!;
  const entry = {
    kid: key.kid,
    publicKey: b64uEncode(key.publicKey),
    use,
    region: number('region', shared.region),
    name,
    notBefore: number('notBefore', shared.notBefore, Number.MAX_SAFE_INTEGER),
    notAfter: number('notAfter', shared.notAfter, Number.MAX_SAFE_INTEGER),
  };
  if (entry.notAfter < entry.notBefore) throw new UsageError(`${argument}: notAfter is before notBefore`);
  return entry;
}

/** `ID=VALUE` of a --recognise or --recognise-root option. */
function idPair(argument: string, option: string): { id: string; value: string } {
  const at = argument.indexOf('=');
  const id = at < 0 ? '' : argument.slice(0, at);
  if (!isAuthorityId(id)) throw new UsageError(`--${option} ${argument}: expected ID=..., ID matching ^[a-z0-9][a-z0-9-]{0,31}$`);
  return { id, value: argument.slice(at + 1) };
}

/**
 * The peer's own keys from its published bundle, verified against its root, as entries of ours
 * under `authority: id`. Only keys of the peer's home authority are taken: recognition is not
 * transitive (the peer's recognised authorities are its business, not ours).
 */
async function recognisedKeys(id: string, file: string, rootKey: Uint8Array, ed25519: Ed25519Verifier): Promise<TrustKeyDocument[]> {
  const opened = await openTrustBundle(readJsonFile(file, `trust bundle of ${id}`), rootKey, ed25519);
  if (!opened.ok) throw new UsageError(`--recognise ${id}: ${file} refused (${opened.problem}): ${opened.detail}`);
  const peer = opened.bundle;
  if (peer.authority !== id) {
    throw new UsageError(
      `--recognise ${id}: ${file} is the bundle of authority "${peer.authority}", and its status lists say so; ` +
        `recognise it as ${peer.authority}` +
        (peer.authority === DEFAULT_AUTHORITY ? ' after it names itself (gatecheck trust --authority ID)' : ''),
    );
  }
  return peer.keys.filter((k) => k.authority === peer.authority).map((k) => trustKeyDocument(k, id));
}

export const command: Command = {
  help: HELP,
  async run(argv, io) {
    const { values } = parseOptions(argv, {
      root: { type: 'string' },
      seq: { type: 'string' },
      issuer: { type: 'string', multiple: true },
      status: { type: 'string', multiple: true },
      'name-zh': { type: 'string' },
      'name-en': { type: 'string' },
      region: { type: 'string' },
      'not-before': { type: 'string' },
      'not-after': { type: 'string' },
      'issued-at': { type: 'string' },
      'expires-at': { type: 'string' },
      days: { type: 'string' },
      out: { type: 'string' },
      authority: { type: 'string' },
      recognise: { type: 'string', multiple: true },
      'recognise-root': { type: 'string', multiple: true },
    });
    const home = values.authority;
    if (home !== undefined && !isAuthorityId(home)) throw new UsageError('--authority must match ^[a-z0-9][a-z0-9-]{0,31}$');
    const roots = new Map<string, Uint8Array>();
    for (const argument of values['recognise-root'] ?? []) {
      const { id, value } = idPair(argument, 'recognise-root');
      if (roots.has(id)) throw new UsageError(`--recognise-root ${id} is given twice`);
      roots.set(id, readPublicKey(value, `root of ${id}`));
    }
    const peers = new Map<string, string>();
    for (const argument of values.recognise ?? []) {
      const { id, value } = idPair(argument, 'recognise');
      if (peers.has(id)) throw new UsageError(`--recognise ${id} is given twice`);
      if (id === (home ?? DEFAULT_AUTHORITY)) throw new UsageError(`--recognise ${id}: that is this bundle's own authority`);
      if (!roots.has(id)) throw new UsageError(`--recognise ${id} needs --recognise-root ${id}=PUB (its root public key)`);
      peers.set(id, value);
    }
    for (const id of roots.keys()) if (!peers.has(id)) throw new UsageError(`--recognise-root ${id} without --recognise ${id}=FILE`);
    const rootKey = readKeyFile(required(values.root, 'root'), 'root', true);
    const seq = required(parseUnsigned(values.seq, 'seq'), 'seq');
    if (!values.issuer?.length) throw new UsageError('--issuer is required (at least one issuer key)');
    if (values['expires-at'] !== undefined && values.days !== undefined) throw new UsageError('give --expires-at or --days, not both');
    const issuedAt = parseUnsigned(values['issued-at'], 'issued-at') ?? nowSeconds();
    const days = parseUnsigned(values.days, 'days', 100 * 365) ?? 7;
    const expiresAt = parseUnsigned(values['expires-at'], 'expires-at') ?? issuedAt + days * DAY;
    if (expiresAt <= issuedAt) throw new UsageError('the bundle must expire after it is issued');
    const notBefore = parseUnsigned(values['not-before'], 'not-before') ?? issuedAt;
    const notAfter = parseUnsigned(values['not-after'], 'not-after') ?? notBefore + 365 * DAY;
    if (notAfter < notBefore) throw new UsageError('--not-after is before --not-before');
    const name: Record<string, string> = {};
    if (values['name-zh'] !== undefined) name['zh-CN'] = values['name-zh'];
    if (values['name-en'] !== undefined) name.en = values['name-en'];
    const shared: SharedKeyOptions = { region: parseUnsigned(values.region, 'region', U32_MAX) ?? 0, notBefore, notAfter, name };

    const keys = [
      ...values.issuer.map((argument) => keyEntry(argument, 'issuer', shared)),
      ...(values.status ?? []).map((argument) => keyEntry(argument, 'status', shared)),
    ];
    for (const [id, file] of peers) keys.push(...(await recognisedKeys(id, file, roots.get(id)!, tweetnaclEd25519)));
    const document = { type: 'gc1-trust', seq, issuedAt, expiresAt, keys, ...(home === undefined ? {} : { authority: home }) };
    const root = signerFromSeed(rootKey.seed!);
    const envelope = await sealEnvelope(document, root);
    // Never hand out a bundle that a scanner would refuse.
    const check = await openTrustBundle(envelope, root.publicKey, tweetnaclEd25519);
    if (!check.ok) throw new UsageError(`the signed bundle does not verify (${check.problem}: ${check.detail})`);
    writeOutput(JSON.stringify(envelope), values.out, io);
    return EXIT_OK;
  },
};
