/**
 * Deterministic Chinese personal names for the fictional demo district: index i always gives the same
 * name, and different indices below SURNAMES × GIVEN give different names.
 */
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤',
];
const GIVEN = [
  '伟',
  '芳',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '勇',
  '杰',
  '涛',
  '明',
  '超',
  '霞',
  '平',
  '刚',
  '建华',
  '志强',
  '海燕',
  '国庆',
  '德明',
  '永刚',
  '春梅',
  '晓东',
  '建国',
  '文斌',
  '丽华',
  '新民',
  '红梅',
  '淑珍',
  '振华',
  '学军',
  '立新',
  '少华',
  '玉梅',
  '宏伟',
  '家明',
  '子涵',
  '浩然',
  '思远',
  '雨萱',
  '欣怡',
  '晨曦',
  '俊杰',
  '秀英',
  '桂英',
  '玉兰',
  '桂芳',
  '建军',
  '国华',
  '志刚',
  '红霞',
  '小燕',
  '卫东',
  '爱民',
  '海涛',
  '金凤',
  '长青',
  '光明',
  '运来',
];
const SPACE = SURNAMES.length * GIVEN.length;
// A prime that shares no factor with SPACE walks every (surname, given name) pair once.
const STRIDE = 7919;

export function personName(i: number): string {
  const p = (i * STRIDE) % SPACE;
  return `${SURNAMES[p % SURNAMES.length]}${GIVEN[Math.floor(p / SURNAMES.length)]}`;
}

export const DISTINCT_NAMES = SPACE;
