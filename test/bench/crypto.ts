/**
 * Bench rows for the verification core and the CLI: Ed25519 verifications per second with
 * each implementation, the whole verify() per code with each (static and holder-bound),
 * and `gatecheck verify` throughput for 1,000 codes through one process.
 */
import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  b64uEncode,
  issueCode,
  publicKeyFromSeed,
  tweetnaclEd25519,
  verify,
  webCryptoEd25519,
  type Ed25519Signer,
  type Ed25519Verifier,
} from '../../src/core/index.ts';
import { WORLD_NOW, claimsFor, cidFor, makeWorld, seedFor } from '../support/world.ts';
import { runGatecheck } from '../support/cli.ts';
import type { BenchRow } from './row.ts';

const CLI_CODES = 1_000;

/** Runs `step` repeatedly for about `seconds` after a short warm-up; returns operations per second. */
async function ratePerSecond(step: () => Promise<unknown>, seconds: number): Promise<{ perSecond: number; count: number }> {
  const warmUntil = performance.now() + 150;
  while (performance.now() < warmUntil) await step();
  const started = performance.now();
  const until = started + seconds * 1000;
  let count = 0;
  while (performance.now() < until || count < 20) {
    await step();
    count++;
  }
  return { perSecond: (count * 1000) / (performance.now() - started), count };
}

/** Node's own Ed25519 signer: signing 1,000 codes with tweetnacl would take most of the bench. */
function nodeSigner(seed: Uint8Array): Ed25519Signer {
  const key = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return { publicKey: publicKeyFromSeed(seed), sign: async (message) => new Uint8Array(nodeSign(null, message, key)) };
}

export async function bench(): Promise<BenchRow[]> {
  const implementations: Ed25519Verifier[] = [tweetnaclEd25519, webCryptoEd25519(globalThis.crypto.subtle)];
  const world = await makeWorld('bench');
  const rows: BenchRow[] = [];

  // 1. Raw Ed25519 verifications of a code-sized message.
  const staticCode = await world.issue();
  const message = staticCode.bytes.subarray(0, staticCode.bytes.length - 64);
  const signature = staticCode.bytes.subarray(staticCode.bytes.length - 64);
  for (const ed25519 of implementations) {
    const { perSecond, count } = await ratePerSecond(() => ed25519.verify(world.keys.issuer.publicKey, message, signature), 1.5);
    rows.push({
      group: 'Ed25519 verify',
      name: ed25519.name,
      value: perSecond,
      unit: 'verifies/s',
      ...(ed25519.name === 'tweetnacl' ? {} : { baseline: 'tweetnacl' }),
      note: `${message.length}-byte message, ${count} verifies`,
    });
  }

  // 2. The whole verify() per code, with a status list holding 10,000 entries.
  const entries = Array.from({ length: 10_000 }, (_, i) => ({ cid: b64uEncode(cidFor(`bench ${i}`)), status: 'yellow' as const }));
  const status = await world.statusList(entries);
  const trust = { bundle: world.bundle };
  const holderBound = await world.issueHolderBound(WORLD_NOW);
  for (const [group, code] of [
    ['verify() per code: static green', staticCode],
    ['verify() per code: holder-bound', holderBound],
  ] as const) {
    for (const ed25519 of implementations) {
      const { perSecond, count } = await ratePerSecond(async () => {
        const verdict = await verify(code.text, trust, status, WORLD_NOW, { ed25519 });
        if (verdict.reason !== 'ok') throw new Error(`bench code gave ${verdict.reason}`);
      }, 1.5);
      rows.push({
        group,
        name: ed25519.name,
        value: 1e6 / perSecond,
        unit: 'µs/code',
        ...(ed25519.name === 'tweetnacl' ? {} : { baseline: 'tweetnacl' }),
        note: `${count} verdicts, 10,000-entry status list`,
      });
    }
  }

  // 3. `gatecheck verify`: 1,000 distinct codes through one process (start-up included),
  //    next to the same 1,000 verified in this process.
  const issuer = nodeSigner(seedFor('bench issuer'));
  if (b64uEncode(issuer.publicKey) !== b64uEncode(world.keys.issuer.publicKey)) throw new Error('bench issuer key mismatch');
  const texts: string[] = [];
  for (let i = 0; i < CLI_CODES; i++) {
    const issued = await issueCode(claimsFor(world.keys, { cid: cidFor(`cli ${i}`) }), issuer);
    if (!issued.ok) throw new Error(issued.problem);
    texts.push(issued.text);
  }
  const native = implementations[1]!;
  const inProcessStarted = performance.now();
  for (const text of texts) await verify(text, trust, status, WORLD_NOW, { ed25519: native });
  const inProcessSeconds = (performance.now() - inProcessStarted) / 1000;

  const dir = mkdtempSync(path.join(tmpdir(), 'gatecheck-bench-'));
  try {
    writeFileSync(path.join(dir, 'trust.json'), JSON.stringify(world.trustEnvelope));
    writeFileSync(
      path.join(dir, 'status.json'),
      JSON.stringify(await world.sealStatus({ type: 'gc1-status', from: 0, to: 1, issuedAt: WORLD_NOW, entries })),
    );
    const args = [
      'verify',
      '--root',
      b64uEncode(world.keys.root.publicKey),
      '--trust',
      path.join(dir, 'trust.json'),
      '--status',
      path.join(dir, 'status.json'),
      '--now',
      String(WORLD_NOW),
    ];
    const started = performance.now();
    const result = await runGatecheck(args, { stdin: `${texts.join('\n')}\n` });
    const seconds = (performance.now() - started) / 1000;
    const admitted = result.stdout.split('\n').filter((line) => line.includes('"admit":true')).length;
    if (result.code !== 0 || admitted !== CLI_CODES)
      throw new Error(`gatecheck verify admitted ${admitted} of ${CLI_CODES} (exit ${result.code}): ${result.stderr.trim()}`);
    const single = performance.now();
    await runGatecheck([...args, texts[0]!]);
    const oneCodeMs = performance.now() - single;
    rows.push(
      {
        group: 'gatecheck verify (CLI)',
        name: 'verify() in process (webcrypto)',
        value: CLI_CODES / inProcessSeconds,
        unit: 'codes/s',
        note: `${CLI_CODES} distinct codes`,
      },
      {
        group: 'gatecheck verify (CLI)',
        name: `one process, ${CLI_CODES.toLocaleString('en')} codes on stdin`,
        value: CLI_CODES / seconds,
        unit: 'codes/s',
        baseline: 'verify() in process (webcrypto)',
        note: `${(seconds * 1000).toFixed(0)} ms wall, start-up included (one code alone: ${oneCodeMs.toFixed(0)} ms)`,
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
