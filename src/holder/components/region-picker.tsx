/**
 * Where the applicant lives: province → city → district, from core's GB/T 2260 tables
 * (src/core/regions; the county table is a lazy chunk, loaded when this picker opens and
 * precached by the holder's service worker). The value is the deepest code chosen. Place
 * names are Chinese in the Chinese interface and English (pinyin) in the others.
 */
import { useEffect, useState } from 'preact/hooks';
import { childrenOf, cityRegionTable, loadFullRegionTable, provinces, type Region, type RegionTable } from '../../core/regions/regions.ts';
import type { I18n } from '../i18n/i18n.ts';

const provinceOf = (code: number) => code - (code % 10000);
const cityOf = (code: number) => code - (code % 100);

export function RegionPicker(props: { i18n: I18n; value: string; onChange(code: string): void; problem: string | null; id: string }) {
  const { i18n } = props;
  const [table, setTable] = useState<RegionTable>(cityRegionTable());
  useEffect(() => {
    let live = true;
    void loadFullRegionTable().then((full) => live && setTable(full));
    return () => {
      live = false;
    };
  }, []);
  const name = (r: Region) => (i18n.lang === 'zh-CN' ? r.zh : r.en);
  const code = /^\d{6}$/.test(props.value) ? Number(props.value) : 0;
  const province = code ? provinceOf(code) : 0;
  const cities = province ? childrenOf(province, table) : [];
  // A municipality lists districts straight under the province: those count as the city step.
  const city =
    code && cities.some((c) => c.code === cityOf(code) || c.code === code)
      ? cities.find((c) => c.code === code)
        ? code
        : cityOf(code)
      : 0;
  const districts = city && city % 100 === 0 ? childrenOf(city, table) : [];
  const district = districts.some((d) => d.code === code) ? code : 0;
  const describedBy = `${props.id}-hint${props.problem ? ` ${props.id}-problem` : ''}`;

  const select = (label: string, id: string, value: number, options: Region[], onPick: (code: number) => void) => (
    <label class="field" for={id}>
      <span>{label}</span>
      <select
        id={id}
        value={value ? String(value) : ''}
        aria-describedby={describedBy}
        aria-invalid={props.problem ? 'true' : undefined}
        onChange={(e) => onPick(Number((e.currentTarget as HTMLSelectElement).value))}
      >
        <option value="">{i18n.t('field.choose')}</option>
        {options.map((r) => (
          <option key={r.code} value={String(r.code)}>
            {name(r)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <fieldset class="region" data-region={props.value}>
      <legend>{i18n.t('field.region')}</legend>
      <p class="hint" id={`${props.id}-hint`}>
        {i18n.t('field.regionHint')}
      </p>
      {select(i18n.t('field.province'), `${props.id}-province`, province, provinces(table), (c) => props.onChange(c ? String(c) : ''))}
      {cities.length ? select(i18n.t('field.city'), `${props.id}-city`, city, cities, (c) => props.onChange(String(c || province))) : null}
      {districts.length
        ? select(i18n.t('field.district'), `${props.id}-district`, district, districts, (c) => props.onChange(String(c || city)))
        : null}
      {props.problem ? (
        <p class="problem" id={`${props.id}-problem`}>
          {props.problem}
        </p>
      ) : null}
    </fieldset>
  );
}
