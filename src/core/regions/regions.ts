/**
 * Administrative division names (GB/T 2260) in Chinese and English, from the generated
 * tables beside this file (`scripts/gen-regions.ts`). The provinces and prefecture-level
 * table is small and always here; the county-level table is ~38 KB gzipped and is loaded
 * on demand (`loadFullRegionTable()`), so a start-up bundle carries only the small one.
 * Without it a county code is named by its city (or province): never shown as a number.
 */
import { CITIES } from './cities.generated.ts';

export interface Region {
  readonly code: number;
  readonly zh: string;
  readonly en: string;
}

export interface RegionTable {
  readonly byCode: ReadonlyMap<number, Region>;
  /** True when county-level divisions are in the table. */
  readonly full: boolean;
}

/** 'zh', 'zh-CN', 'zh-Hans'… read Chinese; anything else English. */
export type RegionLang = string;

function parseChunk(chunk: string, into: Map<number, Region>): void {
  for (const item of chunk.split(';')) {
    const comma = item.indexOf(',');
    if (item.length < 8 || comma < 7) continue;
    const code = Number(item.slice(0, 6));
    into.set(code, { code, zh: item.slice(6, comma), en: item.slice(comma + 1) });
  }
}

/** A table from generated chunks ("<code><中文>,<English>;…"). */
export function parseRegions(chunks: readonly string[], full = false): RegionTable {
  const byCode = new Map<number, Region>();
  for (const chunk of chunks) parseChunk(chunk, byCode);
  return { byCode, full };
}

let cityTable: RegionTable | null = null;
/** Provinces and prefecture-level divisions (parsed once, on first use). */
export function cityRegionTable(): RegionTable {
  cityTable ??= parseRegions([CITIES]);
  return cityTable;
}

let fullTable: Promise<RegionTable> | null = null;
/** Every division down to county level; the county table is a separate chunk. */
export function loadFullRegionTable(): Promise<RegionTable> {
  fullTable ??= import('./districts.generated.ts').then((m) => parseRegions([CITIES, m.DISTRICTS], true));
  return fullTable;
}

function isRegionCode(code: number): boolean {
  return Number.isInteger(code) && code >= 100000 && code <= 999999;
}

const provinceOf = (code: number) => code - (code % 10000);
const cityOf = (code: number) => code - (code % 100);

/** The division itself, else its city, else its province; null for unknown provinces and non-codes. */
export function regionOf(code: number, table: RegionTable = cityRegionTable()): Region | null {
  if (!isRegionCode(code)) return null;
  return table.byCode.get(code) ?? table.byCode.get(cityOf(code)) ?? table.byCode.get(provinceOf(code)) ?? null;
}

/** The place's own name in `lang` (深圳市 / "Shenzhen" for 440300), with the fallbacks of `regionOf`. */
export function regionName(code: number, lang: RegionLang, table: RegionTable = cityRegionTable()): string | null {
  const region = regionOf(code, table);
  return region ? (lang.startsWith('zh') ? region.zh : region.en) : null;
}

/**
 * The place as a guard reads it, in both languages: a district within its city
 * (`深圳市南山区`, `Nanshan District, Shenzhen`), a city or province by itself.
 */
export function regionPlace(code: number, table: RegionTable = cityRegionTable()): { zh: string; en: string } | null {
  const region = regionOf(code, table);
  if (!region) return null;
  // A county is named within its city (a municipality's district within the municipality);
  // a city or a province stands by itself.
  const within = region.code % 100 !== 0 ? (table.byCode.get(cityOf(region.code)) ?? table.byCode.get(provinceOf(region.code))) : undefined;
  if (!within) return { zh: region.zh, en: region.en };
  return { zh: within.zh + region.zh, en: `${region.en}, ${within.en}` };
}

function sorted(regions: Iterable<Region>): Region[] {
  return [...regions].sort((a, b) => a.code - b.code);
}

/** The provinces, for the first step of a province → city → district picker. */
export function provinces(table: RegionTable = cityRegionTable()): Region[] {
  return sorted([...table.byCode.values()].filter((r) => r.code % 10000 === 0));
}

/**
 * The divisions one step below `code`: a province's cities (with the county-level cities
 * it governs directly; a municipality's districts, since it has no city level), a city's
 * districts. Districts need the full table.
 */
export function childrenOf(code: number, table: RegionTable = cityRegionTable()): Region[] {
  if (!isRegionCode(code)) return [];
  const all = [...table.byCode.values()];
  if (code % 10000 === 0) {
    const inProvince = all.filter((r) => r.code !== code && provinceOf(r.code) === code);
    const cities = inProvince.filter((r) => r.code % 100 === 0 || !table.byCode.has(cityOf(r.code)));
    return sorted(cities.some((r) => r.code % 100 === 0) ? cities : inProvince);
  }
  if (code % 100 === 0) return sorted(all.filter((r) => r.code !== code && cityOf(r.code) === code));
  return [];
}
