// The audit log's details in words, in both languages; unknown shapes fall back (null).
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../core/api/admin-accounts.ts';
import { en } from '../i18n/en.ts';
import { createI18n } from '../i18n/i18n.ts';
import { auditDetails, auditTarget, reviewAuditDetails } from './audit-details.ts';

const cid = 'AAECAwQFBgcICQoLDA0ODw';
const en_ = createI18n('en').t;
const zh = createI18n('zh-CN').t;

describe('review rows of the audit log', () => {
  it('names every action the server records, in both languages', () => {
    for (const action of AUDIT_ACTIONS) expect(`audit.action.${action}` in en, action).toBe(true);
  });

  it('says what was decided with the colour words, code ids and status-list seqs', () => {
    expect(reviewAuditDetails(en_, 'application.approve', { colour: 'yellow', cid })).toBe(`yellow, code id ${cid}`);
    expect(reviewAuditDetails(zh, 'application.approve', { colour: 'yellow', cid })).toBe(`黄码，码编号 ${cid}`);
    expect(reviewAuditDetails(zh, 'application.paper_code', { colour: 'green', cid })).toBe(`绿码，码编号 ${cid}`);
    expect(reviewAuditDetails(en_, 'application.reject', { reasonGiven: true })).toMatch(/^with a reason the applicant sees/);
    expect(reviewAuditDetails(en_, 'application.revoke', { cids: [cid, 'B'], from: 4, to: 6 })).toBe(
      `codes (2): ${cid}, B; status list 4 → 6`,
    );
    expect(reviewAuditDetails(zh, 'application.revoke', { cids: [] })).toBe('没有未过期的码');
    expect(reviewAuditDetails(zh, 'application.colour', { colour: 'red', cids: [cid], from: 6, to: 7 })).toBe(
      `现为红码；1 个码：${cid}；状态列表 6 → 7`,
    );
    const rules = { nothing: 'green', symptoms: 'queue', travel: 'yellow', contact: 'queue' };
    expect(reviewAuditDetails(en_, 'review.settings', { changed: ['travel', 'validityDays'], rules, validityDays: 5 })).toBe(
      'Travel declared: yellow at once; codes valid for 5 days',
    );
    expect(reviewAuditDetails(zh, 'review.settings', { changed: ['travel'], rules, validityDays: 5 })).toBe('申报离开本市：直接发黄码');
    expect(reviewAuditDetails(zh, 'review.settings', { changed: [], rules, validityDays: 5 })).toBe('没有更改');
  });

  it('returns null for other actions and for shapes it does not know, so the screen shows the raw details', () => {
    expect(reviewAuditDetails(en_, 'device.rename', {})).toBeNull();
    expect(reviewAuditDetails(en_, 'application.approve', { colour: 'purple', cid })).toBeNull();
    expect(reviewAuditDetails(en_, 'application.revoke', { cids: 'x' })).toBeNull();
    expect(reviewAuditDetails(en_, 'review.settings', { changed: ['fever'], rules: {} })).toBeNull();
  });

  it('names targets in the console language, never a whole UUID', () => {
    const uuid = '0b7c1e2a-4d5f-4a6b-8c9d-0e1f2a3b4c5d';
    const row = (action: string, target: string, details: Record<string, unknown> = {}, targetName?: string) => ({
      action,
      target,
      details,
      ...(targetName === undefined ? {} : { targetName }),
    });
    expect(auditTarget(zh, row('status.publish', '2 codes', { count: 2 }))).toBe('2 个码');
    expect(auditTarget(en_, row('status.undo', '3 codes', {}))).toBe('3 codes');
    expect(auditTarget(zh, row('status.undo', uuid, { count: 2 }))).toBe('2 个码');
    expect(auditTarget(zh, row('status.publish', cid, { count: 1 }, '王*明'))).toBe(`码 ${cid}（王*明）`);
    expect(auditTarget(en_, row('code.issue', cid))).toBe(`code ${cid}`);
    expect(auditTarget(en_, row('checkpoint.update', uuid, {}, 'North Gate'))).toBe('checkpoint North Gate');
    expect(auditTarget(zh, row('device.revoke', uuid, {}, '平板 1'))).toBe('设备 平板 1');
    expect(auditTarget(en_, row('device.rename', uuid))).toBe('device 0b7c1e2a');
    expect(auditTarget(zh, row('application.approve', uuid, {}, '王*明'))).toBe('王*明 的申请');
    expect(auditTarget(en_, row('review.settings', 'settings'))).toBe('review rules');
    expect(auditTarget(zh, row('trust.import', 'seq 4', { seq: 4 }))).toBe('信任数据第 4 版');
    expect(auditTarget(en_, row('account.create', 'alice'))).toBe('alice');
    expect(auditTarget(zh, row('person.status_proposed', '3 persons'))).toBe('3 人');
    const zhI = createI18n('zh-CN');
    expect(auditDetails(zhI, 'person.status_proposed', { proposal: uuid, kind: 'person', persons: 1, toRed: true, colour: 'red' })).toBe(
      '人数：1；现为红码',
    );
    expect(auditDetails(zhI, 'trace.run', { reason: 'case 7', days: 14, windowMinutes: 15, caseEntries: 3, contacts: 2 })).toBe(
      '病例 3 条记录，接触者 2 人；理由：case 7',
    );
    expect(auditDetails(zhI, 'person.status_rejected', { proposal: uuid })).toBe('');
    expect(auditTarget(zh, row('person.status', '王*明'))).toBe('人员 王*明');
  });

  it('says the other changes in words too: status batches, accounts, demo codes, trust, enrollment', () => {
    const enI = createI18n('en');
    const zhI = createI18n('zh-CN');
    expect(
      auditDetails(enI, 'status.publish', { batch: 'b', from: 3, to: 5, count: 2, unchanged: 1, byStatus: { red: 1, revoked: 1 } }),
    ).toBe('codes changed: 2; red 1; revoked 1; already so: 1; status list 3 → 5');
    expect(auditDetails(zhI, 'status.publish', { batch: 'b', from: 3, to: 4, count: 1, unchanged: 0, byStatus: { yellow: 1 } })).toBe(
      '更改的码：1 个；黄码 1 个；状态列表 3 → 4',
    );
    expect(auditDetails(enI, 'status.undo', { batch: 'b', from: 5, to: 7, count: 2, keptLaterChanges: 0 })).toBe(
      'codes changed: 2; status list 5 → 7',
    );
    expect(auditDetails(zhI, 'account.role', { account: 'x', from: 'viewer', to: 'reviewer' })).toBe(
      `角色：${zhI.t('role.viewer')} → ${zhI.t('role.reviewer')}`,
    );
    expect(auditDetails(enI, 'account.create', { account: 'x', role: 'operator' })).toBe('role: operator');
    expect(auditDetails(enI, 'account.password', { account: 'x', generated: true })).toBe('a generated password (shown once)');
    expect(auditDetails(zhI, 'code.issue', { colour: 'red', validDays: 3 })).toBe('红码，有效 3 天');
    expect(auditDetails(zhI, 'trust.import', { seq: 4 })).toBe('信任数据第 4 版');
    expect(auditDetails(enI, 'checkpoint.enrollment', { expiresMs: Date.UTC(2026, 11, 2, 9) })).toBe(
      `usable until ${enI.dateTime(Date.UTC(2026, 11, 2, 9))}`,
    );
    expect(auditDetails(enI, 'account.disable', { account: 'x' })).toBe('');
    const policy = { yellow: 'refer', warnAfter: 86400, staleAfter: 259200, acceptStatic: false, expiredTrust: 'admit' };
    expect(auditDetails(enI, 'checkpoint.create', { policy })).toBe(
      'yellow: refer to a supervisor; expired trust data: still admit valid green codes; warn after 24 h, strong warning after 72 h; paper codes: refer them to a supervisor',
    );
    expect(auditDetails(enI, 'checkpoint.update', { changed: ['name', 'site'] })).toBe('changed: Name, Site');
    expect(auditDetails(zhI, 'checkpoint.update', { changed: ['policy'], policy })).toMatch(/^更改了：.+；.+纸质码：/);
    // Unknown shapes and actions without words fall back to the raw details.
    expect(auditDetails(enI, 'status.publish', { count: 2, byStatus: { purple: 2 } })).toBeNull();
    expect(auditDetails(enI, 'checkpoint.update', { changed: ['colour'] })).toBeNull();
    expect(auditDetails(enI, 'checkpoint.create', { policy: { yellow: 'maybe' } })).toBeNull();
    expect(auditDetails(enI, 'something.new', {})).toBeNull();
  });
});
