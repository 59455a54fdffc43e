/** The outcome of scanning an enrollment code: never shown as a health-code verdict. */
import { useApp } from '../../hooks/app-context.ts';
import type { FlowState } from '../../flow/scan-flow.ts';
import { DeviceNameField } from '../../components/device-name-field.tsx';

/**
 * A full-screen message in the neutral theme colour, dismissed by a tap or after a few seconds.
 * A new enrollment shows the name the device offered, to change at once: editing it keeps the
 * message until the guard saves or continues.
 */
export function EnrollResult({ state }: { state: Extract<FlowState, { kind: 'enrolled' }> }) {
  const { i18n, services } = useApp();
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: tap-anywhere is a pointer shortcut; keyboards use the Continue button.
    <section
      class="verdict verdict-enroll"
      data-enroll={state.ok ? (state.already ? 'already' : 'ok') : 'failed'}
      role="dialog"
      aria-modal="true"
      aria-labelledby="enroll-title"
      onClick={() => services.flow.dismiss()}
    >
      <h1 id="enroll-title" class="verdict-word-small">
        {state.ok
          ? i18n.t(state.already ? 'enroll.already' : 'enroll.ok', { checkpoint: state.checkpoint })
          : i18n.t('enroll.failed', { error: i18n.t(`enroll.problem.${state.problem}`) })}
      </h1>
      {state.ok && !state.already && (
        <DeviceNameField
          name={state.deviceName}
          afterEnrollment
          onEditing={() => services.flow.startNaming()}
          onSaved={(name) => services.flow.named(name)}
        />
      )}
      <div class="verdict-actions">
        <button type="button" class="button button-big" onClick={() => services.flow.dismiss()}>
          {i18n.t('enroll.continue')}
        </button>
      </div>
    </section>
  );
}
