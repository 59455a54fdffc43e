/**
 * The app shell: one screen at a time (hash routes), the bottom navigation, and the verdict
 * or enrollment result over everything. The verdict is announced through a live region that
 * exists from the start, so screen readers announce it when it changes.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { AppContext, useApp } from './hooks/app-context.ts';
import { useFlowState } from './hooks/use-app-state.ts';
import { i18nFor, pickLanguage } from './i18n/i18n.ts';
import type { AppServices } from './services/services.ts';
import { ScanScreen } from './screens/Scan/scan-screen.tsx';
import { VerdictScreen } from './screens/Verdict/verdict-screen.tsx';
import { GroupVerdictScreen } from './screens/Verdict/group-verdict-screen.tsx';
import { groupView } from './flow/group-flow.ts';
import type { ScanOutcome } from './flow/scan-flow.ts';
import { EnrollResult } from './screens/Verdict/enroll-result.tsx';
import { verdictView, type VerdictView } from './screens/Verdict/verdict-view.ts';
import { LogScreen } from './screens/Log/log-screen.tsx';
import { SettingsScreen } from './screens/Settings/settings-screen.tsx';
import { AboutScreen } from './screens/About/about-screen.tsx';

const ROUTES = ['scan', 'log', 'settings', 'about'] as const;
type Route = (typeof ROUTES)[number];

function routeFromHash(): Route {
  const name = location.hash.replace(/^#\/?/, '');
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'scan';
}

/** The root component; `services` come from createServices() in main.tsx. */
export function App({ services }: { services: AppServices }) {
  const settings = useSubscribeSettings(services);
  const lang = pickLanguage(settings.language);
  const i18n = useMemo(() => i18nFor(lang), [lang]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <AppContext.Provider value={{ services, i18n }}>
      <Shell />
    </AppContext.Provider>
  );
}

function useSubscribeSettings(services: AppServices) {
  const [value, setValue] = useState(services.settings.get());
  useEffect(() => services.settings.subscribe(setValue), [services]);
  return value;
}

function Shell() {
  const flow = useFlowState();
  const overlay = flow.kind === 'verdict' || flow.kind === 'enrolled';
  // The same element every render: a scan re-renders the verdict, not the screens under it
  // (Preact skips an unchanged element). On a 4x-throttled page that re-render of the scan
  // screen was in every verdict's way.
  const screens = useMemo(() => <Screens />, []);

  return (
    <>
      {/* Everything under a verdict is inert: no focus or clicks can reach it. */}
      <div class="shell" inert={overlay}>
        {screens}
      </div>
      {flow.kind === 'verdict' &&
        (flow.group ? <GroupVerdictScreen group={flow.group} /> : <VerdictScreen outcome={flow.outcome} overriding={flow.overriding} />)}
      {flow.kind === 'enrolled' && <EnrollResult state={flow} />}
      <LiveAnnouncer />
      {/* Lays out the verdict's big bold words and CJK glyphs once at start-up: the first
          verdict otherwise waits for font fallback and first layout (measured ~170 ms). */}
      <div class="verdict-warmup" aria-hidden="true">
        <span class="verdict-word">ADMIT REFUSE REFER INVALID 放行 拒绝 转主管 无效码 非健康码</span>
        <span class="verdict-name">张*明 王*华 1234</span>
      </div>
    </>
  );
}

/** The screen of the route, and the navigation. */
function Screens() {
  const [route, setRoute] = useState<Route>(routeFromHash);
  useEffect(() => {
    const onHash = () => setRoute(routeFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const [focusName, setFocusName] = useState(false);
  const go = (next: Route) => {
    setFocusName(false);
    location.hash = `#/${next}`;
  };
  return (
    <>
      <main class="content">
        {route === 'scan' && (
          <ScanScreen
            onOpenSettings={() => {
              go('settings');
              setFocusName(true);
            }}
          />
        )}
        {route === 'log' && <LogScreen />}
        {route === 'settings' && <SettingsScreen focusName={focusName} />}
        {route === 'about' && <AboutScreen />}
      </main>
      <Nav route={route} go={go} />
    </>
  );
}

function Nav({ route, go }: { route: Route; go(route: Route): void }) {
  const { i18n } = useApp();
  return (
    <nav class="nav" aria-label={i18n.t('nav.label')}>
      {ROUTES.map((r) => (
        <a
          key={r}
          href={`#/${r}`}
          class="nav-item"
          aria-current={route === r ? 'page' : undefined}
          onClick={(e) => {
            e.preventDefault();
            go(r);
          }}
        >
          {i18n.t(`nav.${r}`)}
        </a>
      ))}
    </nav>
  );
}

function announcement(i18n: ReturnType<typeof useApp>['i18n'], view: VerdictView): string {
  return [i18n.t(view.wordKey), view.headlineKey ? i18n.t(view.headlineKey) : null, i18n.t(view.reasonKey)].filter(Boolean).join('. ');
}

function groupAnnouncement(i18n: ReturnType<typeof useApp>['i18n'], group: ScanOutcome[]): string {
  const { decision } = groupView(group);
  return i18n.t('group.announce', {
    count: i18n.number(group.length),
    word: i18n.t(`decision.${decision}`),
    headline: i18n.t(`group.headline.${decision}`),
  });
}

/** Announces each verdict's word, what to do and why. */
function LiveAnnouncer() {
  const { i18n } = useApp();
  const flow = useFlowState();
  const text =
    flow.kind === 'verdict'
      ? flow.group
        ? groupAnnouncement(i18n, flow.group)
        : announcement(i18n, verdictView(flow.outcome, flow.outcome.at, false))
      : flow.kind === 'enrolled'
        ? flow.ok
          ? i18n.t('enroll.ok', { checkpoint: flow.checkpoint })
          : i18n.t('enroll.failed', { error: flow.error })
        : '';
  return (
    <div class="visually-hidden" aria-live="assertive" aria-atomic="true" data-testid="announcer">
      {text}
    </div>
  );
}
