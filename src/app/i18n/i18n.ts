/**
 * The scanner's languages: its catalogs (one per language, key → message; en.ts is the
 * reference) on core's one translation engine (core/i18n/translator.ts), plus the scanner's
 * own words for ages and durations. The language list is the catalogs' keys: a new
 * language is a new catalog file added to CATALOGS.
 */
import { createTranslator, lazily, languagesOf, matchLanguage, type Catalog, type Translator } from '../../core/i18n/translator.ts';
import { en, type MessageKey } from './en.ts';
import { zhCN } from './zh-CN.ts';

const CATALOGS = { 'zh-CN': zhCN, en } satisfies Record<string, Catalog<MessageKey>>;

/** A language the app speaks. */
export type Lang = keyof typeof CATALOGS;
export const LANGS = languagesOf(CATALOGS);

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && Object.hasOwn(CATALOGS, value);
}

/** A language's name in itself, for the settings screen. */
export function languageName(lang: Lang): string {
  return CATALOGS[lang]['language.name'];
}

/** The language set in the settings, else the first browser language we speak, else English. */
export function pickLanguage(preference: string, browser: readonly string[] = navigator.languages ?? [navigator.language]): Lang {
  return isLang(preference) ? preference : matchLanguage(LANGS, browser, 'en');
}

/** Translation and formatting bound to one language. */
export interface I18n extends Translator<MessageKey> {
  lang: Lang;
  time(ms: number): string;
  /** "3 hours ago" style, from a duration in seconds ("just now" under 10 s). */
  ago(seconds: number): string;
  /** "3 hours" style, from a duration in seconds: the same units and words as ago(). */
  duration(seconds: number): string;
}

const made = new Map<Lang, I18n>();

/** The translator for `lang`, made once per page (its formatters are made as they are first used). */
export function i18nFor(lang: Lang): I18n {
  let i18n = made.get(lang);
  if (!i18n) {
    i18n = createI18n(lang);
    made.set(lang, i18n);
  }
  return i18n;
}

/**
 * One use of each of `i18n`'s formatters, to run each in a task of its own before the first
 * render needs them (main.tsx, while the first trust data loads). Made in the first render's
 * task, the five loaded the language's ICU data there: 17 ms of CPU, 68 ms on Lighthouse's
 * 4x-throttled page, the longest part of that task.
 */
export function formatterWarmUps(i18n: I18n): (() => unknown)[] {
  return [() => i18n.number(1), () => i18n.plural('sync.pending', 2), () => i18n.time(0), () => i18n.ago(60), () => i18n.dateTime(0)];
}

/** Builds the translator for `lang`; each Intl formatter is made once, on first use, not per call. */
export function createI18n(lang: Lang): I18n {
  const translator = createTranslator<MessageKey>(lang, CATALOGS[lang]);
  const timeFormat = lazily(() => new Intl.DateTimeFormat(lang, { timeStyle: 'medium' }));
  const relative = lazily(() => new Intl.RelativeTimeFormat(lang, { numeric: 'always' }));
  const unitOf = (seconds: number): [number, Intl.RelativeTimeFormatUnit] => {
    const s = Math.max(0, seconds);
    if (s < 60) return [Math.round(s), 'second'];
    if (s < 3600) return [Math.round(s / 60), 'minute'];
    if (s < 48 * 3600) return [Math.round(s / 3600), 'hour'];
    return [Math.round(s / 86400), 'day'];
  };
  return {
    ...translator,
    lang,
    time: (ms) => timeFormat().format(ms),
    ago(seconds) {
      // "0 seconds ago" and 现在 read badly in a sentence ("上次同步现在"): a word of our own.
      if (seconds < 10) return translator.t('time.justNow');
      const [value, unit] = unitOf(seconds);
      return relative().format(-value, unit);
    },
    duration(seconds) {
      const [value, unit] = unitOf(seconds);
      return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
    },
  };
}
