/** The bar at the top of every screen but the code: back (when there is somewhere to go), title, language. */
import { LangSwitch } from './lang-switch.tsx';
import type { ScreenProps } from '../screens/screen.ts';

export function TopBar(props: ScreenProps & { title: string; back?: boolean }) {
  return (
    <header class="top-bar">
      {props.back ? (
        <button type="button" class="back" onClick={() => props.go({ name: 'home' })}>
          <span aria-hidden="true" class="back-arrow">
            ‹
          </span>{' '}
          {props.i18n.t('nav.back')}
        </button>
      ) : null}
      <h1>{props.title}</h1>
      <LangSwitch i18n={props.i18n} onChange={props.setLang} />
      {props.state.online ? null : (
        <p class="offline-note" role="status" data-offline>
          {props.i18n.t('net.offline')}
        </p>
      )}
    </header>
  );
}
