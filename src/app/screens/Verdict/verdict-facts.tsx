/** What the guard compares on a verdict: masked name, ID hint, who issued it and where, expiry. */
import { useApp } from '../../hooks/app-context.ts';
import { useRegionLabel } from '../../hooks/use-region.ts';
import { issuerName } from '../../i18n/regions.ts';
import type { Verdict } from '../../../core/index.ts';
import type { VerdictView } from './verdict-view.ts';

export function VerdictFacts({ verdict, view }: { verdict: Verdict; view: VerdictView }) {
  const { i18n } = useApp();
  const holder = verdict.holder;
  const issuer = verdict.issuer;
  const region = useRegionLabel(holder?.region ?? 0, i18n.lang);
  if (!holder) return null;
  const expired = view.expiryKey === 'verdict.expiredOn';
  return (
    <dl class="verdict-facts">
      <div>
        <dt>{i18n.t('verdict.name')}</dt>
        <dd class="verdict-name" lang="zh-CN">
          {holder.name || '—'}
        </dd>
      </div>
      <div>
        <dt>{i18n.t('verdict.hint')}</dt>
        <dd class="verdict-hint">{holder.hint || '—'}</dd>
      </div>
      {issuer && (
        <div>
          <dt>{i18n.t('verdict.issuer')}</dt>
          <dd>
            {issuerName(issuer.name, i18n.lang) ?? issuer.kid}
            {region && ` · ${region}`}
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
