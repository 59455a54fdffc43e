import { describe, expect, it } from 'vitest';
import { createI18n, directionOf, pickLanguage } from './i18n.ts';

describe('holder languages', () => {
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
