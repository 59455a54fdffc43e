/** What the app keeps, and where, in plain words, including how this device holds its key. */
import { TopBar } from '../components/top-bar.tsx';
import type { ScreenProps } from './screen.ts';

export function PrivacyScreen(props: ScreenProps) {
  const t = props.i18n.t;
  return (
    <div class="screen privacy">
      <TopBar {...props} back title={t('privacy.title')} />
      <main>
        <p>{t('privacy.device')}</p>
        <p data-key-kind={props.service.key.kind}>
          {props.service.key.kind === 'webcrypto' ? t('privacy.keyWebcrypto') : t('privacy.keySeed')}
        </p>
        <p>{t('privacy.code')}</p>
        <p>{t('privacy.server')}</p>
        <p>{t('privacy.wipe')}</p>
      </main>
    </div>
  );
}
