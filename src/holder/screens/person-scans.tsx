/**
 * Where this person's own codes were scanned (issue 14): checkpoint, time and what the guard's
 * scanner decided, from the entry log, newest first. The server answers for this application's
 * codes only (nobody else's); read live, and "loading" is never shown as "no scans".
 */
import { useEffect, useState } from 'preact/hooks';
import type { HolderScan } from '../../core/api/holder.ts';
import type { ScreenProps } from './screen.ts';

const DECISIONS = ['admit', 'refuse', 'refer'] as const;
type ScanDecision = (typeof DECISIONS)[number];
const isDecision = (d: string): d is ScanDecision => (DECISIONS as readonly string[]).includes(d);

export function MyScans({ i18n, service, personId }: Pick<ScreenProps, 'i18n' | 'service'> & { personId: string }) {
  const { t, dateTime } = i18n;
  const [scans, setScans] = useState<HolderScan[] | null>(null);
  const [offline, setOffline] = useState(false);
  useEffect(() => {
    let current = true;
    void service.scans(personId).then((result) => {
      if (!current) return;
      setOffline(!result.ok && result.kind === 'offline');
      setScans(result.ok ? result.value.scans : []);
    });
    return () => {
      current = false;
    };
  }, [personId]);

  return (
    <section class="status-card scans" aria-labelledby="scans-title" data-testid="my-scans">
      <h2 id="scans-title">{t('scans.title')}</h2>
      {scans === null ? <p class="hint">{t('common.loading')}</p> : null}
      {offline ? <p class="hint">{t('contest.offline')}</p> : null}
      {scans && scans.length === 0 && !offline ? <p class="hint">{t('scans.none')}</p> : null}
      {scans && scans.length > 0 ? (
        <ul class="scan-list">
          {scans.map((scan, i) => (
            <li key={`${scan.cid}-${scan.at}-${i}`} data-decision={scan.decision}>
              <bdi class="scan-place">{scan.checkpointName}</bdi>
              <span class="nowrap">{dateTime(scan.at)}</span>
              <span class={`scan-result scan-${scan.decision}`}>
                {isDecision(scan.decision) ? t(`scans.decision.${scan.decision}`) : scan.decision}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
