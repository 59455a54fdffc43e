// Every key of the console exists in every language, in that language.
import { describe, expect, it } from 'vitest';
import { catalogProblems } from '../../../test/support/catalogs.ts';
import { en } from './en.ts';
import { LANGS } from './i18n.ts';
import { zhCN } from './zh-CN.ts';

const CATALOGS: Record<(typeof LANGS)[number], Readonly<Record<string, string | undefined>>> = { en, 'zh-CN': zhCN };

describe('console catalogs', () => {
  it('have every key in every language, in that language', () => {
    expect(LANGS).toEqual(['zh-CN', 'en']);
    // A line made only of placeholders (a person's application: state, date, duplicate mark) has no words to translate.
    const placeholdersOnly = ['person.application'];
    for (const lang of LANGS) expect(catalogProblems(en, CATALOGS[lang], lang, placeholdersOnly)).toEqual([]);
  });
});
