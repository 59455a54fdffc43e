import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from './en.ts';
import { createI18n, initialLang } from './i18n.ts';
import { zhCN } from './zh-CN.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('console languages', () => {
  it('follows a stored choice, else the first browser language it speaks', () => {
    const stored = (value: string | null) => ({ getItem: () => value });
    expect(initialLang(stored(null), ['zh-TW', 'en-US'])).toBe('zh-CN');
    expect(initialLang(stored(null), ['fr-FR', 'en-GB', 'zh-CN'])).toBe('en');
    expect(initialLang(stored(null), ['fr-FR'])).toBe('en');
    expect(initialLang(stored('zh-CN'), ['en-US'])).toBe('zh-CN');
    expect(initialLang(stored('klingon'), ['zh'])).toBe('zh-CN');
  });

  it('has every string in Chinese with the same placeholders', () => {
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(zhCN[key].trim().length, key).toBeGreaterThan(0);
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('fills placeholders and formats with Intl in the chosen language', () => {
    const zh = createI18n('zh-CN');
    expect(zh.t('entries.count', { count: zh.number(12345) })).toBe('共 12,345 条匹配记录');
    expect(createI18n('en').t('codes.issued', { cid: 'AAAA' })).toBe('Demo code issued: cid AAAA');
    expect(createI18n('en').ago(Date.UTC(2026, 0, 1, 9), Date.UTC(2026, 0, 1, 12))).toBe('3 hours ago');
    expect(zh.ago(Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 4))).toBe('3天前');
  });
});
