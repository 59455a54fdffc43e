/**
 * What the guard compares on a verdict: masked name, ID hint, who issued it and where, expiry.
 * A code of a recognised authority (gc1.md §6) also names that authority and its region, so the
 * guard knows the code is another region's (a home code says nothing extra: that is the norm at
 * the gate). Everything the issuer wrote (names, the authority id) is isolated with <bdi>, so a
 * right-to-left or odd string cannot reorder the line around it.
 */
import { useApp } from '../../hooks/app-context.ts';
import { useRecognisedAuthority, useRegionLabel } from '../../hooks/use-region.ts';
import { authorityLabel, issuerName } from '../../i18n/regions.ts';
import type { Verdict } from '../../../core/index.ts';
import type { VerdictView } from './verdict-view.ts';

export function VerdictFacts({ verdict, view }: { verdict: Verdict; view: VerdictView }) {
  const { i18n } = useApp();
  const holder = verdict.holder;
  const issuer = verdict.issuer;
  const region = useRegionLabel(holder?.region ?? 0, i18n.lang);
  const authority = useRecognisedAuthority(issuer, i18n.lang);
  if (!holder) return null;
  const expired = view.expiryKey === 'verdict.expiredOn';
  return (
    <dl class="verdict-facts">
      <div>
        <dt>{i18n.t('verdict.name')}</dt>
        <dd class="verdict-name" lang="zh-CN" dir="auto">
          {holder.name || '—'}
        </dd>
      </div>
      <div>
        <dt>{i18n.t('verdict.hint')}</dt>
        <dd class="verdict-hint" dir="auto">
          {holder.hint || '—'}
        </dd>
      </div>
      {issuer && (
        <div>
          <dt>{i18n.t('verdict.issuer')}</dt>
          <dd>
            <bdi>{issuerName(issuer.name, i18n.lang) ?? issuer.kid}</bdi>
            {region && ` · ${region}`}
          </dd>
        </div>
      )}
      {authority && (
        <div data-testid="verdict-authority" data-authority={authority.id}>
          <dt>{i18n.t('verdict.authority')}</dt>
          <dd>
            <bdi>{authorityLabel(authority)}</bdi>
          </dd>
        </div>
      )}
      <div>
        <dt class="visually-hidden">{i18n.t('verdict.expiryLabel')}</dt>
        <dd class={expired ? 'verdict-problem' : undefined} data-expired={expired ? 'true' : undefined}>
          {expired && '⚠ '}
          {i18n.t(view.expiryKey, { date: i18n.dateTime(holder.exp * 1000) })}
        </dd>
      </div>
    </dl>
  );
}
