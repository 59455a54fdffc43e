/** The guard override: admit or refuse anyway, with a reason chosen from a list. */
import { useState } from 'preact/hooks';
import { useApp } from '../../hooks/app-context.ts';
import { OVERRIDE_REASONS, type OverrideReason } from '../../flow/scan-flow.ts';

/** Decision, reason radio list, save and cancel; clicks stay inside (the verdict dismisses on tap). */
export function OverridePanel() {
  const { i18n, services } = useApp();
  const [decision, setDecision] = useState<'admit' | 'refuse'>('admit');
  const [reason, setReason] = useState<OverrideReason>(OVERRIDE_REASONS.admit[0]);
  const choose = (next: 'admit' | 'refuse') => {
    setDecision(next);
    setReason(OVERRIDE_REASONS[next][0]);
  };
  return (
    <form
      class="override"
      onClick={(event) => event.stopPropagation()}
      onSubmit={(event) => {
        event.preventDefault();
        void services.flow.override(decision, reason);
      }}
    >
      <fieldset>
        <legend>{i18n.t('override.title')}</legend>
        <div class="row">
          {(['admit', 'refuse'] as const).map((d) => (
            <button key={d} type="button" class="button" aria-pressed={decision === d} onClick={() => choose(d)}>
              {i18n.t(`override.${d}`)}
            </button>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{i18n.t('override.reasonLabel')}</legend>
        {OVERRIDE_REASONS[decision].map((r) => (
          <label key={r} class="choice">
            <input type="radio" name="override-reason" value={r} checked={reason === r} onChange={() => setReason(r)} />
            {i18n.t(`override.reason.${r}`)}
          </label>
        ))}
      </fieldset>
      <div class="row">
        <button type="submit" class="button button-big">
          {i18n.t('override.confirm')}
        </button>
        <button type="button" class="button button-quiet" onClick={() => services.flow.cancelOverride()}>
          {i18n.t('override.cancel')}
        </button>
      </div>
    </form>
  );
}
