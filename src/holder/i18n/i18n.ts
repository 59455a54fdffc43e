/**
 * The holder app's languages: 简体中文, English and two that visitors to a Chinese city use,
 * 한국어 and العربية (right to left). Chosen from the browser unless the person picked one;
 * `Intl` formats times in the chosen language.
 */
import { ar } from './ar.ts';
import { en, type MessageKey } from './en.ts';
import { ko } from './ko.ts';
import { zhCN } from './zh-CN.ts';

export const LANGS = ['zh-CN', 'en', 'ko', 'ar'] as const;
export type Lang = (typeof LANGS)[number];

/** Each language's own name, as the switcher lists it. */
export const LANG_NAMES: Record<Lang, string> = { 'zh-CN': '简体中文', en: 'English', ko: '한국어', ar: 'العربية' };

const MESSAGES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en, ko, ar };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** The first browser language we speak (any zh-* reads Simplified Chinese), else English. */
export function pickLanguage(browser: readonly string[]): Lang {
  for (const tag of browser) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
    if (lower.startsWith('ko')) return 'ko';
    if (lower.startsWith('ar')) return 'ar';
  }
  return 'en';
}

export function directionOf(lang: Lang): 'ltr' | 'rtl' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}

export interface I18n {
  lang: Lang;
  dir: 'ltr' | 'rtl';
  t(key: MessageKey, params?: Record<string, string | number>): string;
  dateTime(ms: number): string;
  /** The live clock: hours, minutes, seconds. */
  clock(ms: number): string;
}

export function createI18n(lang: Lang): I18n {
  const messages = MESSAGES[lang];
  // In a right-to-left language a filled-in name or reason in Latin letters would reorder
  // the sentence around it: each value is isolated (FSI … PDI), so it keeps its own direction.
  const isolate = directionOf(lang) === 'rtl' ? (value: string) => `\u2068${value}\u2069` : (value: string) => value;
  const dateTime = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const clock = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  return {
    lang,
    dir: directionOf(lang),
    t(key, params) {
      const template = messages[key] ?? en[key];
      return params ? template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? isolate(String(params[name])) : m)) : template;
    },
    // No-break spaces: a date and time never wraps in its middle on a narrow phone ("11:25 | PM", "12月1日 | 23:41").
    dateTime: (ms) => dateTime.format(ms).replace(/ /g, '\u00a0'),
    clock: (ms) => clock.format(ms),
  };
}

export type { MessageKey };
