/**
 * The one translation engine of the three apps (scanner, console, holder). A catalog is a
 * plain object, key → message, per language; `{name}` placeholders are filled from params
 * (each value isolated with FSI…PDI in a right-to-left language, so a Latin name keeps its
 * own direction); plurals are keys `<base>.<form>` for Intl.PluralRules' forms (`one`,
 * `other`, …), chosen by `plural(base, count)`, with `<base>.other` the form every language
 * has. Keys are typed by the reference catalog: a wrong or missing key does not compile, and
 * a key built from a value (`reason.${reason}`) compiles only when every value has its words.
 *
 * Pure: Intl is part of the language; no DOM, no storage (each app remembers the choice).
 */

export type Params = Readonly<Record<string, string | number>>;

/**
 * The bases of the plural keys of K: `sync.pending` for `sync.pending.one` and `.other` (the
 * reference language has both; `override.reason.other` alone is a reason named "other").
 */
export type PluralBase<K extends string> = BaseOf<K, K>;
type BaseOf<Each extends string, All extends string> = Each extends `${infer Base}.other`
  ? `${Base}.one` extends All
    ? Base
    : never
  : never;

/** Plural forms a language may not have (every language has `other`). */
type PluralForm = 'zero' | 'one' | 'two' | 'few' | 'many';
type OptionalForm<K extends string> = Extract<K, `${PluralBase<K>}.${PluralForm}`>;

/**
 * A language's catalog for the reference key set K: every key, except the plural forms its
 * language does not use (Chinese has no `one`; Arabic adds `zero`, `two`, `few`, `many`).
 */
export type Catalog<K extends string> = { readonly [P in Exclude<K, OptionalForm<K>>]: string } & {
  readonly [P in OptionalForm<K>]?: string;
};

export interface Translator<K extends string> {
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
  t(key: K, params?: Params): string;
  /** The plural form for `count`, with {count} filled in as a formatted number. */
  plural(base: PluralBase<K>, count: number, params?: Params): string;
  /** True when `key` is a message of this catalog (for keys that come from data). */
  has(key: string): key is K;
  number(n: number): string;
  /** Date and time from Unix ms, e.g. "27 Nov 2026, 14:03" (no-break spaces: it never wraps inside). */
  dateTime(ms: number): string;
}

// Primary language subtags written right to left.
const RTL = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'yi']);

export function directionOf(lang: string): 'ltr' | 'rtl' {
  return RTL.has(lang.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}

/** The languages of an app: the keys of its catalogs, in their order. */
export function languagesOf<C extends object>(catalogs: C): (keyof C & string)[] {
  return Object.keys(catalogs).filter((lang): lang is keyof C & string => lang in catalogs);
}

/**
 * The first browser language an app speaks: an exact tag, else the same primary language
 * (any zh-* reads zh-CN, en-GB reads en); `fallback` when none matches.
 */
export function matchLanguage<L extends string>(langs: readonly L[], browser: readonly string[], fallback: L): L {
  for (const tag of browser) {
    const lower = tag.toLowerCase();
    const exact = langs.find((lang) => lang.toLowerCase() === lower);
    if (exact) return exact;
    const primary = langs.find((lang) => lang.split('-')[0]!.toLowerCase() === lower.split('-')[0]);
    if (primary) return primary;
  }
  return fallback;
}

/**
 * `make()` on the first call, its result after. An Intl formatter loads its language's data when
 * it is made (the scanner's five: 17 ms of CPU on a fast core): each is made when first used,
 * so a screen pays only for the formatters it shows, and each in its own moment.
 */
export function lazily<T>(make: () => T): () => T {
  let made: { value: T } | null = null;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

/** A translator for `lang` over `messages` (a Catalog<K>: each app's CATALOGS check that with `satisfies`). */
export function createTranslator<K extends string>(lang: string, messages: Readonly<Partial<Record<K, string>>>): Translator<K> {
  const dir = directionOf(lang);
  const isolate = dir === 'rtl' ? (value: string) => `\u2068${value}\u2069` : (value: string) => value;
  const plurals = lazily(() => new Intl.PluralRules(lang));
  const numberFormat = lazily(() => new Intl.NumberFormat(lang));
  const dateTimeFormat = lazily(() => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }));
  const has = (key: string): key is K => Object.hasOwn(messages, key);
  const t = (key: K, params?: Params): string => {
    // Only a plural form the language lacks can be missing; its key says what was asked for.
    const template = messages[key] ?? key;
    return params ? template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? isolate(String(params[name])) : m)) : template;
  };
  return {
    lang,
    dir,
    t,
    has,
    plural(base, count, params) {
      const form = `${base}.${plurals().select(count)}`;
      const other = `${base}.other`;
      const key = has(form) ? form : has(other) ? other : null;
      return key === null ? base : t(key, { ...params, count: numberFormat().format(count) });
    },
    number: (n) => numberFormat().format(n),
    dateTime: (ms) => dateTimeFormat().format(ms).replace(/ /g, '\u00a0'),
  };
}
