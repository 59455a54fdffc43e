/**
 * The trust page's federation sections (issue 15): every authority the published bundle
 * recognises, with its keys' fingerprints to compare out of band with the other region's
 * console, and every peer this server relays: last successful pull, position, lag behind the
 * peer, and a warning once its data is older than the stale threshold.
 */
import type { AdminPeers, PeerRelayState, RecognisedAuthority } from '../../core/admin-protocol.ts';
import { api } from '../api/client.ts';
import { ErrorText } from '../components/error-text.tsx';
import { TableHead } from '../components/table-head.tsx';
import { useLoad } from '../components/use-load.ts';
import { useI18n } from '../i18n/i18n.ts';

export function PeersSections() {
  const loaded = useLoad<AdminPeers>(() => api.peers(), []);
  return (
    <>
      <ErrorText error={loaded.error} />
      {loaded.data && <Authorities authorities={loaded.data.authorities} />}
      {loaded.data && <RelayedPeers peers={loaded.data.peers} staleAfterSeconds={loaded.data.staleAfterSeconds} />}
    </>
  );
}

function Authorities({ authorities }: { authorities: RecognisedAuthority[] }) {
  const { t, dateTime } = useI18n();
  return (
    <section aria-labelledby="authorities-title" data-testid="recognised-authorities">
      <h3 id="authorities-title">{t('peers.authoritiesTitle')}</h3>
      <p class="help">{t('peers.authoritiesHelp')}</p>
      {authorities.length === 0 ? (
        <p>{t('peers.noAuthorities')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0}>
          <table>
            <TableHead headings={[t('peers.authority'), t('trust.kid'), t('trust.use'), t('peers.fingerprint'), t('trust.validity')]} />
            <tbody>
              {authorities.flatMap((authority) =>
                authority.keys.map((key) => (
                  <tr key={`${authority.authority}-${key.use}-${key.kid}`} data-authority={authority.authority}>
                    <th scope="row">
                      <code>{authority.authority}</code> {authority.home && t('peers.home')}
                    </th>
                    <td>
                      <code>{key.kid}</code>
                    </td>
                    <td>{t(`trust.use.${key.use}`)}</td>
                    <td>
                      <code class="fingerprint" data-testid="fingerprint">
                        {key.fingerprint}
                      </code>
                    </td>
                    <td>{t('trust.validRange', { from: dateTime(key.notBefore * 1000), to: dateTime(key.notAfter * 1000) })}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function RelayedPeers({ peers, staleAfterSeconds }: { peers: PeerRelayState[]; staleAfterSeconds: number }) {
  const { t } = useI18n();
  const hours = Math.round(staleAfterSeconds / 3600);
  return (
    <section aria-labelledby="relay-title" data-testid="relayed-peers">
      <h3 id="relay-title">{t('peers.relayTitle')}</h3>
      <p class="help">{t('peers.relayHelp', { hours })}</p>
      {peers.length === 0 ? (
        <p>{t('peers.noPeers')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0}>
          <table>
            <TableHead headings={[t('peers.authority'), t('peers.url'), t('peers.lastPull'), t('peers.position'), t('peers.lag')]} />
            <tbody>
              {peers.map((peer) => (
                <PeerRow key={peer.authority} peer={peer} hours={hours} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function PeerRow({ peer, hours }: { peer: PeerRelayState; hours: number }) {
  const { t, plural, number, ago } = useI18n();
  return (
    <tr data-authority={peer.authority} data-stale={String(peer.stale)}>
      <th scope="row">
        <code>{peer.authority}</code>
      </th>
      <td>
        <code>{peer.url}</code>
      </td>
      <td>
        {peer.lastOkMs === null ? t('peers.never') : ago(peer.lastOkMs, Date.now())}
        {peer.stale && (
          <p class="decision-refuse" role="status">
            {t('peers.stale', { hours })}
          </p>
        )}
        {peer.lastError && <p class="help">{t('peers.lastError', { error: peer.lastError })}</p>}
      </td>
      <td>{peer.seq === null ? t('peers.unknown') : number(peer.seq)}</td>
      <td data-testid="peer-lag">{peer.lag === null ? t('peers.unknown') : plural('peers.behind', peer.lag)}</td>
    </tr>
  );
}
