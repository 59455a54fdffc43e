/**
 * Settings: the device's name (once enrolled), checkpoint name, direction, language, sound,
 * vibration, yellow policy, data-age thresholds.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Settings } from '../../../platform/settings-model.ts';
import { MAX_CHECKPOINT_NAME } from '../../../platform/settings-model.ts';
import { useApp } from '../../hooks/app-context.ts';
import { useDataState, useSettings } from '../../hooks/use-app-state.ts';
import { useDraft } from '../../hooks/use-draft.ts';
import { isLang, LANGS, languageName } from '../../i18n/i18n.ts';
import { DeviceNameField } from '../../components/device-name-field.tsx';

/**
 * Each change saves at once; the server's policy, when enrolled, locks the policy fields.
 * `focusName`: opened from "Name this checkpoint": the name field takes the focus.
 */
export function SettingsScreen({ focusName = false }: { focusName?: boolean }) {
  const { i18n, services } = useApp();
  const nameField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusName) nameField.current?.focus();
  }, [focusName]);
  const settings = useSettings();
  const data = useDataState();
  const [saved, setSaved] = useState(false);
  // What the guard is typing in the checkpoint name, saved when the field changes (blur, Enter).
  const nameDraft = useDraft(settings.checkpointName);
  const fromServer = data.policy !== null;
  const save = (patch: Partial<Settings>) => {
    void services.saveSettings(patch).then(() => setSaved(true));
  };
  const choice = <K extends keyof Settings>(
    key: K,
    values: readonly Settings[K][],
    label: (v: Settings[K]) => string,
    disabled = false,
  ) => (
    <div class="choices" role="radiogroup" aria-label={i18n.t(`settings.${String(key)}` as never)}>
      {values.map((v) => (
        <label key={String(v)} class="choice">
          <input
            type="radio"
            name={String(key)}
            checked={settings[key] === v}
            disabled={disabled}
            onChange={() => save({ [key]: v } as Partial<Settings>)}
          />
          {label(v)}
        </label>
      ))}
    </div>
  );
  /** A data-age threshold in hours (1 h to a year); the server's policy locks it. */
  const hours = (key: 'warnAfterHours' | 'staleAfterHours', label: string) => (
    <label class="field">
      <span>{label}</span>
      <input
        type="number"
        min={1}
        max={8760}
        step={1}
        inputMode="numeric"
        value={settings[key]}
        disabled={fromServer}
        onChange={(e) => save({ [key]: Number((e.target as HTMLInputElement).value) })}
      />
    </label>
  );

  return (
    <section class="screen page" aria-labelledby="settings-title">
      <h1 id="settings-title">{i18n.t('settings.title')}</h1>
      {/* Once enrolled. Its own form (forms do not nest), saved with its own button: a rename goes to the server. */}
      {data.deviceName !== null && <DeviceNameField name={data.deviceName} />}
      <form class="settings" onSubmit={(e) => e.preventDefault()}>
        <label class="field">
          <span>{i18n.t('settings.checkpointName')}</span>
          <input
            ref={nameField}
            type="text"
            data-testid="checkpoint-name"
            maxLength={MAX_CHECKPOINT_NAME}
            value={nameDraft.value}
            autoComplete="off"
            onInput={(e) => nameDraft.edit(e.currentTarget.value)}
            onChange={(e) => save({ checkpointName: e.currentTarget.value })}
          />
          {data.checkpoint && <span class="muted">{i18n.t('settings.checkpointFromServer', { name: data.checkpoint.name })}</span>}
        </label>
        <fieldset>
          <legend>{i18n.t('settings.direction')}</legend>
          {choice('direction', ['in', 'out'] as const, (v) => i18n.t(`settings.direction.${v}`))}
        </fieldset>
        <fieldset>
          <legend>{i18n.t('settings.language')}</legend>
          {choice('language', ['auto', ...LANGS], (v) => (isLang(v) ? languageName(v) : i18n.t('settings.language.auto')))}
        </fieldset>
        <label class="choice">
          <input type="checkbox" checked={settings.sound} onChange={(e) => save({ sound: (e.target as HTMLInputElement).checked })} />
          {i18n.t('settings.sound')}
        </label>
        <label class="choice">
          <input
            type="checkbox"
            checked={settings.vibration}
            onChange={(e) => save({ vibration: (e.target as HTMLInputElement).checked })}
          />
          {i18n.t('settings.vibration')}
        </label>
        <fieldset>
          <legend>{i18n.t('settings.yellow')}</legend>
          {fromServer && <p class="muted">{i18n.t('settings.policyFromServer')}</p>}
          {choice('yellow', ['refuse', 'refer'] as const, (v) => i18n.t(`settings.yellow.${v}`), fromServer)}
        </fieldset>
        {hours('warnAfterHours', i18n.t('settings.warnAfter'))}
        {hours('staleAfterHours', i18n.t('settings.staleAfter'))}
        <p class="muted">{i18n.t('settings.enrollHint')}</p>
        <p role="status" class="muted">
          {saved ? i18n.t('settings.saved') : ''}
        </p>
      </form>
    </section>
  );
}
