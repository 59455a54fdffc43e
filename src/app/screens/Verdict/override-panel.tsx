/**
 * The guard override: only the opposite of the shown decision is offered (core's
 * overrideChoices), nothing is pre-selected, a reason from the list is required ("Other"
 * with a few words of the guard's own, core's overrideNote), and admitting a code the
 * verifier did not admit takes a second, deliberate confirmation.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../../hooks/app-context.ts';
import { OVERRIDE_REASONS, type OverrideReason } from '../../flow/scan-flow.ts';
import { overrideNeedsConfirmation, type OverrideDecision } from '../../../core/decision.ts';
import { MAX_OVERRIDE_NOTE, overrideNote, type Decision } from '../../../core/index.ts';

/** Choice, reason radio list, save (then confirm) and cancel; clicks stay inside (the verdict dismisses on tap). */
export function OverridePanel({ shown, choices }: { shown: Decision; choices: readonly OverrideDecision[] }) {
  const { i18n, services } = useApp();
  // With one possible override it is the panel's subject, not a pre-selected answer.
  const [decision, setDecision] = useState<OverrideDecision | null>(choices.length === 1 ? choices[0]! : null);
  const [reason, setReason] = useState<OverrideReason | null>(null);
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const choose = (next: OverrideDecision) => {
    setDecision(next);
    setReason(null);
    setConfirming(false);
  };
  const noted = reason === null ? null : overrideNote(reason, note);
  const ready = decision !== null && reason !== null && noted?.ok === true;
  // Said once the guard typed something wrong; an empty field just keeps Save disabled.
  const noteProblem = noted && !noted.ok && noted.problem !== 'required' ? noted.problem : null;
  const reasonWords = (r: OverrideReason) => (r === 'other' && noted?.ok && noted.note ? noted.note : i18n.t(`override.reason.${r}`));
  // On a small phone the panel opens below the fold: bring it (and then the confirmation) into view.
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    form.current?.scrollIntoView({ block: 'start' });
  }, [confirming]);
  const save = () => {
    if (!decision || !reason) return;
    if (overrideNeedsConfirmation(shown, decision) && !confirming) return setConfirming(true);
    void services.flow.override(decision, reason, reason === 'other' ? note : undefined);
  };
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: this only keeps a tap in the panel from reaching the verdict's tap-to-dismiss.
    <form
      ref={form}
      class="override"
      data-testid="override-panel"
      onClick={(event) => event.stopPropagation()}
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      {confirming && decision && reason ? (
        <div class="override-confirm" role="alertdialog" aria-labelledby="override-confirm-title">
          <p id="override-confirm-title" class="override-confirm-title">
            {i18n.t('override.confirmAdmit', { decision: i18n.t(`decision.${shown}.short`), reason: reasonWords(reason) })}
          </p>
          <div class="row">
            <button type="submit" class="button button-big button-danger" data-testid="override-confirm">
              {i18n.t('override.confirmYes')}
            </button>
            <button type="button" class="button button-quiet" onClick={() => setConfirming(false)}>
              {i18n.t('override.back')}
            </button>
          </div>
        </div>
      ) : (
        <>
          <fieldset>
            <legend>{choices.length === 1 ? i18n.t(`override.${choices[0]!}`) : i18n.t('override.title')}</legend>
            {choices.length > 1 && (
              <div class="row">
                {choices.map((d) => (
                  <button key={d} type="button" class="button" aria-pressed={decision === d} onClick={() => choose(d)}>
                    {i18n.t(`override.${d}`)}
                  </button>
                ))}
              </div>
            )}
          </fieldset>
          {decision && (
            <fieldset>
              <legend>{i18n.t('override.reasonLabel')}</legend>
              {OVERRIDE_REASONS[decision].map((r) => (
                <label key={r} class="choice">
                  <input type="radio" name="override-reason" value={r} checked={reason === r} onChange={() => setReason(r)} />
                  {i18n.t(`override.reason.${r}`)}
                </label>
              ))}
              {reason === 'other' && (
                <label class="override-note">
                  {i18n.t('override.noteLabel')}
                  <input
                    type="text"
                    name="override-note"
                    required
                    maxLength={MAX_OVERRIDE_NOTE}
                    value={note}
                    autocomplete="off"
                    aria-invalid={noteProblem !== null}
                    aria-describedby={noteProblem ? 'override-note-problem' : undefined}
                    onInput={(event) => setNote(event.currentTarget.value)}
                  />
                  {noteProblem && (
                    <span id="override-note-problem" class="field-problem" role="alert">
                      {i18n.t(`override.noteProblem.${noteProblem}`)}
                    </span>
                  )}
                </label>
              )}
            </fieldset>
          )}
          <div class="row">
            <button type="submit" class="button button-big" disabled={!ready} data-testid="override-save">
              {decision ? i18n.t(`override.save.${decision}`) : i18n.t('override.confirm')}
            </button>
            <button type="button" class="button button-quiet" onClick={() => services.flow.cancelOverride()}>
              {i18n.t('override.cancel')}
            </button>
          </div>
        </>
      )}
    </form>
  );
}
