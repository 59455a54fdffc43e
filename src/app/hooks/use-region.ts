import { useEffect, useState } from 'preact/hooks';
import { cityRegionTable, loadFullRegionTable, regionPlace, type RegionTable } from '../../core/regions/regions.ts';
import type { Lang } from '../i18n/i18n.ts';
import type { Verdict } from '../../core/index.ts';

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

/**
 * The issuing authority of a verdict's code when it is a recognised one (gc1.md §6), null for a
 * home code or an unknown issuer: `place` is its region's name (the issuer key's region; the
 * bundle names keys, not authorities), `id` the authority id from the bundle.
 */
export function useRecognisedAuthority(issuer: Verdict['issuer'], lang: Lang): { id: string; place: string | null } | null {
  const place = useRegionLabel(issuer && !issuer.home ? issuer.region : 0, lang);
  return issuer && !issuer.home ? { id: issuer.authority, place } : null;
}
