import { describe, expect, it } from 'vitest';
import { createI18n, initialLang } from './i18n.ts';

describe('console languages', () => {
  it('follows a stored choice, else the first browser language it speaks', () => {
    const stored = (value: string | null) => ({ getItem: () => value });
    expect(initialLang(stored(null), ['zh-TW', 'en-US'])).toBe('zh-CN');
    expect(initialLang(stored(null), ['fr-FR', 'en-GB', 'zh-CN'])).toBe('en');
    expect(initialLang(stored(null), ['fr-FR'])).toBe('en');
    expect(initialLang(stored('zh-CN'), ['en-US'])).toBe('zh-CN');
    expect(initialLang(stored('klingon'), ['zh'])).toBe('zh-CN');
  });

  it('fills placeholders and formats with Intl in the chosen language', () => {
    const zh = createI18n('zh-CN');
    expect(zh.plural('entries.count', 12345)).toBe('共 12,345 条匹配记录');
    expect(createI18n('en').plural('entries.count', 1)).toBe('1 matching entry');
    expect(createI18n('en').plural('status.publish', 1)).toBe('Publish the change of 1 code');
    expect(createI18n('en').plural('status.publish', 2)).toBe('Publish the changes of 2 codes');
    expect(createI18n('en').t('codes.issued', { cid: 'AAAA' })).toBe('Demo code issued: cid AAAA');
    expect(createI18n('en').ago(Date.UTC(2026, 0, 1, 9), Date.UTC(2026, 0, 1, 12))).toBe('3 hours ago');
    expect(zh.ago(Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 4))).toBe('3天前');
  });
});
