/**
 * The verdict: full-screen colour, an icon and ONE big word for the decision that stands
 * (after a guard's override, the override's, marked as such), a headline saying what to do
 * for each kind of refusal, then what the guard compares, the reason in plain words and the
 * age of the trust data. The root carries data-reason, data-decision (the decision that
 * stands), data-family and, after an override, data-override and data-verified (the
 * verifier's decision) for tests and kiosk integrations. A tap goes back to scanning.
 */
import { useEffect, useRef } from 'preact/hooks';
import { useApp } from '../../hooks/app-context.ts';
import { focusAfterPaint } from '../../components/focus-after-paint.ts';
import { useDataState } from '../../hooks/use-app-state.ts';
import { useNow } from '../../hooks/use-now.ts';
import { DecisionIcon } from '../../components/decision-icon.tsx';
import type { ScanOutcome } from '../../flow/scan-flow.ts';
import { overrideChoices } from '../../../core/decision.ts';
import { OverridePanel } from './override-panel.tsx';
import { VerdictDataAge } from './verdict-data-age.tsx';
import { VerdictFacts } from './verdict-facts.tsx';
import { verdictView } from './verdict-view.ts';

/** Element Timing's attribute (not in Preact's JSX types): when the verdict's word was first painted. */
export const ELEMENT_TIMING = { elementtiming: 'verdict' };

/** Renders one outcome; `overriding` swaps the footer for the override choices. */
export function VerdictScreen({ outcome, overriding }: { outcome: ScanOutcome; overriding: boolean }) {
  const { i18n, services } = useApp();
  const data = useDataState();
  const nowMs = useNow(1000);
  const { verdict, decision } = outcome.checked;
  const clockConfirmed = data.clockOffsetMs !== null && data.clockWarning === null;
  const view = verdictView(outcome, outcome.at, clockConfirmed);
  const override = outcome.override;
  // After an override the guard must see the new word: back to the top of the verdict.
  const root = useRef<HTMLElement>(null);
  useEffect(() => {
    if (override) root.current?.scrollTo({ top: 0 });
  }, [override]);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: tap-anywhere is a pointer shortcut; keyboards use the focused Next button.
    <section
      ref={root}
      class={`verdict verdict-${view.standing} verdict-family-${view.family}${override ? ' verdict-overridden' : ''}`}
      data-reason={verdict.reason}
      data-decision={view.standing}
      data-family={view.family}
      data-verified={override ? decision : undefined}
      data-override={override ? override.decision : undefined}
      data-testid="verdict"
      // A modal dialog over an inert app; the app's live region announces it (app.tsx).
      role="dialog"
      aria-modal="true"
      aria-labelledby="verdict-word"
      aria-describedby="verdict-reason"
      onClick={() => !overriding && services.flow.dismiss()}
    >
      {override && (
        <p class="verdict-override-mark" data-testid="override-mark">
          {i18n.t('verdict.overrideMark', {
            reason: override.note
              ? `${i18n.t(`override.reason.${override.reason}`)}: ${override.note}`
              : i18n.t(`override.reason.${override.reason}`),
            time: i18n.time(override.at),
          })}
        </p>
      )}
      <div class="verdict-head">
        <DecisionIcon family={view.family} />
        {/* elementtiming: the frame that first shows the word is timed (Element Timing; the scan bench reads it). */}
        <h1 id="verdict-word" class="verdict-word" {...ELEMENT_TIMING}>
          {i18n.t(view.wordKey)}
        </h1>
      </div>
      {view.headlineKey && (
        <p class="verdict-headline">
          {i18n.t(view.headlineKey, view.headlineDate !== null ? { date: i18n.dateTime(view.headlineDate) } : undefined)}
        </p>
      )}
      <p id="verdict-reason" class="verdict-reason">
        {view.overriddenFrom
          ? i18n.t('verdict.scannerSaid', { decision: i18n.t(`decision.${view.overriddenFrom}.short`), reason: i18n.t(view.reasonKey) })
          : i18n.t(view.reasonKey)}
      </p>
      <VerdictFacts verdict={verdict} view={view} />
      <VerdictDataAge checked={[{ verdict, at: outcome.at }]} nowMs={nowMs} />
      {outcome.repeatOf && (
        <p class="verdict-note" data-repeat="true">
          {i18n.t('verdict.repeat', { time: i18n.time(outcome.repeatOf.at) })}
        </p>
      )}
      {outcome.logError && <p class="verdict-note verdict-problem-note">{i18n.t('verdict.notLogged', { error: outcome.logError })}</p>}
      {overriding ? (
        <OverridePanel shown={decision} choices={overrideChoices(decision)} />
      ) : (
        <div class="verdict-actions">
          <button type="button" class="button button-big" ref={focusAfterPaint} onClick={() => services.flow.dismiss()}>
            {i18n.t('verdict.tapToContinue')}
          </button>
          {outcome.entryId && !override && (
            <button
              type="button"
              class="button button-quiet"
              onClick={(event) => {
                event.stopPropagation();
                services.flow.startOverride();
              }}
            >
              {i18n.t('verdict.override')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
