/**
 * Under a verdict, how old the data it was checked against is: the keys, the status list of
 * the code's own authority (named when it is a recognised one, gc1.md §6), and a note when
 * the older of the two is past the checkpoint's thresholds. A group verdict goes by the
 * oldest of its people's: a group of green codes checked against a stale status list says
 * so, as each of their single verdicts would. Ages tick while the verdict stays up: measured
 * at each scan, plus the time since.
 */
import { ageLevel, oldestAge, type DataAge, type Freshness } from '../../../core/index.ts';
import type { Verdict } from '../../../core/verify.ts';
import { effectivePolicy } from '../../../platform/settings-model.ts';
import { useApp } from '../../hooks/app-context.ts';
import { useDataState, useSettings } from '../../hooks/use-app-state.ts';
import { useRecognisedAuthority } from '../../hooks/use-region.ts';

/** One checked code: its verdict and when it was checked (unix ms). */
export interface CheckedAt {
  verdict: Verdict;
  at: number;
}

/** `age` as it is at `nowMs`, measured at `at`. */
function agedBy<A extends DataAge>(age: A | null, at: number, nowMs: number): A | null {
  return age && { ...age, ageSeconds: age.ageSeconds + Math.max(0, Math.round((nowMs - at) / 1000)) };
}

export function VerdictDataAge({ checked, nowMs }: { checked: readonly CheckedAt[]; nowMs: number }) {
  const { i18n } = useApp();
  const settings = useSettings();
  const data = useDataState();
  const policy = effectivePolicy(settings, data.policy);
  const trustAge = oldestAge<NonNullable<Freshness['trust']>>(checked.map((c) => agedBy(c.verdict.freshness.trust, c.at, nowMs)));
  const statuses = checked.map((c) => agedBy(c.verdict.freshness.status, c.at, nowMs));
  // One person's authority without a status list on this device: the line says so.
  const statusAge = statuses.includes(null) ? null : oldestAge(statuses);
  // The warning goes by the older of the two: keys, or the status lists that turn codes yellow or red.
  const worst = trustAge && oldestAge([trustAge, ...statuses]);
  const level = ageLevel(worst, policy);
  // Named when every code is the same recognised authority's.
  const issuer = checked[0]?.verdict.issuer;
  const shared = checked.every((c) => c.verdict.issuer?.authority === issuer?.authority) ? issuer : undefined;
  const authority = useRecognisedAuthority(shared, i18n.lang);
  return (
    <>
      <p class={`verdict-age age-${level}`}>
        {trustAge ? i18n.t('data.keysUpdated', { ago: i18n.ago(trustAge.ageSeconds) }) : i18n.t('data.none')}
        {trustAge?.expired && ` · ${i18n.t('data.expired')}`}
      </p>
      <StatusAge authority={authority} age={trustAge ? statusAge : null} />
      {(level === 'warn' || level === 'stale') && worst && (
        <p class="verdict-note" data-age={level}>
          {i18n.t(level === 'stale' ? 'data.stale' : 'data.warn', { age: i18n.duration(worst.ageSeconds) })}
        </p>
      )}
    </>
  );
}

/**
 * The age of the status data a verdict was checked against: the code's own authority's chain
 * (gc1.md §6), named when it is a recognised authority's, so a guard sees when another region's
 * revocations are old or not on this device at all.
 */
function StatusAge({ authority, age }: { authority: { id: string; place: string | null } | null; age: DataAge | null }) {
  const { i18n } = useApp();
  const name = authority?.place ?? authority?.id;
  const text = !name
    ? age
      ? i18n.t('data.statusUpdated', { ago: i18n.ago(age.ageSeconds) })
      : i18n.t('data.noStatus')
    : age
      ? i18n.t('verdict.authorityStatus', { authority: name, ago: i18n.ago(age.ageSeconds) })
      : i18n.t('verdict.authorityNoStatus', { authority: name });
  return (
    <p class="verdict-age verdict-status-age" data-testid="verdict-status-age" data-authority={authority?.id}>
      {text}
    </p>
  );
}
