/** About: version, QR decoder, Ed25519 implementation, data versions, device and storage. */
import { useApp } from '../../hooks/app-context.ts';
import { useDataState } from '../../hooks/use-app-state.ts';
import { useSubscription } from '../../hooks/use-subscription.ts';

/** A plain list of facts a supervisor or support desk asks for. */
export function AboutScreen() {
  const { i18n, services } = useApp();
  const data = useDataState();
  const persisted = useSubscription(
    () => services.persisted.get(),
    (l) => services.persisted.subscribe(l),
  );
  const ed25519 = services.data.verifierContext().ed25519.name;
  const row = (label: string, value: string, id: string) => (
    <div>
      <dt>{label}</dt>
      <dd data-about={id}>{value}</dd>
    </div>
  );
  return (
    <section class="screen page" aria-labelledby="about-title">
      <h1 id="about-title">{i18n.t('about.title')}</h1>
      <dl class="facts">
        {row(i18n.t('about.version'), services.version, 'version')}
        {row(i18n.t('about.decoder'), services.decoder?.decoderName ?? services.decoderError ?? '—', 'decoder')}
        {row(i18n.t('about.ed25519'), ed25519, 'ed25519')}
        {row(
          i18n.t('about.trust'),
          data.trust
            ? i18n.t('about.trustValue', {
                seq: data.trust.seq,
                date: i18n.dateTime(data.trust.issuedAt * 1000),
                expires: i18n.dateTime(data.trust.expiresAt * 1000),
              })
            : i18n.t('about.none'),
          'trust',
        )}
        {row(
          i18n.t('about.status'),
          data.status && data.status.seq !== null
            ? i18n.t('about.statusValue', {
                seq: data.status.seq,
                size: i18n.number(data.status.size),
                date: i18n.dateTime((data.status.issuedAt ?? 0) * 1000),
              })
            : i18n.t('about.none'),
          'status',
        )}
        {/* Raw texts for the engineer: the scan screen says the same in plain words. */}
        {data.problem && row(i18n.t('about.dataProblem'), data.problem, 'problem')}
        {data.lastSyncError && row(i18n.t('about.syncProblem'), data.lastSyncError, 'sync-error')}
        {row(
          i18n.t('about.device'),
          data.enrolled && data.checkpoint ? i18n.t('about.enrolled', { checkpoint: data.checkpoint.name }) : i18n.t('about.notEnrolled'),
          'device',
        )}
        {row(i18n.t('about.storage'), persisted ? i18n.t('about.persisted') : i18n.t('about.notPersisted'), 'storage')}
      </dl>
      <p class="muted">{i18n.t('about.privacy')}</p>
    </section>
  );
}
