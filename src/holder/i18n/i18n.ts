/**
 * The holder app's languages: 简体中文, English and two that visitors to a Chinese city use,
 * 한국어 and العربية (right to left). Its catalogs (key → message per language; en.ts is the
 * reference) run on core's one translation engine (core/i18n/translator.ts); the language
 * list is the catalogs' keys, so a new language is a catalog added to CATALOGS. Chosen from
 * the browser unless the person picked one; `Intl` formats times in the chosen language.
 */
import { createTranslator, directionOf, languagesOf, matchLanguage, type Catalog, type Translator } from '../../core/i18n/translator.ts';
import { ar } from './ar.ts';
import { en, type MessageKey } from './en.ts';
import { ko } from './ko.ts';
import { zhCN } from './zh-CN.ts';

const CATALOGS = { 'zh-CN': zhCN, en, ko, ar } satisfies Record<string, Catalog<MessageKey>>;

export type Lang = keyof typeof CATALOGS;
export const LANGS = languagesOf(CATALOGS);

/** A language's own name, as the switcher lists it. */
export function languageName(lang: Lang): string {
  return CATALOGS[lang]['language.name'];
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && Object.hasOwn(CATALOGS, value);
}

/** The first browser language we speak (any zh-* reads Simplified Chinese), else English. */
export function pickLanguage(browser: readonly string[]): Lang {
  return matchLanguage(LANGS, browser, 'en');
}

export { directionOf };

export interface I18n extends Translator<MessageKey> {
  lang: Lang;
  /** The live clock: hours, minutes, seconds. */
  clock(ms: number): string;
}

export function createI18n(lang: Lang): I18n {
  const clock = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  return { ...createTranslator<MessageKey>(lang, CATALOGS[lang]), lang, clock: (ms) => clock.format(ms) };
}

export type { MessageKey };
