import { describe, expect, it } from 'vitest';
import { ar } from './ar.ts';
import { en } from './en.ts';
import { createI18n, directionOf, pickLanguage } from './i18n.ts';
import { ko } from './ko.ts';
import { zhCN } from './zh-CN.ts';

describe('holder languages', () => {
  it('every language has every key, each non-empty, with the same {placeholders}', () => {
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const dictionary of [zhCN, ko, ar]) {
      expect(Object.keys(dictionary).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(dictionary)) {
        expect(text.trim(), key).not.toBe('');
        expect(holes(text), key).toEqual(holes(en[key as keyof typeof en]));
      }
    }
  });
  it('picks from the browser: any zh is Simplified Chinese, ko, ar; English otherwise', () => {
    expect(pickLanguage(['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLanguage(['fr-FR', 'ko-KR'])).toBe('ko');
    expect(pickLanguage(['ar-EG'])).toBe('ar');
    expect(pickLanguage(['de'])).toBe('en');
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('ko')).toBe('ltr');
  });
  it('fills placeholders', () => {
    expect(createI18n('en').t('show.hint', { hint: '1234' })).toBe('ID ending in 1234');
    expect(createI18n('ar').dir).toBe('rtl');
    // A Latin value inside Arabic text keeps its own direction.
    expect(createI18n('ar').t('status.title', { name: 'John Smith' })).toBe('الطلب: \u2068John Smith\u2069');
  });
});
