/** The published trust bundle as the console shows it, and importing a new one (admin API). */
import { Type, type Static } from 'typebox';

/** One key of the bundle (`publicKey` in base64url; times in Unix seconds). */
export const AdminTrustKey = Type.Object({
  kid: Type.String(),
  publicKey: Type.String(),
  use: Type.Union([Type.Literal('issuer'), Type.Literal('status')]),
  region: Type.Integer(),
  /** Display names by BCP 47 tag, e.g. zh-CN, en. */
  name: Type.Record(Type.String(), Type.String()),
  notBefore: Type.Integer(),
  notAfter: Type.Integer(),
  /** The authority the key belongs to (gc1.md §6): the bundle's own, or a recognised one. */
  authority: Type.String(),
});
export type AdminTrustKey = Static<typeof AdminTrustKey>;

/** GET /api/admin/trust. */
export const AdminTrust = Type.Object({
  seq: Type.Integer(),
  issuedAt: Type.Integer(),
  expiresAt: Type.Integer(),
  keys: Type.Array(AdminTrustKey),
  statusKid: Type.String(),
  /** This region's authority id (gc1.md §6). */
  authority: Type.String(),
});
export type AdminTrust = Static<typeof AdminTrust>;

/** POST /api/admin/trust reply; `unchanged` when exactly this bundle was already published. */
export const TrustImportResponse = Type.Object({ seq: Type.Integer(), unchanged: Type.Boolean() });
export type TrustImportResponse = Static<typeof TrustImportResponse>;
