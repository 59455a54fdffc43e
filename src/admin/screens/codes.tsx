/** Codes: issue a demo code (shown as a QR) and change any code's status by its cid. */
import { useState } from 'preact/hooks';
import type { CodeStatus, DemoCodeResponse, StatusChangeResponse } from '../../core/admin-protocol.ts';
import type { Colour, ListedStatus } from '../../core/reasons.ts';
import { api, ApiError } from '../api/client.ts';
import { ErrorText } from '../components/error-text.tsx';
import { InputField, SelectField } from '../components/fields.tsx';
import { QrImage } from '../components/qr-image.tsx';
import { useI18n } from '../i18n/i18n.ts';

const COLOURS: Colour[] = ['green', 'yellow', 'red'];
const STATUSES: ListedStatus[] = ['green', 'yellow', 'red', 'revoked'];
const CID = /^[A-Za-z0-9_-]{22}$/;

/** The codes section. */
export function CodesScreen() {
  const [cid, setCid] = useState('');
  return (
    <>
      <IssueDemoCode onUseCid={setCid} />
      <ChangeStatus cid={cid} setCid={setCid} />
    </>
  );
}

function IssueDemoCode({ onUseCid }: { onUseCid(cid: string): void }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<Colour>('green');
  const [name, setName] = useState('DEMO');
  const [hint, setHint] = useState('');
  const [validDays, setValidDays] = useState('30');
  const [code, setCode] = useState<DemoCodeResponse | null>(null);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      setCode(await api.issueCode({ status, name: name.trim() || 'DEMO', hint: hint.trim(), validDays: Number(validDays) }));
    } catch (failure) {
      setCode(null);
      setError(failure);
    }
  };

  return (
    <section aria-labelledby="issue-title">
      <h2 id="issue-title">{t('codes.issueTitle')}</h2>
      <form class="panel" onSubmit={submit}>
        <p class="help">{t('codes.issueHelp')}</p>
        <div class="fields">
          <SelectField label={t('codes.colour')} name="colour" value={status} onChange={setStatus} options={COLOURS.map((c) => [c, t(`colour.${c}`)] as const)} />
          <InputField label={t('codes.maskedName')} name="maskedName" maxLength={20} value={name} onText={setName} />
          <InputField label={t('codes.hint')} name="hint" maxLength={16} value={hint} onText={setHint} />
          <InputField label={t('codes.validDays')} name="validDays" type="number" min={1} max={3650} required value={validDays} onText={setValidDays} />
        </div>
        {error instanceof ApiError && error.status === 409 ? (
          <p class="notice notice-error" role="alert">
            {t('error.noIssuer')}
          </p>
        ) : (
          <ErrorText error={error} />
        )}
        <button type="submit">{t('codes.issue')}</button>
      </form>
      {code && (
        <div class="panel" data-testid="demo-code">
          <p role="status">{t('codes.issued', { cid: code.cid })}</p>
          <QrImage svg={code.svg} alt={t('codes.qrAlt', { cid: code.cid })} />
          <label for="code-text">{t('codes.text')}</label>
          <textarea id="code-text" readOnly rows={3} value={code.text} />
          <button type="button" class="secondary" onClick={() => onUseCid(code.cid)}>
            {t('codes.useCid')}
          </button>
        </div>
      )}
    </section>
  );
}

function ChangeStatus({ cid, setCid }: { cid: string; setCid(cid: string): void }) {
  const { t, dateTime } = useI18n();
  const [status, setStatus] = useState<ListedStatus>('yellow');
  const [until, setUntil] = useState('');
  const [done, setDone] = useState<(StatusChangeResponse & { cid: string; status: ListedStatus }) | null>(null);
  const [current, setCurrent] = useState<CodeStatus | 'none' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const cidOk = CID.test(cid.trim());

  const run = async (work: () => Promise<void>) => {
    setError(null);
    setDone(null);
    setCurrent(null);
    try {
      await work();
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 404) setCurrent('none');
      else setError(failure);
    }
  };
  const submit = (event: Event) => {
    event.preventDefault();
    if (!cidOk) return;
    const untilSeconds = until ? Math.floor(new Date(until).getTime() / 1000) : undefined;
    void run(async () => {
      const published = await api.changeStatus([{ cid: cid.trim(), status, ...(untilSeconds ? { until: untilSeconds } : {}) }]);
      setDone({ ...published, cid: cid.trim(), status });
    });
  };
  const lookUp = () => cidOk && run(async () => setCurrent(await api.statusOf(cid.trim())));

  return (
    <section aria-labelledby="status-title">
      <h2 id="status-title">{t('codes.statusTitle')}</h2>
      <form class="panel" onSubmit={submit}>
        <p class="help">{t('codes.statusHelp')}</p>
        <div class="fields">
          <div class="field">
            <label for="status-cid">{t('codes.cid')}</label>
            <input id="status-cid" name="cid" required spellcheck={false} autoComplete="off" value={cid} onInput={(e) => setCid(e.currentTarget.value)} aria-describedby="cid-help" aria-invalid={cid !== '' && !cidOk} />
            <span id="cid-help" class="help">
              {cid !== '' && !cidOk ? t('codes.cidInvalid') : t('codes.cidHelp')}
            </span>
          </div>
          <SelectField label={t('codes.status')} name="status" value={status} onChange={setStatus} options={STATUSES.map((s) => [s, t(`colour.${s}`)] as const)} />
          <InputField label={t('codes.until')} name="until" type="datetime-local" value={until} onText={setUntil} />
        </div>
        <ErrorText error={error} />
        <div class="actions">
          <button type="submit" disabled={!cidOk}>
            {t('codes.change')}
          </button>
          <button type="button" class="secondary" disabled={!cidOk} onClick={lookUp}>
            {t('codes.lookup')}
          </button>
        </div>
      </form>
      <div aria-live="polite" data-testid="status-result">
        {done && <p class="notice">{t('codes.changed', { cid: done.cid, status: t(`colour.${done.status}`), seq: done.to })}</p>}
        {current === 'none' && <p class="notice">{t('codes.noChange')}</p>}
        {current && current !== 'none' && (
          <p class="notice">
            {t('codes.current', {
              status: t(`colour.${current.status as ListedStatus}`),
              seq: current.seq,
              when: dateTime(current.atMs),
              until: current.until ? t('codes.currentUntil', { until: dateTime(current.until * 1000) }) : '',
            })}
          </p>
        )}
      </div>
    </section>
  );
}
