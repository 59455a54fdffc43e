// The review rows of the audit log in words, in both languages; unknown shapes fall back (null).
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../core/api/admin-accounts.ts';
import { en } from '../i18n/en.ts';
import { createI18n } from '../i18n/i18n.ts';
import { reviewAuditDetails, reviewAuditTargetKind } from './audit-details.ts';

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
    expect(reviewAuditDetails(en_, 'application.revoke', { cids: [cid, 'B'], from: 4, to: 6 })).toBe(`2 codes: ${cid}, B; status list 4 → 6`);
    expect(reviewAuditDetails(zh, 'application.revoke', { cids: [] })).toBe('没有未过期的码');
    expect(reviewAuditDetails(zh, 'application.colour', { colour: 'red', cids: [cid], from: 6, to: 7 })).toBe(`现为红码；1 个码：${cid}；状态列表 6 → 7`);
    const rules = { nothing: 'green', symptoms: 'queue', travel: 'yellow', contact: 'queue' };
    expect(reviewAuditDetails(en_, 'review.settings', { changed: ['travel', 'validityDays'], rules, validityDays: 5 })).toBe('Travel declared: yellow at once; codes valid for 5 days');
    expect(reviewAuditDetails(zh, 'review.settings', { changed: ['travel'], rules, validityDays: 5 })).toBe('申报离开本市：直接发黄码');
    expect(reviewAuditDetails(zh, 'review.settings', { changed: [], rules, validityDays: 5 })).toBe('没有更改');
  });

  it('returns null for other actions and for shapes it does not know, so the screen shows the raw details', () => {
    expect(reviewAuditDetails(en_, 'device.rename', {})).toBeNull();
    expect(reviewAuditDetails(en_, 'application.approve', { colour: 'purple', cid })).toBeNull();
    expect(reviewAuditDetails(en_, 'application.revoke', { cids: 'x' })).toBeNull();
    expect(reviewAuditDetails(en_, 'review.settings', { changed: ['fever'], rules: {} })).toBeNull();
    expect([reviewAuditTargetKind('application.reject'), reviewAuditTargetKind('review.settings'), reviewAuditTargetKind('device.revoke')]).toEqual(['application', 'settings', null]);
  });
});
