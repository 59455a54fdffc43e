/** English strings of the review rows of the audit log (spread into en.ts; zh-CN in audit-review.zh-CN.ts has every key). */
export const auditReviewEn = {
  'audit.action.application.approve': 'approved an application',
  'audit.action.application.reject': 'rejected an application',
  'audit.action.application.revoke': 'revoked an application’s codes',
  'audit.action.application.colour': 'changed an application’s colour',
  'audit.action.application.paper_code': 'printed a paper code',
  'audit.action.review.settings': 'changed the review rules',

  'audit.target.application': 'application',
  'audit.target.settings': 'review rules',
  'audit.detail.colourCode': '{colour}, code id {cid}',
  'audit.detail.reasonGiven': 'with a reason the applicant sees (kept with the application, not here)',
  'audit.detail.codes': '{count} codes: {cids}',
  'audit.detail.noCodes': 'no unexpired code',
  'audit.detail.delta': 'status list {from} → {to}',
  'audit.detail.nowColour': 'now {colour}',
  'audit.detail.rule': '{rule}: {outcome}',
  'audit.detail.validity': 'codes valid for {days} days',
  'audit.detail.sep': '; ',
  'audit.detail.unchanged': 'nothing changed',
} as const;

export type AuditReviewMessageKey = keyof typeof auditReviewEn;
