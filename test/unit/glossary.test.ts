import { describe, expect, it } from 'vitest';
import { zhCN as scanner } from '../../src/app/i18n/zh-CN.ts';
import { zhCN as consoleZh } from '../../src/admin/i18n/zh-CN.ts';
import { ZH_OVERRIDE_REASONS, ZH_TERMS } from '../../src/core/glossary.ts';

describe('one Chinese glossary for the scanner and the console', () => {
  it('names decisions, overrides, revocation and colours with the same words on both', () => {
    for (const d of ['admit', 'refuse', 'refer'] as const) {
      expect(scanner[`decision.${d}`], d).toBe(ZH_TERMS[d]);
      expect(consoleZh[`decision.${d}`], d).toBe(ZH_TERMS[d]);
    }
    expect([consoleZh['stats.admitted'], consoleZh['stats.refused'], consoleZh['stats.referred']]).toEqual([
      ZH_TERMS.admit,
      ZH_TERMS.refuse,
      ZH_TERMS.refer,
    ]);
    expect(scanner['log.overridden']).toBe(consoleZh['stats.overridden']);
    expect(scanner['log.overridden']).toBe(consoleZh['entries.overridden']);
    expect(scanner['reason.revoked']).toContain(consoleZh['reason.revoked']);
    for (const [reason, text] of Object.entries(ZH_OVERRIDE_REASONS)) {
      expect(scanner[`override.reason.${reason}` as keyof typeof scanner]).toBe(text);
      expect(consoleZh[`overrideReason.${reason}` as keyof typeof consoleZh]).toBe(text);
    }
  });

  it('leaves none of the old competing words on the scanner', () => {
    const all = Object.values(scanner).join('\n');
    for (const old of ['转交', '人工处理', '被撤销', '负责人']) expect(all, old).not.toContain(old);
    // 通过 as the decision word (it stays in 已通过其他方式核实, "verified by other means").
    expect(Object.values(scanner).filter((v) => /^(已)?通过$/.test(v) || /[：:]\s*(已)?通过(\s|$|（)/.test(v))).toEqual([]);
  });

  it('uses the glossary in the console too: 吊销 for a revoked code (撤销 is undo there), 检查点 and 主管', () => {
    expect([consoleZh['review.state.revoked'], consoleZh['colour.revoked']]).toEqual([ZH_TERMS.revoked, ZH_TERMS.revoked]);
    const all = Object.values(consoleZh).join('\n');
    for (const old of ['转交', '人工处理', '被撤销', '负责人', '卡口', '撤销健康码']) expect(all, old).not.toContain(old);
  });
});
