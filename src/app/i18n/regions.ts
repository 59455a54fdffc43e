/** Names the app shows for who issued a code (regions: `src/core/regions/`). */
import type { Lang } from './i18n.ts';

/** The issuer's display name in `lang`, else English, else any it has. */
export function issuerName(names: Record<string, string>, lang: Lang): string | null {
  return names[lang] ?? names[lang.split('-')[0]!] ?? names.en ?? names['zh-CN'] ?? Object.values(names)[0] ?? null;
}
