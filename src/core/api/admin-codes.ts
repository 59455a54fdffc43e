/** Demo codes (admin API, only with the demo issuer key). */
import { Type, type Static } from 'typebox';
import { SafeText } from './text.ts';

/** POST /api/admin/codes body. */
export const DemoCodeRequest = Type.Object(
  {
    status: Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')]),
    name: Type.Optional(SafeText(20)),
    hint: Type.Optional(SafeText(16)),
    region: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295 })),
    validDays: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 3650 })),
  },
  { additionalProperties: false },
);
export type DemoCodeRequest = Static<typeof DemoCodeRequest>;

/** A signed demo code and its QR drawing. */
export const DemoCodeResponse = Type.Object({
  text: Type.String(),
  cid: Type.String(),
  kid: Type.String(),
  iat: Type.Integer(),
  exp: Type.Integer(),
  svg: Type.String(),
});
export type DemoCodeResponse = Static<typeof DemoCodeResponse>;
