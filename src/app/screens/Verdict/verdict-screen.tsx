/**
 * The verdict: full-screen colour, an icon and ONE big word, then what the guard compares
 * (masked name, ID hint), who issued the code, the reason in plain words, expiry and the
 * age of the trust data. The root carries data-reason and data-decision for tests and
 * kiosk integrations. A tap anywhere (or the button) goes back to scanning.
 */
import { ageLevel } from '../../../core/index.ts';
import { useApp } from '../../hooks/app-context.ts';
import { useSettings, useDataState } from '../../hooks/use-app-state.ts';
import { DecisionIcon } from '../../components/decision-icon.tsx';
import { issuerName } from '../../i18n/regions.ts';
import { useRegionLabel } from '../../hooks/use-region.ts';
import { effectivePolicy } from '../../../platform/storage/settings.ts';
import type { ScanOutcome } from '../../flow/scan-flow.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { OverridePanel } from './override-panel.tsx';

/** Keyboard users land on the verdict's main button (Enter or Space continues). */
function focusOnMount(button: HTMLButtonElement | null): void {
  button?.focus({ preventScroll: true });
}

/** Renders one outcome; `overriding` swaps the footer for the override choices. */
export function VerdictScreen({ outcome, overriding }: { outcome: ScanOutcome; overriding: boolean }) {
  const { i18n, services } = useApp();
  const settings = useSettings();
  const data = useDataState();
  const { verdict, decision, noTrust } = outcome.checked;
  const holder = verdict.holder;
  const issuer = verdict.issuer;
  const policy = effectivePolicy(settings, data.policy);
  const trustAge = verdict.freshness.trust;
  // The warning goes by the older of the two: keys, or the status list that turns codes yellow or red.
  const statusAge = verdict.freshness.status;
  const oldest = trustAge && statusAge && statusAge.ageSeconds > trustAge.ageSeconds ? statusAge : trustAge;
  const level = ageLevel(oldest, policy);
  const reasonKey = (noTrust && verdict.reason === 'unknown_issuer' ? 'reason.unknown_issuer.noTrust' : `reason.${verdict.reason}`) as MessageKey;
  const standing = outcome.override?.decision ?? decision;
  const region = useRegionLabel(holder?.region ?? 0, i18n.lang);

  return (
    <section
      class={`verdict verdict-${decision}`}
      data-reason={verdict.reason}
      data-decision={decision}
      data-testid="verdict"
      // A modal dialog over an inert app; the app's live region announces it (app.tsx).
      role="dialog"
      aria-modal="true"
      aria-labelledby="verdict-word"
      aria-describedby="verdict-reason"
      onClick={() => !overriding && services.flow.dismiss()}
    >
      <div class="verdict-head">
        <DecisionIcon decision={decision} />
        <h1 id="verdict-word" class="verdict-word">
          {i18n.t(`decision.${decision}`)}
        </h1>
      </div>
      <p id="verdict-reason" class="verdict-reason">
        {i18n.t(reasonKey)}
      </p>
      {holder && (
        <dl class="verdict-facts">
          <div>
            <dt>{i18n.t('verdict.name')}</dt>
            <dd class="verdict-name" lang="zh-CN">
              {holder.name || '—'}
            </dd>
          </div>
          <div>
            <dt>{i18n.t('verdict.hint')}</dt>
            <dd class="verdict-hint">{holder.hint || '—'}</dd>
          </div>
          {issuer && (
            <div>
              <dt>{i18n.t('verdict.issuer')}</dt>
              <dd>
                {issuerName(issuer.name, i18n.lang) ?? issuer.kid}
                {region && ` · ${region}`}
              </dd>
            </div>
          )}
          <div>
            <dt class="visually-hidden">{i18n.t('verdict.expires', { date: '' })}</dt>
            <dd>{i18n.t('verdict.expires', { date: i18n.dateTime(holder.exp * 1000) })}</dd>
          </div>
        </dl>
      )}
      <p class={`verdict-age age-${level}`}>
        {trustAge ? i18n.t('data.keysUpdated', { ago: i18n.ago(trustAge.ageSeconds) }) : i18n.t('data.none')}
        {trustAge?.expired && ` · ${i18n.t('data.expired')}`}
      </p>
      {(level === 'warn' || level === 'stale') && oldest && (
        <p class="verdict-note" data-age={level}>
          {i18n.t(level === 'stale' ? 'data.stale' : 'data.warn', { age: i18n.duration(oldest.ageSeconds) })}
        </p>
      )}
      {outcome.repeat && <p class="verdict-note">{i18n.t('verdict.repeat')}</p>}
      {outcome.logError && <p class="verdict-note">{i18n.t('verdict.notLogged', { error: outcome.logError })}</p>}
      {outcome.override && (
        <p class="verdict-note" data-override={outcome.override.decision}>
          {i18n.t('verdict.overridden', {
            decision: i18n.t(`decision.${standing}.short`),
            reason: i18n.t(`override.reason.${outcome.override.reason}`),
          })}
        </p>
      )}
      {overriding ? (
        <OverridePanel />
      ) : (
        <div class="verdict-actions">
          <button type="button" class="button button-big" ref={focusOnMount} onClick={() => services.flow.dismiss()}>
            {i18n.t('verdict.tapToContinue')}
          </button>
          {outcome.entryId && !outcome.override && (
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
