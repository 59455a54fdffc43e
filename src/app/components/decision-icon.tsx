/**
 * The verdict icon, a shape per family (tick, cross, warning triangle, a code with a
 * question mark, hand), so colour is never the only cue and the three kinds of refusal
 * differ at a glance.
 */
import type { VerdictFamily } from '../../core/verdict-family.ts';

const STROKE = { fill: 'none', stroke: 'currentColor', 'stroke-width': 10, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' } as const;

/** A large decorative icon; the big word next to it carries the meaning for screen readers. */
export function DecisionIcon({ family }: { family: VerdictFamily }) {
  return (
    <svg class="decision-icon" data-icon={family} viewBox="0 0 100 100" aria-hidden="true" focusable="false">
      {family === 'invalid' ? (
        <>
          <path d="M50 8 L94 88 L6 88 Z" fill="none" stroke="currentColor" stroke-width="8" stroke-linejoin="round" />
          <rect x="44" y="34" width="12" height="30" rx="6" fill="currentColor" />
          <circle cx="50" cy="76" r="6.5" fill="currentColor" />
        </>
      ) : family === 'not_a_code' ? (
        <>
          <rect x="6" y="6" width="88" height="88" rx="14" fill="none" stroke="currentColor" stroke-width="8" />
          <path d="M36 38 a14 14 0 1 1 20 12 c-4 2 -6 5 -6 10" {...STROKE} stroke-width="9" />
          <circle cx="50" cy="76" r="6.5" fill="currentColor" />
        </>
      ) : (
        <>
          <circle cx="50" cy="50" r="46" fill="none" stroke="currentColor" stroke-width="8" />
          {family === 'admit' && <path d="M28 52 L44 68 L74 36" {...STROKE} />}
          {family === 'health' && <path d="M32 32 L68 68 M68 32 L32 68" {...STROKE} />}
          {family === 'refer' && (
            <g fill="currentColor">
              <rect x="44" y="22" width="12" height="38" rx="6" />
              <circle cx="50" cy="74" r="7" />
            </g>
          )}
        </>
      )}
    </svg>
  );
}
