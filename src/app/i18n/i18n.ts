/**
 * The app's two languages: picks one from the browser or the settings, fills {placeholders},
 * and formats dates, numbers and relative times with Intl in that language.
 */
import { en, type MessageKey } from './en.ts';
import { zhCN } from './zh-CN.ts';

/** A language the app speaks. */
export type Lang = 'zh-CN' | 'en';

const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** The first browser language we speak (any zh-* reads Simplified Chinese), else English. */
export function pickLanguage(preference: 'auto' | Lang, browser: readonly string[] = navigator.languages ?? [navigator.language]): Lang {
  if (preference !== 'auto') return preference;
  for (const tag of browser) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

/** Keys that come in plural forms (`<base>.one`, `<base>.other`…), by their base. */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}.other` ? Base : never }[MessageKey];

/** Translation and formatting bound to one language. */
export interface I18n {
  lang: Lang;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** The plural form for `count` (Intl.PluralRules), with {count} filled in as a formatted number. */
  plural(key: PluralKey, count: number, params?: Record<string, string | number>): string;
  /** Date and time, e.g. "27 Nov 2026, 14:03". Input: unix ms. */
  dateTime(ms: number): string;
  time(ms: number): string;
  number(n: number): string;
  /** "3 hours ago" style, from a duration in seconds ("just now" under 10 s). */
  ago(seconds: number): string;
  /** "3 hours" style, from a duration in seconds: the same units and words as ago(). */
  duration(seconds: number): string;
}

/** Builds the translator for `lang`; Intl formatters are made once here, not per call. */
export function createI18n(lang: Lang): I18n {
  const messages = MESSAGES[lang];
  const dateTimeFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const timeFormat = new Intl.DateTimeFormat(lang, { timeStyle: 'medium' });
  const numberFormat = new Intl.NumberFormat(lang);
  const relative = new Intl.RelativeTimeFormat(lang, { numeric: 'always' });
  const plurals = new Intl.PluralRules(lang);
  const unitOf = (seconds: number): [number, Intl.RelativeTimeFormatUnit] => {
    const s = Math.max(0, seconds);
    if (s < 60) return [Math.round(s), 'second'];
    if (s < 3600) return [Math.round(s / 60), 'minute'];
    if (s < 48 * 3600) return [Math.round(s / 3600), 'hour'];
    return [Math.round(s / 86400), 'day'];
  };
  const t = (key: MessageKey, params?: Record<string, string | number>) => {
    const template = messages[key] ?? en[key];
    return params ? template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : template;
  };
  return {
    lang,
    t,
    plural(key, count, params) {
      const form = `${key}.${plurals.select(count)}`;
      const chosen = (form in messages ? form : `${key}.other`) as MessageKey;
      return t(chosen, { ...params, count: numberFormat.format(count) });
    },
    dateTime: (ms) => dateTimeFormat.format(ms),
    time: (ms) => timeFormat.format(ms),
    number: (n) => numberFormat.format(n),
    ago(seconds) {
      // "0 seconds ago" and 现在 read badly in a sentence ("上次同步现在"): a word of our own.
      if (seconds < 10) return t('time.justNow');
      const [value, unit] = unitOf(seconds);
      return relative.format(-value, unit);
    },
    duration(seconds) {
      const [value, unit] = unitOf(seconds);
      return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
    },
  };
}
