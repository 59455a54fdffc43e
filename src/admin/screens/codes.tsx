/**
 * Codes: issue a demo code (operators), look up a code's latest status, change one code's
 * status or many from a pasted or uploaded CSV (operators). There is no default status;
 * every change goes through a confirmation that names the codes, their current and new
 * status and the scanners that will receive it (status-confirm.tsx). Then the recent
 * batches, each undoable.
 */
import { useState } from 'preact/hooks';
import type { CodeStatus, DemoCodeResponse } from '../../core/admin-protocol.ts';
import type { StatusChange, StatusPreview } from '../../core/api/admin-status.ts';
import type { Colour, ListedStatus } from '../../core/reasons.ts';
import { parseStatusCsv, type StatusCsv } from '../../core/status-csv.ts';
import { api, ApiError } from '../api/client.ts';
import { ErrorText } from '../components/error-text.tsx';
import { InputField, SelectField } from '../components/fields.tsx';
import { QrImage } from '../components/qr-image.tsx';
import { useI18n } from '../i18n/i18n.ts';
import { useSession } from '../session.ts';
import { StatusBatches } from './status-batches.tsx';
import { StatusConfirmDialog } from './status-confirm.tsx';

const COLOURS: Colour[] = ['green', 'yellow', 'red'];
const STATUSES: ListedStatus[] = ['green', 'yellow', 'red', 'revoked'];
const CID = /^[A-Za-z0-9_-]{22}$/;
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** The codes section. */
export function CodesScreen() {
  const { may } = useSession();
  const [cid, setCid] = useState('');
  const [round, setRound] = useState(0);
  const changed = () => setRound((r) => r + 1);
  return (
    <>
      {may('operate') && <IssueDemoCode onUseCid={setCid} />}
      <ChangeStatus cid={cid} setCid={setCid} onChanged={changed} />
      {may('operate') && <BulkStatus onChanged={changed} />}
      <StatusBatches round={round} onChanged={changed} />
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
          <SelectField
            label={t('codes.colour')}
            name="colour"
            value={status}
            onChange={setStatus}
            options={COLOURS.map((c) => [c, t(`colour.${c}`)] as const)}
          />
          <InputField label={t('codes.maskedName')} name="maskedName" maxLength={20} value={name} onText={setName} />
          <InputField label={t('codes.hint')} name="hint" maxLength={16} value={hint} onText={setHint} />
          <InputField
            label={t('codes.validDays')}
            name="validDays"
            type="number"
            min={1}
            max={3650}
            required
            value={validDays}
            onText={setValidDays}
          />
        </div>
        {error instanceof ApiError && error.status === 409 ? (
          <p class="notice notice-error" role="alert">
            {t('error.noIssuer')}
          </p>
        ) : (
          <ErrorText error={error} />
        )}
        <button type="submit">{t('codes.issue')}</button>
        {code && (
          <div class="issued" data-testid="demo-code">
            <p role="status">
              {t('codes.issuedPrefix')} <code class="id">{code.cid}</code>
            </p>
            <QrImage svg={code.svg} alt={t('codes.qrAlt', { cid: code.cid })} />
            <label for="code-text">{t('codes.text')}</label>
            <textarea id="code-text" readOnly rows={3} value={code.text} />
            <button type="button" class="secondary" onClick={() => onUseCid(code.cid)}>
              {t('codes.useCid')}
            </button>
          </div>
        )}
      </form>
    </section>
  );
}

