/**
 * One verdict for several people checked together: the group's decision (the strictest of
 * theirs, core's groupDecision) as the screen's colour, icon and big word, what to do, then a
 * row per person with their masked name, code colour and own decision (the same icon and word
 * as their single verdict would show). The root carries data-decision and data-family (the
 * group's), data-reason (the strictest member's) and data-group-size; each row data-reason and
 * data-decision. A tap goes back to scanning.
 */
import { useApp } from '../../hooks/app-context.ts';
import { focusAfterPaint } from '../../components/focus-after-paint.ts';
import { useNow } from '../../hooks/use-now.ts';
import { DecisionIcon } from '../../components/decision-icon.tsx';
import { groupView } from '../../flow/group-flow.ts';
import type { ScanOutcome } from '../../flow/scan-flow.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { verdictView } from './verdict-view.ts';
import { ELEMENT_TIMING } from './verdict-screen.tsx';
import { VerdictDataAge } from './verdict-data-age.tsx';

const COLOUR_REASONS = new Set(['ok', 'status_yellow', 'status_red']);

export function GroupVerdictScreen({ group }: { group: ScanOutcome[] }) {
  const { i18n, services } = useApp();
  const nowMs = useNow(1000);
  const view = groupView(group);
  const strictest = group[view.decisions.indexOf(view.decision)]!;

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: tap-anywhere is a pointer shortcut; keyboards use the focused Next button.
    <section
      class={`verdict verdict-group verdict-${view.decision} verdict-family-${view.family}`}
      data-reason={strictest.checked.verdict.reason}
      data-decision={view.decision}
      data-family={view.family}
      data-group-size={group.length}
      data-testid="verdict"
      role="dialog"
      aria-modal="true"
      aria-labelledby="verdict-word"
      aria-describedby="group-headline"
      onClick={() => services.flow.dismiss()}
    >
      <p class="group-title">{i18n.t('group.title', { count: i18n.number(group.length) })}</p>
      <div class="verdict-head">
        <DecisionIcon family={view.family} />
        <h1 id="verdict-word" class="verdict-word" {...ELEMENT_TIMING}>
          {i18n.t(`decision.${view.decision}`)}
        </h1>
      </div>
      <p id="group-headline" class="verdict-headline">
        {i18n.t(`group.headline.${view.decision}`)}
      </p>
      <ol class="group-rows" aria-label={i18n.t('group.members')}>
        {group.map((outcome, index) => (
          <GroupRow key={outcome.entryId ?? `row-${index}`} outcome={outcome} open={() => services.flow.openMember(index)} />
        ))}
      </ol>
      <VerdictDataAge checked={group.map((outcome) => ({ verdict: outcome.checked.verdict, at: outcome.at }))} nowMs={nowMs} />
      <div class="verdict-actions">
        <button type="button" class="button button-big" ref={focusAfterPaint} onClick={() => services.flow.dismiss()}>
          {i18n.t('verdict.tapToContinue')}
        </button>
      </div>
    </section>
  );
}

/** One person: icon and word of their own verdict, masked name, ID hint and code colour. */
function GroupRow({ outcome, open }: { outcome: ScanOutcome; open(): void }) {
  const { i18n } = useApp();
  const view = verdictView(outcome, outcome.at, false);
  const holder = outcome.checked.verdict.holder;
  const colour = holder ? (holder.effectiveStatus ?? holder.printedStatus) : null;
  // As on the single verdict: the name only once the issuer's signature verified.
  const trusted = holder !== undefined;
  const colourKey: MessageKey = trusted && colour ? `group.colour.${colour}` : 'group.colour.none';
  return (
    <li
      class={`group-row group-row-${view.standing} group-row-family-${view.family}`}
      data-reason={outcome.checked.verdict.reason}
      data-decision={view.standing}
      data-family={view.family}
    >
      <DecisionIcon family={view.family} />
      <div class="group-row-text">
        <p class="group-row-word">{i18n.t(view.wordKey)}</p>
        <p class="group-row-who">
          <span class="verdict-name" lang="zh-CN">
            {trusted ? holder.name || '—' : '—'}
          </span>
          {trusted && holder.hint && <span class="group-row-hint">{holder.hint}</span>}
        </p>
        <p class="group-row-colour">
          {i18n.t(colourKey)}
          {/* The colour says it all for a good, yellow or red code; anything else says why. */}
          {!COLOUR_REASONS.has(outcome.checked.verdict.reason) && ` · ${i18n.t(view.reasonKey)}`}
        </p>
        {outcome.repeatOf && <p class="group-row-note">{i18n.t('group.row.repeat')}</p>}
        {outcome.logError && <p class="group-row-note verdict-problem">{i18n.t('group.row.notLogged', { error: outcome.logError })}</p>}
        {outcome.override && (
          <p class="group-row-note">
            {i18n.t('verdict.overridden', {
              decision: i18n.t(`decision.${view.standing}.short`),
              reason: i18n.t(`override.reason.${outcome.override.reason}`),
            })}
          </p>
        )}
      </div>
      {/* This person's own verdict, where the guard can override it. */}
      <button
        type="button"
        class="button button-quiet group-row-open"
        aria-label={i18n.t('group.row.openLabel', { name: holder?.name || i18n.t(view.wordKey) })}
        onClick={(event) => {
          event.stopPropagation();
          open();
        }}
      >
        {i18n.t('group.row.open')}
      </button>
    </li>
  );
}
