/**
 * The checkpoint form, for creating one and for editing one: name, site and policy (what
 * yellow means, the expired-trust rule, the two data-age thresholds in hours). The server
 * is the judge: a field it refuses is marked and explained in plain words next to the form.
 */
import { useState } from 'preact/hooks';
import type { AdminCheckpoint } from '../../core/admin-protocol.ts';
import { DEFAULT_POLICY, type CheckpointPolicy } from '../../core/policy.ts';
import { ApiError, type CheckpointInput } from '../api/client.ts';
import { ErrorText } from '../components/error-text.tsx';
import { InputField, SelectField } from '../components/fields.tsx';
import { useI18n } from '../i18n/i18n.ts';
import type { MessageKey } from '../i18n/en.ts';

/** Seconds in an hour: the form shows thresholds in hours, the policy keeps seconds. */
export const HOUR = 3600;

/** Which field a refusal from the server is about (the PATCH/POST replies name it in their message). */
type Refusal = { field: 'name' | 'site' | 'policy'; message: MessageKey } | { field: null; message: MessageKey | null };

function refusalOf(error: unknown): Refusal {
  if (!(error instanceof ApiError)) return { field: null, message: null };
  if (error.status === 404) return { field: null, message: 'checkpoints.gone' };
  if (error.status === 409 && error.field === 'name') return { field: 'name', message: 'checkpoints.nameTaken' };
  if (error.status !== 400) return { field: null, message: null };
  if (error.field === 'name' || /\bbody\/name\b/.test(error.message)) return { field: 'name', message: 'checkpoints.nameInvalid' };
  if (/\bbody\/site\b/.test(error.message)) return { field: 'site', message: 'checkpoints.siteInvalid' };
  if (/\bpolicy\b/.test(error.message)) return { field: 'policy', message: 'checkpoints.warnAfterInvalid' };
  return { field: null, message: null };
}

/** Props: `initial` fills the fields (editing); `save` sends them and resolves to the stored checkpoint. */
export interface CheckpointFormProps {
  /** Prefix of the form's element ids, so a create and an edit form can share a page. */
  idPrefix: string;
  /** The form's heading; absent inside a dialog, whose own heading names it. */
  title?: string;
  submitLabel: string;
  initial?: AdminCheckpoint;
  save(input: CheckpointInput): Promise<AdminCheckpoint>;
  onSaved(checkpoint: AdminCheckpoint): void;
  onCancel?(): void;
}

/** A checkpoint's fields in a form of their own. */
export function CheckpointForm({ idPrefix, title, submitLabel, initial, save, onSaved, onCancel }: CheckpointFormProps) {
  const { t } = useI18n();
  const policy = initial?.policy ?? DEFAULT_POLICY;
  const [name, setName] = useState(initial?.name ?? '');
  const [site, setSite] = useState(initial?.site ?? '');
  const [yellow, setYellow] = useState<CheckpointPolicy['yellow']>(policy.yellow);
  const [expiredTrust, setExpiredTrust] = useState<CheckpointPolicy['expiredTrust']>(policy.expiredTrust);
  // Paper (static, kind 0x01) codes: admitted like any code, or referred to a supervisor here.
  const [staticCodes, setStaticCodes] = useState<'accept' | 'refer'>(policy.acceptStatic === false ? 'refer' : 'accept');
  const [warnHours, setWarnHours] = useState(String(policy.warnAfter / HOUR));
  const [staleHours, setStaleHours] = useState(String(policy.staleAfter / HOUR));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const warnAfter = Math.round(Number(warnHours) * HOUR);
  const staleAfter = Math.round(Number(staleHours) * HOUR);
  const thresholdsOk = warnAfter > 0 && staleAfter >= warnAfter;
  const refusal = refusalOf(error);
  const helpId = `${idPrefix}-problem`;
  const invalid = (field: 'name' | 'site' | 'policy') =>
    refusal.field === field ? { 'aria-invalid': true, 'aria-describedby': helpId } : {};

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!thresholdsOk) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await save({
        name: name.trim(),
        site: site.trim(),
        policy: { ...policy, yellow, expiredTrust, warnAfter, staleAfter, acceptStatic: staticCodes === 'accept' },
      });
      if (!initial) {
        setName('');
        setSite('');
      }
      onSaved(saved);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class={title ? 'panel' : undefined}
      onSubmit={submit}
      aria-labelledby={title ? `${idPrefix}-title` : undefined}
      data-testid={`${idPrefix}-form`}
    >
      {title && (
        <h3 id={`${idPrefix}-title`} tabIndex={-1}>
          {title}
        </h3>
      )}
      <div class="fields">
        <InputField label={t('checkpoints.name')} name="name" required maxLength={100} value={name} onText={setName} {...invalid('name')} />
        <InputField label={t('checkpoints.site')} name="site" maxLength={200} value={site} onText={setSite} {...invalid('site')} />
        <SelectField
          label={t('checkpoints.yellow')}
          name="yellow"
          value={yellow}
          onChange={setYellow}
          options={[
            ['refer', t('checkpoints.yellow.refer')],
            ['refuse', t('checkpoints.yellow.refuse')],
          ]}
        />
        <SelectField
          label={t('checkpoints.expiredTrust')}
          name="expiredTrust"
          value={expiredTrust}
          onChange={setExpiredTrust}
          options={[
            ['admit', t('checkpoints.expiredTrust.admit')],
            ['refer', t('checkpoints.expiredTrust.refer')],
          ]}
        />
        <SelectField
          label={t('checkpoints.staticCodes')}
          name="staticCodes"
          value={staticCodes}
          onChange={setStaticCodes}
          options={[
            ['accept', t('checkpoints.staticCodes.accept')],
            ['refer', t('checkpoints.staticCodes.refer')],
          ]}
        />
        <InputField
          label={t('checkpoints.warnAfter')}
          name="warnAfter"
          type="number"
          min={1}
          step="any"
          required
          value={warnHours}
          onText={setWarnHours}
          {...invalid('policy')}
        />
        <InputField
          label={t('checkpoints.staleAfter')}
          name="staleAfter"
          type="number"
          min={1}
          step="any"
          required
          value={staleHours}
          onText={setStaleHours}
          {...(thresholdsOk ? invalid('policy') : { 'aria-invalid': true, 'aria-describedby': `${idPrefix}-thresholds` })}
        />
      </div>
      {!thresholdsOk && (
        <p id={`${idPrefix}-thresholds`} class="notice notice-error" role="alert">
          {t('checkpoints.warnAfterInvalid')}
        </p>
      )}
      {refusal.message ? (
        <p id={helpId} class="notice notice-error" role="alert">
          {t(refusal.message)}
        </p>
      ) : (
        <ErrorText error={error} />
      )}
      <div class="actions">
        <button type="submit" disabled={busy || !thresholdsOk}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" class="secondary" onClick={onCancel}>
            {t('checkpoints.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