function ChangeStatus({ cid, setCid, onChanged }: { cid: string; setCid(cid: string): void; onChanged(): void }) {
  const { t, dateTime } = useI18n();
  const { may } = useSession();
  const [status, setStatus] = useState<ListedStatus | ''>('');
  const [until, setUntil] = useState('');
  const [current, setCurrent] = useState<CodeStatus | 'none' | null>(null);
  const [confirm, setConfirm] = useState<{ changes: StatusChange[]; preview: StatusPreview } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const cidOk = CID.test(cid.trim());

  const review = async (event: Event) => {
    event.preventDefault();
    if (!cidOk || !status) return;
    setError(null);
    const untilSeconds = until ? Math.floor(new Date(until).getTime() / 1000) : undefined;
    const changes: StatusChange[] = [{ cid: cid.trim(), status, ...(untilSeconds ? { until: untilSeconds } : {}) }];
    try {
      setConfirm({ changes, preview: await api.previewStatus(changes) });
    } catch (failure) {
      setError(failure);
    }
  };
  const lookUp = async () => {
    if (!cidOk) return;
    setError(null);
    setCurrent(null);
    try {
      setCurrent(await api.statusOf(cid.trim()));
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 404) setCurrent('none');
      else setError(failure);
    }
  };

  return (
    <section aria-labelledby="status-title">
      <h2 id="status-title">{t(may('operate') ? 'codes.statusTitle' : 'codes.lookupTitle')}</h2>
      <form class="panel" onSubmit={review}>
        {may('operate') && <p class="help">{t('codes.statusHelp')}</p>}
        <div class="fields">
          <div class="field">
            <label for="status-cid">{t('codes.cid')}</label>
            <input
              id="status-cid"
              class="mono"
              name="cid"
              required
              spellcheck={false}
              autoComplete="off"
              value={cid}
              onInput={(e) => setCid(e.currentTarget.value)}
              aria-describedby="cid-help"
              aria-invalid={cid !== '' && !cidOk}
            />
            <span id="cid-help" class="help">
              {cid !== '' && !cidOk ? t('codes.cidInvalid') : t('codes.cidHelp')}
            </span>
          </div>
          {may('operate') && (
            <>
              <SelectField
                label={t('codes.status')}
                name="status"
                value={status}
                onChange={setStatus}
                options={[['', t('codes.chooseStatus')], ...STATUSES.map((s) => [s, t(`colour.${s}`)] as const)]}
              />
              <InputField label={t('codes.until')} name="until" type="datetime-local" value={until} onText={setUntil} />
            </>
          )}
        </div>
        <ErrorText error={error} />
        <div class="actions">
          {may('operate') && (
            <button type="submit" disabled={!cidOk || !status}>
              {t('codes.change')}
            </button>
          )}
          <button type="button" class="secondary" disabled={!cidOk} onClick={lookUp}>
            {t('codes.lookup')}
          </button>
        </div>
        <div aria-live="polite" data-testid="lookup-result">
          {current === 'none' && <p class="notice">{t('codes.noChange')}</p>}
          {current && current !== 'none' && (
            <p class="notice">
              {t('codes.current', {
                status: t(`colour.${current.status}`),
                seq: current.seq,
                when: dateTime(current.atMs),
                until: current.until ? t('codes.currentUntil', { until: dateTime(current.until * 1000) }) : '',
              })}
            </p>
          )}
        </div>
      </form>
      {confirm && (
        <StatusConfirmDialog
          changes={confirm.changes}
          preview={confirm.preview}
          onClose={(published) => {
            setConfirm(null);
            if (published) {
              setStatus('');
              onChanged();
            }
          }}
        />
      )}
    </section>
  );
}

function BulkStatus({ onChanged }: { onChanged(): void }) {
  const { t, number } = useI18n();
  const [text, setText] = useState('');
  const [parsed, setParsed] = useState<StatusCsv | null>(null);
  const [confirm, setConfirm] = useState<{ changes: StatusChange[]; preview: StatusPreview } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);

  const readFile = async (file: File | undefined) => {
    setFileProblem(null);
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) return setFileProblem(t('bulk.fileTooLarge'));
    try {
      setText(await file.text());
      setParsed(null);
    } catch {
      setFileProblem(t('trust.fileUnreadable'));
    }
  };
  const preview = async (event: Event) => {
    event.preventDefault();
    setError(null);
    const list = parseStatusCsv(text);
    setParsed(list);
    if (list.changes.length === 0) return;
    try {
      setConfirm({ changes: list.changes, preview: await api.previewStatus(list.changes) });
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section aria-labelledby="bulk-title">
      <h2 id="bulk-title">{t('bulk.title')}</h2>
      <form class="panel" onSubmit={preview}>
        <p class="help" id="bulk-help">
          {t('bulk.help')}
        </p>
        <label for="bulk-text">{t('bulk.paste')}</label>
        <textarea
          id="bulk-text"
          name="bulk"
          rows={6}
          spellcheck={false}
          aria-describedby="bulk-help"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          placeholder={'cid,status,until\nAAECAwQFBgcICQoLDA0ODw,red,2026-12-31'}
        />
        <label>
          {t('bulk.file')}
          <input type="file" accept=".csv,.txt,text/csv,text/plain" onChange={(e) => readFile(e.currentTarget.files?.[0])} />
        </label>
        {fileProblem && (
          <p class="notice notice-error" role="alert">
            {fileProblem}
          </p>
        )}
        <div aria-live="polite" data-testid="bulk-parse">
          {parsed && (
            <p class={parsed.changes.length === 0 ? 'notice notice-error' : 'notice'}>
              {t('bulk.read', {
                count: number(parsed.changes.length),
                problems: number(parsed.problems.length),
                repeated: number(parsed.repeated),
              })}
            </p>
          )}
          {parsed && parsed.problems.length > 0 && (
            <ul class="problems">
              {parsed.problems.slice(0, 10).map((p) => (
                <li key={p.line}>
                  {t('bulk.problemLine', { line: p.line, problem: t(`bulk.problem.${p.problem}`) })} <code class="id">{p.text}</code>
                </li>
              ))}
            </ul>
          )}
        </div>
        <ErrorText error={error} />
        <button type="submit" disabled={text.trim() === ''}>
          {t('bulk.preview')}
        </button>
      </form>
      {confirm && (
        <StatusConfirmDialog
          changes={confirm.changes}
          preview={confirm.preview}
          skipped={parsed?.problems ?? []}
          onClose={(published) => {
            setConfirm(null);
            if (published) {
              setText('');
              setParsed(null);
              onChanged();
            }
          }}
        />
      )}
    </section>
  );
}
