/** 简体中文 strings of the audit log's details in words; every key of audit-details.en.ts, checked by the compiler. */
import { ZH_TERMS } from '../../core/glossary.ts';
import type { AuditDetailsMessageKey } from './audit-details.en.ts';

export const auditDetailsZhCN: Record<AuditDetailsMessageKey, string> = {
  'audit.action.application.approve': '通过申请',
  'audit.action.application.reject': '驳回申请',
  'audit.action.application.revoke': '吊销申请的健康码',
  'audit.action.application.colour': '更改申请的健康码颜色',
  'audit.action.application.paper_code': '打印纸质健康码',
  'audit.action.review.settings': '更改审核规则',

  'audit.target.application': '申请',
  'audit.target.settings': '审核规则',
  'audit.detail.colourCode': `{colour}，${ZH_TERMS.codeId} {cid}`,
  'audit.detail.reasonGiven': '已写明理由，申请人可见（理由随申请保存，不记入此日志）',
  'audit.detail.codes': `{count} 个码：{cids}`,
  'audit.detail.noCodes': '没有未过期的码',
  'audit.detail.delta': `${ZH_TERMS.statusList} {from} → {to}`,
  'audit.detail.nowColour': '现为{colour}',
  'audit.detail.rule': '{rule}：{outcome}',
  'audit.detail.validity': '健康码有效期 {days} 天',
  'audit.detail.sep': '；',
  'audit.detail.unchanged': '没有更改',

  'audit.detail.codesChanged': '更改的码：{count} 个',
  'audit.detail.byStatus': '{status} {count} 个',
  'audit.detail.alreadySo': '本已如此：{count} 个',
  'audit.detail.keptLater': '保留后来的更改：{count} 项',
  'audit.detail.role': '角色：{role}',
  'audit.detail.roleChange': '角色：{from} → {to}',
  'audit.detail.passwordGenerated': '系统生成的密码（只显示一次）',
  'audit.detail.passwordChosen': '管理员设定的密码',
  'audit.detail.demoCode': '{colour}，有效 {days} 天',
  'audit.detail.trustSeq': `${ZH_TERMS.trustData}第 {seq} 版`,
  'audit.detail.usableUntil': '有效至 {when}',
  'audit.detail.changedFields': '更改了：{fields}',
  'audit.detail.paperCodes': '纸质码：{how}',
};
