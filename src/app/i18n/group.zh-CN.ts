/** 简体中文 strings of the group verdict (spread into zh-CN.ts). */
import type { Catalog } from '../../core/i18n/translator.ts';
import { ZH_TERMS } from '../../core/glossary.ts';
import type { groupEn } from './group.en.ts';

export const groupZhCN: Catalog<keyof typeof groupEn> = {
  'group.title': '同行 {count} 人',
  'group.headline.admit': '同行人员全部可以进入。',
  'group.headline.refer': `同行人员中有人需要${ZH_TERMS.supervisor}处理：整组等候。`,
  'group.headline.refuse': '同行人员中有人不能进入：整组暂不放行。请看下面每个人的结果。',
  'group.members': '同行人员',
  'group.colour.green': ZH_TERMS.green,
  'group.colour.yellow': ZH_TERMS.yellow,
  'group.colour.red': ZH_TERMS.red,
  'group.colour.none': '码无法识别',
  'group.row.repeat': '已在记录中',
  'group.row.notLogged': '未能保存：{error}',
  'group.row.open': '详情',
  'group.row.openLabel': '{name}的详情',
  'group.announce': '同行 {count} 人：{word}。{headline}',
};
