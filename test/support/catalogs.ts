/**
 * The check every app's language test runs on its catalogs (core/i18n/translator.ts's
 * shape: key → message per language, English the reference): every key in every language,
 * each plural form the language's Intl.PluralRules uses, no key the reference lacks, the
 * same {placeholders}, nothing empty, and no message left in English except the names
 * listed (product and brand names, language names, codes that are the same in every language).
 */
export function catalogProblems(
  reference: Readonly<Record<string, string>>,
  catalog: Readonly<Record<string, string | undefined>>,
  lang: string,
  sameAsEnglish: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  const holes = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  const forms = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
  const bases = Object.keys(reference)
    .filter((key) => key.endsWith('.other'))
    .map((key) => key.slice(0, -'.other'.length))
    .filter((base) => `${base}.one` in reference);
  const pluralForm = (key: string) => bases.find((base) => key.startsWith(`${base}.`) && !key.slice(base.length + 1).includes('.'));
  const wanted = new Set<string>();
  for (const key of Object.keys(reference)) if (!pluralForm(key)) wanted.add(key);
  for (const base of bases) for (const form of forms) wanted.add(`${base}.${form}`);
  for (const key of wanted) {
    const text = catalog[key];
    const english = reference[key] ?? reference[`${pluralForm(key)}.other`] ?? '';
    if (text === undefined) problems.push(`${lang}: ${key} is missing`);
    else if (text.trim() === '') problems.push(`${lang}: ${key} is empty`);
    else {
      if (JSON.stringify(holes(text)) !== JSON.stringify(holes(english))) problems.push(`${lang}: ${key} has other placeholders`);
      if (lang !== 'en' && text === english && !sameAsEnglish.includes(key)) problems.push(`${lang}: ${key} is still English`);
    }
  }
  for (const key of Object.keys(catalog))
    if (!wanted.has(key) && !(key in reference)) problems.push(`${lang}: ${key} is not a key of the reference`);
  return problems;
}
