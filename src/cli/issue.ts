/** `gatecheck issue`: sign a GC1 code with an issuer key; print its QR text, draw it if asked. */
import {
  KIND_HOLDER_BOUND,
  KIND_STATIC,
  b64uDecodeLength,
  b64uEncode,
  issueCode,
  kidOf,
  signerFromSeed,
  type CodeClaims,
} from '../core/index.ts';
import { EXIT_OK, UsageError, type Command } from './command.ts';
import { nowSeconds, randomBytesOf } from './clock.ts';
import { readKeyFile } from './key-file.ts';
import { U32_MAX, oneOf, parseOptions, parseUnsigned, required } from './options.ts';
import { writeQrPng, writeQrSvg } from './qr-image.ts';

const DAY = 86_400;
const DEFAULT_DAYS = 30;

const HELP = `Usage: gatecheck issue --key FILE [--status green|yellow|red] [--name TEXT] [--hint TEXT]
                       [--region CODE] [--iat UNIX] [--exp UNIX | --days N] [--cid B64U]
                       [--holder-key FILE [--ts UNIX]] [--png FILE] [--svg FILE] [--json]

Signs a GC1 code and prints its QR text (GC1:…) on one line.

  --key FILE          issuer key file with its secretKey
  --status COLOUR     printed colour: green (default), yellow or red
  --name TEXT         holder's display name, already masked (e.g. 张*明); at most 64 bytes UTF-8
  --hint TEXT         document hint for the guard (e.g. last 4 of an ID); at most 16 bytes
  --region CODE       administrative division code of the issuing region (default 0 = none)
  --iat UNIX          issued at (default: now)
  --exp UNIX          expires at (default: --iat + --days)
  --days N            validity in days (default ${DEFAULT_DAYS})
  --cid B64U          credential id, base64url of 16 bytes (default: 16 random bytes)
  --holder-key FILE   make a holder-bound code for this holder key file (from "gatecheck keygen",
                      with its secretKey) and add a holder proof at --ts
  --ts UNIX           time of the holder proof (default: now; scanners accept ±60 s)
  --png FILE          also draw the QR code (error-correction level M) as PNG
  --svg FILE          also draw it as SVG
  --json              print {"text","cid","kid","kind","iat","exp","ts"?} instead of the text`;

export const command: Command = {
  help: HELP,
  async run(argv, io) {
    const { values } = parseOptions(argv, {
      key: { type: 'string' },
      status: { type: 'string' },
      name: { type: 'string' },
      hint: { type: 'string' },
      region: { type: 'string' },
      iat: { type: 'string' },
      exp: { type: 'string' },
      days: { type: 'string' },
      cid: { type: 'string' },
      'holder-key': { type: 'string' },
      ts: { type: 'string' },
      png: { type: 'string' },
      svg: { type: 'string' },
      json: { type: 'boolean' },
    });
    const issuerKey = readKeyFile(required(values.key, 'key'), 'issuer', true);
    if (values.exp !== undefined && values.days !== undefined) throw new UsageError('give --exp or --days, not both');
    if (values.ts !== undefined && values['holder-key'] === undefined)
      throw new UsageError('--ts is the time of a holder proof; it needs --holder-key');
    const now = nowSeconds();
    const iat = parseUnsigned(values.iat, 'iat', U32_MAX) ?? now;
    const days = parseUnsigned(values.days, 'days', 100 * 365) ?? DEFAULT_DAYS;
    const exp = parseUnsigned(values.exp, 'exp', U32_MAX) ?? iat + days * DAY;
    let cid: Uint8Array;
    if (values.cid !== undefined) {
      const given = b64uDecodeLength(values.cid, 16);
      if (!given) throw new UsageError('--cid must be base64url of 16 bytes');
      cid = given;
    } else {
      cid = randomBytesOf(16);
    }
    const holderKey = values['holder-key'] === undefined ? undefined : readKeyFile(values['holder-key'], 'holder', true);
    const ts = parseUnsigned(values.ts, 'ts', U32_MAX) ?? now;

    const claims: CodeClaims = {
      kind: holderKey ? KIND_HOLDER_BOUND : KIND_STATIC,
      kid: kidOf(issuerKey.publicKey),
      cid,
      status: oneOf(values.status, 'status', ['green', 'yellow', 'red'] as const) ?? 'green',
      iat,
      exp,
      region: parseUnsigned(values.region, 'region', U32_MAX) ?? 0,
      name: values.name ?? '',
      hint: values.hint ?? '',
    };
    if (holderKey) claims.holderKey = holderKey.publicKey;
    const holder = holderKey ? { signer: signerFromSeed(holderKey.seed!), ts } : undefined;
    if (exp > U32_MAX) throw new UsageError('the expiry does not fit the code (after 2106); use --exp or fewer --days');
    const result = await issueCode(claims, signerFromSeed(issuerKey.seed!), holder);
    if (!result.ok) throw new UsageError(result.problem);

    if (values.png !== undefined) await writeQrPng(values.png, result.text);
    if (values.svg !== undefined) await writeQrSvg(values.svg, result.text);
    if (values.json) {
      const summary = {
        text: result.text,
        cid: b64uEncode(cid),
        kid: b64uEncode(claims.kid),
        kind: holderKey ? 'holder-bound' : 'static',
        iat,
        exp,
        ...(holderKey ? { ts } : {}),
      };
      io.stdout(`${JSON.stringify(summary)}\n`);
    } else {
      io.stdout(`${result.text}\n`);
    }
    return EXIT_OK;
  },
};
