import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildRegionModules, englishName, OUTPUT } from '../../scripts/gen-regions.ts';

describe('generated region tables', () => {
  it('equal the generator output from the installed dataset (run `npx tsx scripts/gen-regions.ts`)', () => {
    const built = buildRegionModules();
    for (const key of ['cities', 'districts'] as const) {
      expect(readFileSync(new URL(`../../${OUTPUT[key]}`, import.meta.url), 'utf8'), OUTPUT[key]).toBe(built[key]);
    }
  });

  it('renders suffix words the same way everywhere', () => {
    expect(englishName('440305', '南山区')).toBe('Nanshan District');
    expect(englishName('130321', '青龙满族自治县')).toBe('Qinglong Manchu Autonomous County');
    expect(englishName('610100', '西安市')).toBe("Xi'an");
    expect(englishName('222400', '延边朝鲜族自治州')).toBe('Yanbian Korean Autonomous Prefecture');
    expect(englishName('150724', '鄂温克族自治旗')).toBe('Ewenki Autonomous Banner');
    expect(englishName('410104', '管城回族区')).toBe('Guancheng Hui District');
    expect(englishName('810001', '中西区')).toBe('Central and Western District');
  });
});
