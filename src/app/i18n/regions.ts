/** Names the app shows for who issued a code (regions: `src/core/regions/`). */
import type { Lang } from './i18n.ts';

/** The issuer's display name in `lang`, else English, else any it has. */
export function issuerName(names: Record<string, string>, lang: Lang): string | null {
  return names[lang] ?? names[lang.split('-')[0]!] ?? names.en ?? names['zh-CN'] ?? Object.values(names)[0] ?? null;
}

/**
 * A recognised authority as the guard reads it: its region's name with its id, or the id alone
 * when the region is not one we can name.
 */
export function authorityLabel(authority: { id: string; place: string | null }): string {
  return authority.place ? `${authority.place} (${authority.id})` : authority.id;
}
