/**
 * The issuing-authority filter of the entries and statistics screens (gc1.md §6): this region's
 * authority and every authority its published trust bundle recognises, each named by the region
 * of its issuer keys (the bundle names keys, not authorities) with its id. Without a bundle (or
 * before it loads) only "any" is offered.
 */
import { cityRegionTable, regionPlace } from '../../core/regions/regions.ts';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.ts';
import { SelectField } from './fields.tsx';
import { useLoad } from './use-load.ts';

export function AuthorityField({ value, onChange }: { value: string; onChange(value: string): void }) {
  const { t, lang } = useI18n();
  const trust = useLoad(() => api.trust().catch(() => null), []);
  const bundle = trust.data;
  const options: [string, string][] = [['', t('entries.any')]];
  if (bundle) {
    const table = cityRegionTable();
    const regionOf = new Map<string, number>();
    for (const key of bundle.keys) if (key.use === 'issuer' && !regionOf.has(key.authority)) regionOf.set(key.authority, key.region);
    const ids = [bundle.authority, ...[...regionOf.keys()].filter((a) => a !== bundle.authority).sort()];
    for (const id of ids) {
      const place = regionPlace(regionOf.get(id) ?? 0, table);
      const name = place ? `${lang === 'zh-CN' ? place.zh : place.en} (${id})` : id;
      options.push([id, id === bundle.authority ? t('entries.authority.home', { name }) : name]);
    }
  }
  // A filter chosen before a bundle dropped the authority still shows as chosen.
  if (value && !options.some(([id]) => id === value)) options.push([value, value]);
  return <SelectField label={t('entries.authority')} name="authority" value={value} onChange={onChange} options={options} />;
}
