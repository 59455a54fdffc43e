/**
 * The device's name, as the guard sees and changes it: a text field prefilled with the
 * current name and a Save button. One component for the enrollment result (where the name
 * was just offered) and Settings. The name is checked with core's rule as the guard types
 * (the server applies the same), saved through the data service (PATCH /api/device), and a
 * refusal is said in the guard's language while the field keeps what they typed. Clicks stay
 * inside: the enrollment result dismisses on a tap anywhere.
 */
import { useId, useState } from 'preact/hooks';
import { checkDeviceName, MAX_DEVICE_NAME } from '../../core/index.ts';
import { useApp } from '../hooks/app-context.ts';
import { useDraft } from '../hooks/use-draft.ts';
import type { RenameProblem } from '../services/ports.ts';

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'problem'; problem: RenameProblem };

export interface DeviceNameFieldProps {
  /** The name the device has now ('' unnamed). */
  name: string;
  /** Shown on the enrollment result: an unreachable server is told the name can be changed later in Settings. */
  afterEnrollment?: boolean;
  /** The guard focused or typed in the field (the enrollment result then stops timing out). */
  onEditing?: () => void;
  /** The server took the name (as stored). */
  onSaved?: (name: string) => void;
  /**
   * Filled with a function that saves what the guard typed and not yet saved, for a screen
   * that closes (the enrollment result's Continue): true when nothing is left unsaved, false
   * when the name was refused or could not be sent (the field says why and keeps it).
   */
  saveRef?: { current: (() => Promise<boolean>) | null };
}

export function DeviceNameField({ name, afterEnrollment = false, onEditing, onSaved, saveRef }: DeviceNameFieldProps) {
  const { i18n, services } = useApp();
  const id = useId();
  // A name learnt meanwhile (a rename in the console) shows unless the guard is typing one.
  const draft = useDraft(name);
  const { value, saved } = draft;
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const check = checkDeviceName(value);
  // Said as the guard types: a name that would be refused is never sent.
  const shown: RenameProblem | null = !check.ok ? check.problem : status.kind === 'problem' ? status.problem : null;
  const unchanged = check.ok && check.name === saved.trim();
  // The name itself is at fault (not the network or the enrollment): the field is marked.
  const invalid = shown === 'too_long' || shown === 'bidi_control' || shown === 'invisible' || shown === 'refused';
  const problemText = (problem: RenameProblem) =>
    problem === 'unreachable' && afterEnrollment
      ? i18n.t('deviceName.problem.unreachableLater')
      : i18n.t(`deviceName.problem.${problem}`, { max: MAX_DEVICE_NAME });

  /** True when the name now stands saved (or nothing was changed). */
  const save = async (): Promise<boolean> => {
    if (unchanged) return true;
    if (!check.ok || status.kind === 'saving') return false;
    setStatus({ kind: 'saving' });
    const result = await services.data.renameDevice(check.name);
    if (!result.ok) {
      setStatus({ kind: 'problem', problem: result.problem });
      return false;
    }
    draft.settle(result.name);
    setStatus({ kind: 'saved' });
    onSaved?.(result.name);
    return true;
  };
  if (saveRef) saveRef.current = save;

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: only keeps a tap in the field from the enrollment result's tap-to-dismiss.
    <form
      class="device-name"
      data-testid="device-name"
      onClick={(event) => event.stopPropagation()}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label for={`${id}-input`} class="device-name-label">
        {i18n.t('deviceName.label')}
      </label>
      <div class="device-name-row">
        <input
          id={`${id}-input`}
          type="text"
          name="device-name"
          maxLength={MAX_DEVICE_NAME}
          value={value}
          autocomplete="off"
          enterKeyHint="done"
          placeholder={i18n.t('deviceName.unnamed')}
          aria-invalid={invalid}
          aria-describedby={`${id}-status`}
          onFocus={() => onEditing?.()}
          onInput={(event) => {
            onEditing?.();
            draft.edit(event.currentTarget.value);
            if (status.kind !== 'saving') setStatus({ kind: 'idle' });
          }}
        />
        <button type="submit" class="button" disabled={!check.ok || unchanged || status.kind === 'saving'} data-testid="device-name-save">
          {i18n.t(status.kind === 'saving' ? 'deviceName.saving' : 'deviceName.save')}
        </button>
      </div>
      <p
        id={`${id}-status`}
        class={`device-name-status${shown ? ' field-problem' : status.kind === 'saved' ? ' device-name-saved' : ''}`}
        role="status"
      >
        {shown ? problemText(shown) : status.kind === 'saved' ? i18n.t('deviceName.saved') : i18n.t('deviceName.help')}
      </p>
    </form>
  );
}
