/**
 * The console's languages: its catalogs (key → message per language; en.ts is the
 * reference) on core's one translation engine (core/i18n/translator.ts), chosen from the
 * browser unless the administrator picked one (kept in localStorage). The language list is
 * the catalogs' keys: a new language is a catalog added to CATALOGS.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { createTranslator, languagesOf, matchLanguage, type Catalog, type Translator } from '../../core/i18n/translator.ts';
import { en, type MessageKey } from './en.ts';
import { zhCN } from './zh-CN.ts';

const CATALOGS = { 'zh-CN': zhCN, en } satisfies Record<string, Catalog<MessageKey>>;

/** A language the console speaks. */
export type Lang = keyof typeof CATALOGS;
export const LANGS = languagesOf(CATALOGS);

/** A language's name in itself, for the switcher. */
export function languageName(lang: Lang): string {
  return CATALOGS[lang]['language.name'];
}

const STORAGE_KEY = 'gatecheck.admin.lang';

function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && Object.hasOwn(CATALOGS, value);
}

/** The stored choice, else the first browser language we speak (any zh-* reads Simplified Chinese), else English. */
export function initialLang(
  storage: Pick<Storage, 'getItem'> | null = globalThis.localStorage ?? null,
  browser: readonly string[] = navigator.languages,
): Lang {
  const stored = storage?.getItem(STORAGE_KEY);
  return isLang(stored) ? stored : matchLanguage(LANGS, browser, 'en');
}

/** Remembers the administrator's choice for the next visit. */
export function storeLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Storage may be off (private mode); the choice then lasts for this page only.
  }
}

/** Translation and formatting in one language. */
export interface I18n extends Translator<MessageKey> {
  lang: Lang;
  /** How long ago, e.g. "3 hours ago", from Unix ms and the current time. */
  ago(ms: number, nowMs: number): string;
}

/** Builds the translator; Intl formatters are made once per language. */
export function createI18n(lang: Lang): I18n {
  const relative = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  return {
    ...createTranslator<MessageKey>(lang, CATALOGS[lang]),
    lang,
    ago(ms, nowMs) {
      const seconds = Math.max(0, (nowMs - ms) / 1000);
      if (seconds < 3600) return relative.format(-Math.round(seconds / 60), 'minute');
      if (seconds < 48 * 3600) return relative.format(-Math.round(seconds / 3600), 'hour');
      return relative.format(-Math.round(seconds / 86400), 'day');
    },
  };
}

/** The console's current translator (provided by the app shell). */
export const I18nContext = createContext<I18n>(createI18n('en'));

/** The current translator. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
