/**
 * A region code (GB/T 2260) as a reviewer reads it: the place in the console's language
 * (深圳市南山区 / "Nanshan District, Shenzhen") with the code after it. The county table is
 * loaded once, on first use; until then (or if it fails) a county is named by its city.
 */
import { useEffect, useState } from 'preact/hooks';
import { cityRegionTable, loadFullRegionTable, regionPlace, type RegionTable } from '../../core/regions/regions.ts';
import { useI18n } from '../i18n/i18n.ts';

function useRegionTable(): RegionTable {
  const [table, setTable] = useState<RegionTable>(cityRegionTable);
  useEffect(() => {
    let current = true;
    loadFullRegionTable().then(
      (full) => current && setTable(full),
      () => undefined, // the city table stays: still a name, never only a number
    );
    return () => {
      current = false;
    };
  }, []);
  return table;
}

export function RegionName({ code }: { code: number }) {
  const { lang } = useI18n();
  const place = regionPlace(code, useRegionTable());
  return (
    <>
      {place ? `${lang === 'zh-CN' ? place.zh : place.en} ` : null}
      <span class="review-id">{place ? `(${code})` : code}</span>
    </>
  );
}
