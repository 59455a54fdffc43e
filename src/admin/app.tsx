/**
 * The console's shell: the language (browser or chosen), the session (sign-in screen until
 * the server accepts the cookie; the account's role decides which sections show), and the
 * section named by the URL hash (#/entries, …).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SessionInfo } from '../core/api/admin-accounts.ts';
import type { Permission } from '../core/roles.ts';
import { api, onSignedOut } from './api/client.ts';
import { createI18n, I18nContext, initialLang, languageName, LANGS, storeLang, type Lang } from './i18n/i18n.ts';
import { AccountsScreen } from './screens/accounts.tsx';
import { AuditScreen } from './screens/audit.tsx';
import { CheckpointsScreen } from './screens/checkpoints.tsx';
import { CodesScreen } from './screens/codes.tsx';
import { DevicesScreen } from './screens/devices.tsx';
import { EntriesScreen } from './screens/entries.tsx';
import { CorrectionsScreen } from './screens/corrections.tsx';
import { ProposalsScreen } from './screens/proposals.tsx';
import { ReviewScreen } from './screens/review.tsx';
import { TracesScreen } from './screens/traces.tsx';
import { SignInScreen } from './screens/sign-in.tsx';
import { StatisticsScreen } from './screens/statistics.tsx';
import { TrustScreen } from './screens/trust.tsx';
import { SessionContext } from './session.ts';

/** Each section and the permission it needs to be shown at all. */
const SECTIONS = {
  statistics: [StatisticsScreen, 'read'],
  checkpoints: [CheckpointsScreen, 'read'],
  devices: [DevicesScreen, 'read'],
  codes: [CodesScreen, 'read'],
  entries: [EntriesScreen, 'read'],
  review: [ReviewScreen, 'review'],
  corrections: [CorrectionsScreen, 'review'],
  proposals: [ProposalsScreen, 'review'],
  traces: [TracesScreen, 'trace'],
  trust: [TrustScreen, 'read'],
  accounts: [AccountsScreen, 'administer'],
  audit: [AuditScreen, 'administer'],
} as const satisfies Record<string, readonly [unknown, Permission]>;
type Section = keyof typeof SECTIONS;

function sectionFromHash(): Section {
  const name = location.hash.replace(/^#\/?/, '');
  return name in SECTIONS ? (name as Section) : 'statistics';
}

/** The whole console. */
export function AdminApp() {
  const [lang, setLang] = useState<Lang>(() => initialLang());
  const i18n = useMemo(() => createI18n(lang), [lang]);
  const { t } = i18n;
  const [session, setSession] = useState<SessionInfo | 'checking' | 'out'>('checking');
  const [wanted, setSection] = useState<Section>(sectionFromHash);
  const signedIn = typeof session === 'object' ? session : null;
  const allowed = (Object.keys(SECTIONS) as Section[]).filter((s) => signedIn?.permissions.includes(SECTIONS[s][1]));
  const section = allowed.includes(wanted) ? wanted : 'statistics';

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${t(`nav.${section}`)} · ${t('app.title')}`;
  }, [lang, section, t]);

  useEffect(() => {
    onSignedOut(() => setSession('out'));
    api.session().then(setSession, () => setSession('out'));
    const follow = () => setSection(sectionFromHash());
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);

  const chooseLang = (next: Lang) => {
    storeLang(next);
    setLang(next);
  };
  const signOut = async () => {
    await api.logout().catch(() => undefined);
    setSession('out');
  };
  const Screen = SECTIONS[section][0];

  return (
    <I18nContext.Provider value={i18n}>
      <SessionContext.Provider value={signedIn}>
        <header class="top">
          <h1>{t('app.title')}</h1>
          <label class="lang">
            {t('app.language')}
            <select value={lang} onChange={(e) => chooseLang(e.currentTarget.value as Lang)}>
              {LANGS.map((l) => (
                <option key={l} value={l} lang={l}>
                  {languageName(l)}
                </option>
              ))}
            </select>
          </label>
          {signedIn && (
            <>
              <span class="who" data-testid="signed-in-as">
                {t('app.signedInAs', { name: signedIn.name, role: t(`role.${signedIn.role}`) })}
              </span>
              <button type="button" class="secondary" onClick={signOut}>
                {t('app.signOut')}
              </button>
            </>
          )}
        </header>
        {signedIn && (
          <nav aria-label={t('nav.label')}>
            <ul>
              {allowed.map((name) => (
                <li key={name}>
                  <a href={`#/${name}`} aria-current={name === section ? 'page' : undefined}>
                    {t(`nav.${name}`)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <main>
          {session === 'checking' && <p aria-live="polite">{t('app.loading')}</p>}
          {session === 'out' && <SignInScreen onSignedIn={setSession} />}
          {signedIn && <Screen key={section} />}
        </main>
      </SessionContext.Provider>
    </I18nContext.Provider>
  );
}
