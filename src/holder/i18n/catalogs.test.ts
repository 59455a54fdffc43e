// Every key of the holder app exists in every language, in that language.
import { describe, expect, it } from 'vitest';
import { catalogProblems } from '../../../test/support/catalogs.ts';
import { ar } from './ar.ts';
import { en } from './en.ts';
import { LANGS } from './i18n.ts';
import { ko } from './ko.ts';
import { zhCN } from './zh-CN.ts';

const CATALOGS: Record<(typeof LANGS)[number], Readonly<Record<string, string | undefined>>> = { en, 'zh-CN': zhCN, ko, ar };

describe('holder catalogs', () => {
  it('have every key in every language, in that language', () => {
    expect(LANGS).toEqual(['zh-CN', 'en', 'ko', 'ar']);
    // Korean writes the same comma and space as English between a status's details.
    const punctuation = ['why.detailSep'];
    for (const lang of LANGS) expect(catalogProblems(en, CATALOGS[lang], lang, punctuation)).toEqual([]);
  });
});
