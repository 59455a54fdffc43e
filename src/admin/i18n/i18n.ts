/**
 * The console's two languages: chosen from the browser unless the administrator picked one
 * (kept in localStorage), {placeholders} filled, dates and numbers through Intl.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en, type MessageKey } from './en.ts';
import { zhCN } from './zh-CN.ts';

/** A language the console speaks. */
export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
/** Each language's name in itself, for the switcher. */
export const LANG_NAMES: Record<Lang, string> = { 'zh-CN': '简体中文', en: 'English' };

const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };
const STORAGE_KEY = 'gatecheck.admin.lang';

/** The stored choice, else the first browser language we speak (any zh-* reads Simplified Chinese), else English. */
export function initialLang(
  storage: Pick<Storage, 'getItem'> | null = globalThis.localStorage ?? null,
  browser: readonly string[] = navigator.languages,
): Lang {
  const stored = storage?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh-CN') return stored;
  const spoken = browser.map((tag) => tag.toLowerCase()).find((tag) => tag.startsWith('zh') || tag.startsWith('en'));
  return spoken?.startsWith('zh') ? 'zh-CN' : 'en';
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
export interface I18n {
  lang: Lang;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** Date and time from Unix ms, e.g. "27 Nov 2026, 14:03". */
  dateTime(ms: number): string;
  number(n: number): string;
  /** How long ago, e.g. "3 hours ago", from Unix ms and the current time. */
  ago(ms: number, nowMs: number): string;
}

/** Builds the translator; Intl formatters are made once per language. */
export function createI18n(lang: Lang): I18n {
  const messages = MESSAGES[lang];
  const dateTimeFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const numberFormat = new Intl.NumberFormat(lang);
  const relative = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  return {
    lang,
    t: (key, params) =>
      params ? messages[key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : messages[key],
    dateTime: (ms) => dateTimeFormat.format(ms),
    number: (n) => numberFormat.format(n),
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
