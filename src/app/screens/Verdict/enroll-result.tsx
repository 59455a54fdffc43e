/** The outcome of scanning an enrollment code: never shown as a health-code verdict. */
import { useRef } from 'preact/hooks';
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
  const saveName = useRef<(() => Promise<boolean>) | null>(null);
  const toldOnce = useRef(false);
  // A name typed and not saved is saved on the way out. When that fails the screen stays once,
  // saying why (offline: change it later in Settings); the next tap leaves, never a trap.
  const leave = async () => {
    if (!toldOnce.current && saveName.current && !(await saveName.current())) {
      toldOnce.current = true;
      return;
    }
    services.flow.dismiss();
  };
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: tap-anywhere is a pointer shortcut; keyboards use the Continue button.
    <section
      class="verdict verdict-enroll"
      data-enroll={state.ok ? (state.already ? 'already' : 'ok') : 'failed'}
      role="dialog"
      aria-modal="true"
      aria-labelledby="enroll-title"
      onClick={() => void leave()}
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
          saveRef={saveName}
        />
      )}
      <div class="verdict-actions">
        <button type="button" class="button button-big" onClick={() => void leave()}>
          {i18n.t('enroll.continue')}
        </button>
      </div>
    </section>
  );
}
