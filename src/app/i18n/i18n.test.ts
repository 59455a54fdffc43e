import { describe, expect, it } from 'vitest';
import { createI18n, pickLanguage } from './i18n.ts';
import { en } from './en.ts';
import { REASONS } from '../../core/index.ts';

describe('i18n', () => {
  it('picks Chinese for any zh tag, English otherwise, and honours the setting', () => {
    expect(pickLanguage('auto', ['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLanguage('auto', ['fr-FR', 'en-GB'])).toBe('en');
    expect(pickLanguage('auto', ['fr'])).toBe('en');
    expect(pickLanguage('en', ['zh-CN'])).toBe('en');
  });

  it('has words for every reason', () => {
    for (const reason of REASONS) expect(en).toHaveProperty(`reason.${reason}`);
  });

  it('fills placeholders and formats relative ages in each language', () => {
    const i = createI18n('en');
    expect(i.plural('sync.pending', 3)).toBe('3 entries waiting to upload');
    expect(i.plural('sync.pending', 1)).toBe('1 entry waiting to upload');
    expect(i.plural('log.shown', 1200)).toBe('Showing 1,200 entries');
    expect(createI18n('zh-CN').plural('sync.pending', 1)).toBe('1 条记录待上传');
    expect(i.ago(3)).toBe('just now');
    expect(createI18n('zh-CN').t('sync.lastOk', { ago: createI18n('zh-CN').ago(2) })).toBe('上次同步：刚刚');
    expect(i.duration(30 * 3600)).toBe('30 hours');
    expect(i.ago(3 * 3600)).toBe('3 hours ago');
    expect(createI18n('zh-CN').ago(3 * 3600)).toBe('3小时前');
  });
});
