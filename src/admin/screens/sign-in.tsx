/** Sign-in with an account name and password (rate-limited by the server). */
import { useState } from 'preact/hooks';
import type { SessionInfo } from '../../core/api/admin-accounts.ts';
import { api, ApiError } from '../api/client.ts';
import { ErrorText } from '../components/error-text.tsx';
import { useI18n } from '../i18n/i18n.ts';

/** The sign-in form; `onSignedIn` once the server set the session cookie. */
export function SignInScreen({ onSignedIn }: { onSignedIn(session: SessionInfo): void }) {
  const { t } = useI18n();
  const [name, setName] = useState('admin');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [wrong, setWrong] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setWrong(false);
    try {
      onSignedIn(await api.login(name.trim(), password));
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) setWrong(true);
      else setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel narrow" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">{t('signIn.title')}</h2>
      <form onSubmit={submit}>
        <div class="stack">
          <label>
            {t('signIn.name')}
            <input
              name="username"
              autoComplete="username"
              required
              spellcheck={false}
              autoCapitalize="off"
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </label>
          <label for="password">{t('signIn.password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            aria-describedby="password-help"
          />
        </div>
        <p id="password-help" class="help">
          {t('signIn.help')}
        </p>
        {wrong && (
          <p class="notice notice-error" role="alert">
            {t('signIn.wrong')}
          </p>
        )}
        <ErrorText error={error} />
        <button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </section>
  );
}
