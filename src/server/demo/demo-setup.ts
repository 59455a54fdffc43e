/**
 * The first start on an empty data folder: a demo keyset (the `gatecheck keygen` files), a
 * demo trust bundle signed with the demo root, and demo codes. Everything is marked DEMO.
 * This is the only place the server ever touches a root secret.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { b64uEncode, sealEnvelope } from '../../core/index.ts';
import { createKeyset } from '../keys/key-file.ts';
import { nodeSigner } from '../keys/node-signer.ts';
import type { StatusPublisher } from '../status/status-publisher.ts';
import { issueDemoCode } from './demo-codes.ts';
import type { StoredDemoCode } from './demo-page.ts';

const DAY = 86_400;
/** The demo issuer's region (Shenzhen, as in the spec's example). */
export const DEMO_REGION = 440300;

/** Creates DIR/keys/{root,issuer,status}.json and DIR/trust.json (a demo bundle, seq 1). */
export async function createDemoKeysAndTrust(dataDir: string, nowSeconds: number): Promise<void> {
  const keys = createKeyset(join(dataDir, 'keys'));
  const root = nodeSigner(keys.root.seed!);
  const validity = { notBefore: nowSeconds - DAY, notAfter: nowSeconds + 2 * 365 * DAY };
  const bundle = {
    type: 'gc1-trust',
    seq: 1,
    issuedAt: nowSeconds,
    expiresAt: nowSeconds + 365 * DAY,
    keys: [
      {
        kid: keys.issuer.kid,
        publicKey: b64uEncode(keys.issuer.publicKey),
        use: 'issuer',
        region: DEMO_REGION,
        name: { 'zh-CN': '演示签发机构（DEMO）', en: 'Demo issuer (DEMO)' },
        ...validity,
      },
      {
        kid: keys.status.kid,
        publicKey: b64uEncode(keys.status.publicKey),
        use: 'status',
        region: DEMO_REGION,
        name: { 'zh-CN': '演示状态发布（DEMO）', en: 'Demo status publisher (DEMO)' },
        ...validity,
      },
    ],
  };
  const envelope = await sealEnvelope(bundle, root);
  writeFileSync(join(dataDir, 'trust.json'), `${JSON.stringify(envelope, null, 2)}\n`, { mode: 0o644 });
}

/**
 * Issues the demo codes (green, yellow, red, and a green one then revoked through a signed
 * status delta) and writes DIR/demo/codes.json for the /demo page.
 */
export async function createDemoCodes(
  dataDir: string,
  issuerSeed: Uint8Array,
  status: StatusPublisher,
  nowSeconds: number,
): Promise<StoredDemoCode[]> {
  const issuer = nodeSigner(issuerSeed);
  const make = async (
    colour: 'green' | 'yellow' | 'red',
    name: string,
    expect: string,
    label: StoredDemoCode['label'],
  ): Promise<StoredDemoCode> => ({
    ...(await issueDemoCode(issuer, { status: colour, name, hint: '0000', region: DEMO_REGION, validDays: 365 }, nowSeconds)),
    label,
    expect,
  });
  const codes = [
    await make('green', 'DEMO 张*明', 'ok', { 'zh-CN': '绿码', en: 'green' }),
    await make('yellow', 'DEMO 李*华', 'status_yellow', { 'zh-CN': '黄码', en: 'yellow' }),
    await make('red', 'DEMO 王*芳', 'status_red', { 'zh-CN': '红码', en: 'red' }),
    await make('green', 'DEMO 赵*强', 'revoked', { 'zh-CN': '已撤销（状态列表）', en: 'revoked (status list)' }),
  ];
  await status.publish([{ cid: codes[3]!.cid, status: 'revoked' }]);
  mkdirSync(join(dataDir, 'demo'), { recursive: true });
  writeFileSync(join(dataDir, 'demo', 'codes.json'), `${JSON.stringify(codes, null, 2)}\n`);
  return codes;
}
