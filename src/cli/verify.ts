/** `gatecheck verify`: verify QR texts against a pinned root, a trust bundle and a status list. */
import {
  DEFAULT_POLICY,
  RECOGNISED_POLICIES,
  MemoryStatusChains,
  ageLevel,
  chooseEd25519,
  decide,
  decidedCode,
  missingParts,
  openStatusList,
  openTrustBundle,
  parsePolicy,
  tweetnaclEd25519,
  verify,
  webCryptoEd25519,
  type CheckpointPolicy,
  type Ed25519Verifier,
  type TrustBundle,
  type Verdict,
} from '../core/index.ts';
import { EXIT_OK, EXIT_REFUSED, UsageError, type CliIO, type Command } from './command.ts';
import { nowSeconds } from './clock.ts';
import { readPublicKey } from './key-file.ts';
import { U32_MAX, inputLines, oneOf, parseOptions, parseUnsigned, readJsonFile, required } from './options.ts';

const HELP = `Usage: gatecheck verify --root PUB --trust FILE [--status FILE] [--now UNIX] [policy options]
                        [TEXT…]

Verifies GC1 QR texts (from the arguments, else one per line on stdin, an empty line being
an empty text) and prints one JSON line per text, in order: {"reason","decision","admit","detail","kid","cid","name","hint","region",
"iat","exp","printedStatus","effectiveStatus","holderBound","issuer","freshness"} (fields
that the verification did not reach are left out; name is the masked name in the code).
Exit status: 0 when every text is admitted, 1 otherwise, 2 for bad usage or input, including
a trust bundle or status list that does not verify.

  --root PUB            the pinned root public key: base64url of 32 bytes, or a key file
  --trust FILE          the signed trust bundle (an envelope from "gatecheck trust")
  --status FILE         a signed status list: one envelope, or a JSON array of envelopes
                        applied in order (snapshot parts, then deltas), each to the chain of
                        its own authority (GC1 1.1 §6); documents that do not apply (a gap,
                        an older snapshot) are skipped with a note on stderr
  --now UNIX            the time of the check (default: now)
  --presentation-window S   seconds a holder proof may differ from now (default 60)
  --ed25519 NAME        webcrypto or tweetnacl (default: webcrypto where it works)

Policy (what each result means at this gate; only "ok" ever admits):
  --policy JSON|FILE    a checkpoint policy {"yellow","expiredTrust","warnAfter","staleAfter"}
  --yellow refuse|refer           what a yellow code means (default refer)
  --expired-trust admit|refer     an ok code under an expired trust bundle (default admit)
  --warn-after S, --stale-after S data-age thresholds in seconds (default 86400, 259200)
  --recognised as-home|refuse-yellow|refer  what a code of a recognised authority (another
                        region's, listed in the bundle under its authority) means (default as-home)`;

/** The checkpoint policy from --policy and the single options on top of it. */
function policyFrom(values: Record<string, string | undefined>): CheckpointPolicy {
  let base: unknown = {};
  const given = values.policy;
  if (given !== undefined) {
    if (given.trim().startsWith('{')) {
      try {
        base = JSON.parse(given) as unknown;
      } catch {
        throw new UsageError('--policy is not valid JSON');
      }
    } else {
      base = readJsonFile(given, 'policy file');
    }
  }
  if (!base || typeof base !== 'object' || Array.isArray(base)) throw new UsageError('--policy must be a JSON object');
  const merged: Record<string, unknown> = { ...DEFAULT_POLICY, ...(base as Record<string, unknown>) };
  const yellow = oneOf(values.yellow, 'yellow', ['refuse', 'refer'] as const);
  if (yellow) merged.yellow = yellow;
  const expiredTrust = oneOf(values['expired-trust'], 'expired-trust', ['admit', 'refer'] as const);
  if (expiredTrust) merged.expiredTrust = expiredTrust;
  const warnAfter = parseUnsigned(values['warn-after'], 'warn-after');
  if (warnAfter !== undefined) merged.warnAfter = warnAfter;
  const recognised = oneOf(values.recognised, 'recognised', RECOGNISED_POLICIES);
  if (recognised) merged.recognised = recognised;
  const staleAfter = parseUnsigned(values['stale-after'], 'stale-after');
  if (staleAfter !== undefined) merged.staleAfter = staleAfter;
  const policy = parsePolicy(merged);
  if (!policy) throw new UsageError('the policy is not valid (yellow refuse|refer, expiredTrust admit|refer, 0 < warnAfter <= staleAfter)');
  return policy;
}

