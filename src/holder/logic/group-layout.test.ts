import { describe, expect, it } from 'vitest';
import { CARD_BORDER, FRAME_END, FRAME_SIDE, GAP, groupLayout } from './group-layout.ts';

const phone = { width: 390, height: 844, above: 130, cardChrome: 70 };

describe('groupLayout', () => {
  it('stacks two codes in one column, nearly the full width (not 2 x 122 px side by side)', () => {
    const layout = groupLayout({ ...phone, count: 2 });
    expect(layout.columns).toBe(1);
    // Limited by height: (844 - 130 - 14 - 8) / 2 - 70 = 276.
    expect(layout.qrCss).toBe(276);
  });

  it('puts three or four codes in two columns, each still in view', () => {
    for (const count of [3, 4]) {
      const layout = groupLayout({ ...phone, count });
      expect(layout.columns).toBe(2);
      expect(layout.qrCss).toBe(Math.floor((390 - 2 * FRAME_SIDE - GAP) / 2 - 2 * CARD_BORDER));
      const rows = Math.ceil(count / layout.columns);
      const used = phone.above + rows * (layout.qrCss + phone.cardChrome) + (rows - 1) * GAP + FRAME_END;
      expect(used).toBeLessThanOrEqual(phone.height);
    }
  });

  it('gives one code the width, and never a negative side', () => {
    expect(groupLayout({ ...phone, count: 1 })).toEqual({ columns: 1, qrCss: 390 - 2 * FRAME_SIDE - 2 * CARD_BORDER });
    expect(groupLayout({ ...phone, count: 0 }).columns).toBe(1);
    expect(groupLayout({ width: 100, height: 100, above: 200, cardChrome: 70, count: 3 }).qrCss).toBe(0);
  });

  it('on a landscape tablet, goes wide', () => {
    const layout = groupLayout({ width: 1024, height: 700, above: 130, cardChrome: 70, count: 3 });
    expect(layout.columns).toBe(3);
  });
});
