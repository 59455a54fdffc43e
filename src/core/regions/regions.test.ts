import { describe, expect, it } from 'vitest';
import { childrenOf, cityRegionTable, loadFullRegionTable, provinces, regionName, regionOf, regionPlace } from './regions.ts';

describe('regions', () => {
  it('names a city in both languages', () => {
    expect(regionName(440300, 'zh-CN')).toBe('深圳市');
    expect(regionName(440300, 'en')).toBe('Shenzhen');
    expect(regionPlace(440300)).toEqual({ zh: '深圳市', en: 'Shenzhen' });
  });

  it('names provinces with their English suffix words and established names', () => {
    expect(regionName(440000, 'en')).toBe('Guangdong Province');
    expect(regionName(610000, 'en')).toBe('Shaanxi Province');
    expect(regionName(140000, 'en')).toBe('Shanxi Province');
    expect(regionName(150000, 'en')).toBe('Inner Mongolia Autonomous Region');
    expect(regionName(450000, 'en')).toBe('Guangxi Zhuang Autonomous Region');
    expect(regionName(810000, 'en')).toBe('Hong Kong SAR');
    expect(regionName(110000, 'zh')).toBe('北京市');
  });

  it('falls back to the city, then the province, without the county table or for an unknown county', async () => {
    expect(regionName(440305, 'zh-CN')).toBe('深圳市');
    expect(regionName(449999, 'en')).toBe('Guangdong Province');
    expect(regionName(440399, 'en')).toBe('Shenzhen');
    const full = await loadFullRegionTable();
    expect(full.full).toBe(true);
    expect(regionName(440305, 'zh-CN', full)).toBe('南山区');
    expect(regionName(440305, 'en', full)).toBe('Nanshan District');
    expect(regionPlace(440305, full)).toEqual({ zh: '深圳市南山区', en: 'Nanshan District, Shenzhen' });
    expect(regionPlace(110105, full)).toEqual({ zh: '北京市朝阳区', en: 'Chaoyang District, Beijing' });
    expect(regionName(440399, 'zh-CN', full)).toBe('深圳市');
  });

  it('has no name for what is not a region code', () => {
    for (const code of [0, 99, 1_000_000, 440300.5, Number.NaN, 990000]) expect(regionOf(code)).toBeNull();
  });

  it('lists province → city → district for a picker', async () => {
    const list = provinces();
    expect(list).toHaveLength(34);
    expect(list[0]).toEqual({ code: 110000, zh: '北京市', en: 'Beijing' });
    const cities = childrenOf(440000).map((r) => r.code);
    expect(cities).toContain(440300);
    expect(cities.every((c) => c % 100 === 0)).toBe(true);
    // county-level cities under the province directly are listed with its cities
    expect(childrenOf(410000).map((r) => r.zh)).toContain('济源市');
    const full = await loadFullRegionTable();
    expect(childrenOf(440300, full).map((r) => r.zh)).toContain('南山区');
    expect(childrenOf(440300, full).map((r) => r.zh)).not.toContain('市辖区');
    // a municipality has no city level: its districts come straight after it
    expect(childrenOf(110000, full).map((r) => r.zh)).toContain('朝阳区');
    expect(childrenOf(440305, full)).toEqual([]);
    expect(cityRegionTable().byCode.size).toBeLessThan(450);
    expect(full.byCode.size).toBeGreaterThan(3000);
  });
});
