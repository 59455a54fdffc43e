/** The holder app: one screen at a time, the language on <html lang dir>, state from the service. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { createI18n, type Lang } from './i18n/i18n.ts';
import type { HolderService } from './services/holder-service.ts';
import { HomeScreen } from './screens/home.tsx';
import { PersonScreen } from './screens/person.tsx';
import { PrivacyScreen } from './screens/privacy.tsx';
import type { Screen, ScreenProps } from './screens/screen.ts';
import { GroupScreen, ShowScreen } from './screens/show.tsx';

// The apply form (with the region tables) is a chunk of its own: showing a code, the
// everyday use, never waits for it. The service worker precaches it for offline use.
type ApplyView = typeof import('./screens/apply.tsx').ApplyScreen;
let applyChunk: Promise<ApplyView> | null = null;
const loadApply = () => (applyChunk ??= import('./screens/apply.tsx').then((m) => m.ApplyScreen));

export function App(props: { service: HolderService; lang: Lang; saveLang(lang: Lang): void }) {
  const { service } = props;
  const [lang, setLang] = useState(props.lang);
  const [screen, setScreen] = useState<Screen>({ name: 'home' });
  const [state, setState] = useState(service.getState());
  const i18n = useMemo(() => createI18n(lang), [lang]);
  const [Apply, setApply] = useState<ApplyView | null>(null);
  useEffect(() => {
    if (screen.name === 'apply' && !Apply) void loadApply().then((view) => setApply(() => view));
  }, [screen.name]);

  useEffect(() => service.subscribe(() => setState(service.getState())), [service]);
  useEffect(() => {
    const root = document.documentElement;
    root.lang = i18n.lang;
    root.dir = i18n.dir;
    document.title = i18n.t('app.title');
  }, [i18n]);
  useEffect(() => {
    // A new screen starts at its top, with the focus on it for screen readers.
    scrollTo(0, 0);
    document.querySelector<HTMLElement>('h1, main')?.focus?.();
  }, [screen]);

  const common: ScreenProps = {
    i18n,
    service,
    state,
    go: setScreen,
    setLang: (next) => {
      setLang(next);
      props.saveLang(next);
    },
  };
  switch (screen.name) {
    case 'apply':
      return Apply ? <Apply {...common} relation={screen.relation} /> : <div class="screen apply-loading" aria-busy="true" />;
    case 'person':
      return <PersonScreen {...common} id={screen.id} />;
    case 'show':
      return <ShowScreen {...common} id={screen.id} />;
    case 'group':
      return <GroupScreen {...common} />;
    case 'privacy':
      return <PrivacyScreen {...common} />;
    default:
      return <HomeScreen {...common} />;
  }
}
