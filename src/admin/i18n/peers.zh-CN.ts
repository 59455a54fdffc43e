import type { Catalog } from '../../core/i18n/translator.ts';
import type { peersEn } from './peers.en.ts';

/** 简体中文：信任数据页中"互认地区"和"转发状态"部分（并入 zh-CN.ts）。 */
export const peersZhCN: Catalog<keyof typeof peersEn> = {
  'peers.authoritiesTitle': '互认地区',
  'peers.authoritiesHelp':
    '本地区互认其健康码的各地区，以及其每个密钥的指纹。信任其健康码之前，请通过电话或当面与对方地区管理台上的指纹逐一核对。',
  'peers.authority': '地区',
  'peers.home': '（本地区）',
  'peers.fingerprint': '指纹',
  'peers.noAuthorities': '尚未发布信任数据，因此没有互认地区。',
  'peers.relayTitle': '转发的其他地区状态',
  'peers.relayHelp':
    '本服务器拉取各互认地区的状态变更（以 --peer 启动），原样转给本地区的扫码设备。连续 {hours} 小时未成功拉取即视为过期。',
  'peers.noPeers': '本服务器未转发其他地区的状态（以 --peer ID=URL 启动）。',
  'peers.url': '对方服务器',
  'peers.lastPull': '上次成功拉取',
  'peers.never': '从未',
  'peers.position': '本地序号',
  'peers.lag': '落后对方',
  'peers.behind.other': '{count} 条变更',
  'peers.unknown': '尚不知道',
  'peers.stale': '已过期：该地区的状态已超过 {hours} 小时未更新，其健康码可能显示旧的颜色。',
  'peers.lastError': '上次失败：{error}',
};
