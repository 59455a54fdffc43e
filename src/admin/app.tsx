/**
 * The console's shell: the language (browser or chosen), the session (sign-in screen until
 * the server accepts the cookie), and the section named by the URL hash (#/entries, …).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, onSignedOut } from './api/client.ts';
import { createI18n, I18nContext, initialLang, LANG_NAMES, LANGS, storeLang, type Lang } from './i18n/i18n.ts';
import type { MessageKey } from './i18n/en.ts';
import { CheckpointsScreen } from './screens/checkpoints.tsx';
import { CodesScreen } from './screens/codes.tsx';
import { DevicesScreen } from './screens/devices.tsx';
import { EntriesScreen } from './screens/entries.tsx';
import { ReviewScreen } from './screens/review.tsx';
import { SignInScreen } from './screens/sign-in.tsx';
import { StatisticsScreen } from './screens/statistics.tsx';
import { TrustScreen } from './screens/trust.tsx';

const SECTIONS = {
  statistics: StatisticsScreen,
  checkpoints: CheckpointsScreen,
  devices: DevicesScreen,
  codes: CodesScreen,
  entries: EntriesScreen,
  review: ReviewScreen,
  trust: TrustScreen,
} as const;
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
  const [session, setSession] = useState<'checking' | 'out' | 'in'>('checking');
  const [section, setSection] = useState<Section>(sectionFromHash);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${t(`nav.${section}` as MessageKey)} · ${t('app.title')}`;
  }, [lang, section, t]);

  useEffect(() => {
    onSignedOut(() => setSession('out'));
    api.session().then(
      () => setSession('in'),
      () => setSession('out'),
    );
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
  const Screen = SECTIONS[section];

  return (
    <I18nContext.Provider value={i18n}>
      <header class="top">
        <h1>{t('app.title')}</h1>
        <label class="lang">
          {t('app.language')}
          <select value={lang} onChange={(e) => chooseLang(e.currentTarget.value as Lang)}>
            {LANGS.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANG_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        {session === 'in' && (
          <button type="button" class="secondary" onClick={signOut}>
            {t('app.signOut')}
          </button>
        )}
      </header>
      {session === 'in' && (
        <nav aria-label={t('nav.label')}>
          <ul>
            {(Object.keys(SECTIONS) as Section[]).map((name) => (
              <li key={name}>
                <a href={`#/${name}`} aria-current={name === section ? 'page' : undefined}>
                  {t(`nav.${name}` as MessageKey)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main>
        {session === 'checking' && <p aria-live="polite">{t('app.loading')}</p>}
        {session === 'out' && <SignInScreen onSignedIn={() => setSession('in')} />}
        {session === 'in' && <Screen />}
      </main>
    </I18nContext.Provider>
  );
}
