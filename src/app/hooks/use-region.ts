import { useEffect, useState } from 'preact/hooks';
import { cityRegionTable, loadFullRegionTable, regionPlace, type RegionTable } from '../../core/regions/regions.ts';
import type { Lang } from '../i18n/i18n.ts';

let loaded: RegionTable | null = null;

/**
 * A code's region as a place name for the guard: 深圳市 in Chinese, "深圳市 · Shenzhen" in
 * English (the Chinese as printed on the holder's code, then its English name); null for 0
 * and unknown codes (never the number). County codes are named by their city until the
 * county table (a lazy chunk) has loaded, then by the county within its city.
 */
export function useRegionLabel(code: number, lang: Lang): string | null {
  const [table, setTable] = useState<RegionTable>(loaded ?? cityRegionTable());
  useEffect(() => {
    if (table.full || code % 100 === 0 || code <= 0) return;
    let live = true;
    void loadFullRegionTable().then((full) => {
      loaded = full;
      if (live) setTable(full);
    });
    return () => {
      live = false;
    };
  }, [code, table]);
  const place = regionPlace(code, table);
  if (!place) return null;
  return lang === 'zh-CN' ? place.zh : `${place.zh} · ${place.en}`;
}
