/**
 * What the holder screen shows for one application at a moment: the code with the colour
 * that holds now, or why there is no code to show. The colour is the published status's
 * (`currentStatus`) when the server gave one, since that is what a scanner applies to the
 * printed colour; a revoked or expired code is never shown as a code.
 */
import type { ApplicationView, IssuedCode } from '../../core/api/holder.ts';
import type { Colour } from '../../core/reasons.ts';

export type CodeState =
  | { kind: 'show'; code: IssuedCode; colour: Colour /** True when the status list changed the printed colour. */; changed: boolean }
  | { kind: 'none'; why: 'pending' | 'rejected' | 'revoked' | 'expired' | 'no_code' };

export function codeState(view: ApplicationView, nowSeconds: number): CodeState {
  if (view.state === 'pending') return { kind: 'none', why: 'pending' };
  if (view.state === 'rejected') return { kind: 'none', why: 'rejected' };
  if (view.state === 'revoked' || view.currentStatus === 'revoked') return { kind: 'none', why: 'revoked' };
  const code = view.code;
  if (!code) return { kind: 'none', why: 'no_code' };
  if (code.expiresAt <= nowSeconds) return { kind: 'none', why: 'expired' };
  const colour = view.currentStatus ?? code.colour;
  return { kind: 'show', code, colour, changed: colour !== code.colour };
}

/** The word for a person's line on the home screen: the application's state, or the colour. */
export type Standing = 'pending' | 'rejected' | 'revoked' | 'expired' | Colour;

export function standing(view: ApplicationView, nowSeconds: number): Standing {
  const state = codeState(view, nowSeconds);
  if (state.kind === 'show') return state.colour;
  return state.why === 'no_code' ? 'pending' : state.why;
}
