/**
 * The 简体中文 words the scanner and the admin console share, once: a guard and the
 * administrator who reads their entries must see the same word for the same thing
 * (before this, 通过/放行, 转交/转负责人, 人工处理/人工改判 and 已被撤销/已吊销 differed).
 * Both dictionaries (`src/app/i18n/zh-CN.ts`, `src/admin/i18n/zh-CN.ts`) build their
 * entries for these terms from here. Plain data: no DOM, nothing else.
 */
export const ZH_TERMS = {
  /** Decisions, as the big word on the verdict and in every count. */
  admit: '放行',
  refuse: '拒绝',
  refer: '转主管',
  admitted: '已放行',
  refused: '已拒绝',
  referred: '已转主管',
  /** A guard's decision against the verdict. */
  override: '人工改判',
  overridden: '已人工改判',
  /** A code or a device the issuer or the administrator withdrew. */
  revoked: '已吊销',
  green: '绿码',
  yellow: '黄码',
  red: '红码',
  supervisor: '主管',
  entries: '通行记录',
  checkpoint: '检查点',
  codeId: '码编号',
  trustData: '信任数据',
  statusList: '状态列表',
  enroll: '登记',
} as const;

/** The reasons a guard may give for an override (core's OVERRIDE_REASONS), in Chinese. */
export const ZH_OVERRIDE_REASONS = {
  supervisor_approved: '主管已批准',
  verified_otherwise: '已通过其他方式核实',
  scanner_fault: '扫码器或显示故障',
  id_mismatch: '姓名或证件不符',
  person_unwell: '当事人似有不适',
  other: '其他',
} as const;
