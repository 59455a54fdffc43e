/**
 * Trust data: the published trust bundle (version, dates, every key scanners verify with)
 * and importing a newer one. Bundles are signed offline with the root key (`gatecheck
 * trust`); the console only passes the signed file on, so it never needs the root secret.
 * A refusal is told in plain words from the server's problem code.
 */
import { useState } from 'preact/hooks';
import {
  TRUST_IMPORT_PROBLEMS,
  type AdminTrust,
  type AdminTrustKey,
  type TrustImportProblem,
  type TrustImportResponse,
} from '../../core/admin-protocol.ts';
import { api, ApiError } from '../api/client.ts';
import { ErrorText } from '../components/error-text.tsx';
import { useLoad } from '../components/use-load.ts';
import { TableHead } from '../components/table-head.tsx';
import { useI18n } from '../i18n/i18n.ts';
import { PeersSections } from './peers.tsx';

/** The server's body limit for an import; a larger file is refused before it is read. */
const MAX_BUNDLE_BYTES = 1024 * 1024;

/** Loads the published bundle; null when none has been imported yet (404). */
async function loadTrust(): Promise<AdminTrust | null> {
  try {
    return await api.trust();
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** The trust data section. */
export function TrustScreen() {
  const { t } = useI18n();
  const published = useLoad(loadTrust, []);
  return (
    <>
      <h2>{t('trust.title')}</h2>
      <p class="help">{t('trust.help')}</p>
      <ErrorText error={published.error} />
      {published.data === null && !published.loading && !published.error && <p>{t('trust.none')}</p>}
      {published.data && <PublishedBundle trust={published.data} />}
      {published.data && <PeersSections />}
      <ImportBundle trust={published.data} onImported={published.reload} />
    </>
  );
}

function PublishedBundle({ trust }: { trust: AdminTrust }) {
  const { t, dateTime, number } = useI18n();
  const expired = trust.expiresAt * 1000 <= Date.now();
  return (
    <section aria-labelledby="published-title" data-testid="published-trust">
      <h3 id="published-title">{t('trust.published')}</h3>
      <dl class="tiles">
        <div class="tile">
          <dt>{t('trust.seq')}</dt>
          <dd data-testid="trust-seq">{number(trust.seq)}</dd>
        </div>
        <div class="tile">
          <dt>{t('trust.issuedAt')}</dt>
          <dd class="tile-text">{dateTime(trust.issuedAt * 1000)}</dd>
        </div>
        <div class="tile">
          <dt>{t('trust.expiresAt')}</dt>
          <dd class="tile-text">
            {dateTime(trust.expiresAt * 1000)}
            {expired && <strong class="decision-refuse"> {t('trust.expired')}</strong>}
          </dd>
        </div>
      </dl>
      <div class="table-wrap" tabIndex={0}>
        <table data-testid="trust-keys">
          <caption>{t('trust.keysCaption', { count: number(trust.keys.length) })}</caption>
          <TableHead headings={[t('trust.kid'), t('trust.use'), t('trust.region'), t('trust.names'), t('trust.validity')]} />
          <tbody>
            {trust.keys.map((key) => (
              <KeyRow key={`${key.use}-${key.kid}`} trustKey={key} ours={key.use === 'status' && key.kid === trust.statusKid} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function KeyRow({ trustKey: key, ours }: { trustKey: AdminTrustKey; ours: boolean }) {
  const { t, dateTime } = useI18n();
  const names = Object.entries(key.name);
  return (
    <tr>
      <th scope="row">
        <code>{key.kid}</code>
      </th>
      <td>
        {t(`trust.use.${key.use}`)}
        {ours && <> {t('trust.ourStatusKey')}</>}
      </td>
      <td>{key.region === 0 ? t('trust.noRegion') : key.region}</td>
      <td>
        {names.length === 0
          ? t('trust.noName')
          : names.map(([tag, name]) => (
              <div key={tag}>
                <span lang={tag}>{name}</span> <span class="help">({tag})</span>
              </div>
            ))}
      </td>
      <td>{t('trust.validRange', { from: dateTime(key.notBefore * 1000), to: dateTime(key.notAfter * 1000) })}</td>
    </tr>
  );
}

function isTrustProblem(problem: string | undefined): problem is TrustImportProblem {
  return (TRUST_IMPORT_PROBLEMS as readonly (string | undefined)[]).includes(problem);
}

/** The refusal in plain words, or null when it is not a refusal of the bundle itself. */
function RefusalText({ error, trust }: { error: unknown; trust: AdminTrust | null }) {
  const { t } = useI18n();
  if (!(error instanceof ApiError)) return <ErrorText error={error} />;
  const sentence =
    error.status === 413
      ? t('trust.tooLarge')
      : isTrustProblem(error.problem)
        ? t(`trust.problem.${error.problem}`, { seq: trust?.seq ?? '?', kid: trust?.statusKid ?? '?' })
        : null;
  if (!sentence) return <ErrorText error={error} />;
  return (
    <div class="notice notice-error" role="alert" data-testid="trust-refused">
      <p>{sentence}</p>
      <p class="help">{t('trust.serverWords', { detail: error.message })}</p>
    </div>
  );
}

function ImportBundle({ trust, onImported }: { trust: AdminTrust | null; onImported(): void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [result, setResult] = useState<TrustImportResponse | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const chooseFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    setResult(null);
    setError(null);
    if (!file) return;
    if (file.size > MAX_BUNDLE_BYTES) {
      setError(new ApiError(413, `${file.size} bytes`));
      return;
    }
    try {
      setText(await file.text());
    } catch {
      setError(new Error(t('trust.fileUnreadable')));
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      setResult(await api.importTrust(text.trim()));
      setText('');
      onImported();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="import-title">
      <h3 id="import-title">{t('trust.importTitle')}</h3>
      <form class="panel" onSubmit={submit}>
        <p class="help" id="import-help">
          {t('trust.importHelp')}
        </p>
        <label>
          {t('trust.paste')}
          <textarea
            name="bundle"
            rows={6}
            spellcheck={false}
            autoComplete="off"
            aria-describedby="import-help"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('trust.file')}
          <input type="file" name="bundleFile" accept=".json,application/json" onChange={(e) => void chooseFile(e.currentTarget)} />
        </label>
        <RefusalText error={error} trust={trust} />
        <div class="actions">
          <button type="submit" disabled={busy || !text.trim()}>
            {t('trust.submit')}
          </button>
        </div>
      </form>
      <div aria-live="polite" data-testid="trust-result">
        {result && (
          <p class="notice">{result.unchanged ? t('trust.unchanged', { seq: result.seq }) : t('trust.imported', { seq: result.seq })}</p>
        )}
      </div>
    </section>
  );
}