async function openTrust(path: string, rootKey: Uint8Array, ed25519: Ed25519Verifier): Promise<TrustBundle> {
  const opened = await openTrustBundle(readJsonFile(path, 'trust bundle'), rootKey, ed25519);
  if (!opened.ok) throw new UsageError(`trust bundle ${path} refused (${opened.problem}): ${opened.detail}`);
  return opened.bundle;
}

/** The status envelopes of FILE sorted into one chain per authority; any envelope refused refuses the input. */
async function loadStatus(path: string, bundle: TrustBundle, ed25519: Ed25519Verifier, io: CliIO): Promise<MemoryStatusChains> {
  const value = readJsonFile(path, 'status list');
  const envelopes = Array.isArray(value) ? value : [value];
  const chains = new MemoryStatusChains();
  for (const [i, envelope] of envelopes.entries()) {
    const where = Array.isArray(value) ? `status list ${path} [${i}]` : `status list ${path}`;
    const opened = await openStatusList(envelope, bundle, ed25519);
    if (!opened.ok) throw new UsageError(`${where} refused (${opened.problem}): ${opened.detail}`);
    const plan = chains.apply(opened.document);
    if (plan.kind === 'gap')
      io.stderr(
        `gatecheck verify: note: ${where} skipped: a delta from ${opened.document.from}, ` +
          `but the list of authority ${opened.document.authority} is at ${plan.askFrom}\n`,
      );
    if (plan.kind === 'ignore') io.stderr(`gatecheck verify: note: ${where} skipped: ${plan.why}\n`);
  }
  for (const authority of chains.authorities()) {
    const pending = chains.chain(authority)!.held().pending;
    if (pending)
      io.stderr(
        `gatecheck verify: note: authority ${authority}: snapshot ${pending.to} is incomplete ` +
          `(missing parts ${missingParts(pending).join(', ')}); using the list held before it\n`,
      );
  }
  return chains;
}

/** The JSON line for one verdict. */
function report(verdict: Verdict, policy: CheckpointPolicy): Record<string, unknown> {
  const decision = decide(verdict.reason, policy, verdict.freshness, decidedCode(verdict));
  const { trust, status } = verdict.freshness;
  return {
    reason: verdict.reason,
    decision,
    admit: decision === 'admit',
    detail: verdict.detail,
    kid: verdict.kid,
    cid: verdict.cid,
    ...(verdict.holder ?? {}),
    issuer: verdict.issuer,
    freshness: {
      trust: trust && { ...trust, level: ageLevel(trust, policy) },
      status: status && { ...status, level: ageLevel(status, policy) },
    },
  };
}

export const command: Command = {
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseOptions(
      argv,
      {
        root: { type: 'string' },
        trust: { type: 'string' },
        status: { type: 'string' },
        now: { type: 'string' },
        'presentation-window': { type: 'string' },
        ed25519: { type: 'string' },
        policy: { type: 'string' },
        yellow: { type: 'string' },
        'expired-trust': { type: 'string' },
        'warn-after': { type: 'string' },
        'stale-after': { type: 'string' },
        recognised: { type: 'string' },
      },
      true,
    );
    const rootKey = readPublicKey(required(values.root, 'root'), 'root');
    const trustPath = required(values.trust, 'trust');
    const now = parseUnsigned(values.now, 'now', U32_MAX) ?? nowSeconds();
    const presentationWindow = parseUnsigned(values['presentation-window'], 'presentation-window', U32_MAX);
    const policy = policyFrom(values);
    const implementation = oneOf(values.ed25519, 'ed25519', ['webcrypto', 'tweetnacl'] as const);
    const ed25519 =
      implementation === 'tweetnacl'
        ? tweetnaclEd25519
        : implementation === 'webcrypto'
          ? webCryptoEd25519(globalThis.crypto.subtle)
          : await chooseEd25519(globalThis.crypto?.subtle, () => tweetnaclEd25519);

    const bundle = await openTrust(trustPath, rootKey, ed25519);
    const status = values.status === undefined ? null : await loadStatus(values.status, bundle, ed25519, io);
    const texts = positionals.length > 0 ? positionals : inputLines(await io.readStdin());
    if (texts.length === 0) throw new UsageError('no texts to verify: give them as arguments or one per line on stdin');

    const options = presentationWindow === undefined ? { ed25519 } : { ed25519, presentationWindow };
    let allAdmitted = true;
    let out = '';
    for (const text of texts) {
      const line = report(await verify(text, { bundle }, status, now, options), policy);
      allAdmitted &&= line.admit === true;
      out += `${JSON.stringify(line)}\n`;
      // Write in batches so a long stdin run streams without one write per line.
      if (out.length > 64 * 1024) {
        io.stdout(out);
        out = '';
      }
    }
    if (out) io.stdout(out);
    return allAdmitted ? EXIT_OK : EXIT_REFUSED;
  },
};
