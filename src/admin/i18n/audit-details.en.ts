/** English strings of the audit log's details in words: the review rows and the other changes (spread into en.ts; zh-CN in audit-details.zh-CN.ts has every key). */
export const auditDetailsEn = {
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
  'audit.detail.codes': 'codes ({count}): {cids}',
  'audit.detail.noCodes': 'no unexpired code',
  'audit.detail.delta': 'status list {from} → {to}',
  'audit.detail.nowColour': 'now {colour}',
  'audit.detail.rule': '{rule}: {outcome}',
  'audit.detail.validity': 'codes valid for {days} days',
  'audit.detail.sep': '; ',
  'audit.detail.unchanged': 'nothing changed',

  'audit.detail.codesChanged': 'codes changed: {count}',
  'audit.detail.byStatus': '{status} {count}',
  'audit.detail.alreadySo': 'already so: {count}',
  'audit.detail.keptLater': 'later changes kept: {count}',
  'audit.detail.role': 'role: {role}',
  'audit.detail.roleChange': 'role: {from} → {to}',
  'audit.detail.passwordGenerated': 'a generated password (shown once)',
  'audit.detail.passwordChosen': 'a password chosen by the administrator',
  'audit.detail.demoCode': '{colour}, valid for {days} days',
  'audit.detail.trustSeq': 'trust data version {seq}',
  'audit.detail.usableUntil': 'usable until {when}',
  'audit.detail.changedFields': 'changed: {fields}',
  'audit.detail.paperCodes': 'paper codes: {how}',
} as const;

export type AuditDetailsMessageKey = keyof typeof auditDetailsEn;
