/** The verdict icon: a shape per decision (tick, cross, hand), so colour is never the only cue. */
import type { Decision } from '../../core/index.ts';

/** A large decorative icon; the big word next to it carries the meaning for screen readers. */
export function DecisionIcon({ decision }: { decision: Decision }) {
  return (
    <svg class="decision-icon" viewBox="0 0 100 100" aria-hidden="true" focusable="false">
      <circle cx="50" cy="50" r="46" fill="none" stroke="currentColor" stroke-width="8" />
      {decision === 'admit' && <path d="M28 52 L44 68 L74 36" fill="none" stroke="currentColor" stroke-width="10" stroke-linecap="round" stroke-linejoin="round" />}
      {decision === 'refuse' && <path d="M32 32 L68 68 M68 32 L32 68" fill="none" stroke="currentColor" stroke-width="10" stroke-linecap="round" />}
      {decision === 'refer' && (
        <g fill="currentColor">
          <rect x="44" y="22" width="12" height="38" rx="6" />
          <circle cx="50" cy="74" r="7" />
        </g>
      )}
    </svg>
  );
}
