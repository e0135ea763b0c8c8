/**
 * How citizens name the body they complain about (issue 13 §1): names, abbreviations,
 * misspellings by sound, its officers, "the township", or no body at all. Each with the
 * body meant (directory code; 'any' when the words name no body) and a 事由 of that body's
 * own matter — so a router that ignored the accusation would send it to the accused body.
 * Used by bot/complaints/accused.test.ts and test/accused-variants.test.ts.
 */
export interface AccusedVariant {
  say: string;
  body: string;
  what: string;
  where?: string;
}

const MATTER: Record<string, string> = {
  scjg: '超市长期销售过期变质食品',
  wjj: '小诊所无证行医，给人乱打针',
  cgj: '路边商户占道经营，摊位摆满人行道',
  sthj: '化工厂夜里偷排废水，河水发黑',
  gaj: '路口经常有人酒后驾车飙车',
  township: '村里有人焚烧秸秆，烟很大',
  lcjd: '小区门口有人私搭乱建彩钢房',
  zjj: '工地夜间施工噪音很大',
  jtj: '黑出租车在车站门口拉客',
  yjj: '烟花爆竹店在居民楼下违规存放',
  zrzy: '有人在基本农田上盖房子',
  rsj: '工厂拖欠工人工资半年',
  wlj: '网吧接纳未成年人上网',
  swj: '有人在河道里非法采砂',
  nyj: '农资店卖假种子',
  sfj: '人民调解的时候明显偏袒对方',
  any: '罚款不开票，问依据也不说',
};

const v = (say: string, body: string, where?: string): AccusedVariant => ({
  say, body, what: MATTER[body] ?? MATTER[where ? 'township' : 'any']!, ...(where ? { where } : {}),
});

export const ACCUSED_VARIANTS: readonly AccusedVariant[] = [
  // 市场监督管理局
  v('市场监督局执法人员张某', 'scjg'),
  v('市监所的人', 'scjg'),
  v('市场监管的工作人员', 'scjg'),
  v('市场监督所王所长', 'scjg'),
  v('市监督局的', 'scjg'),
  v('工商所的', 'scjg'),
  v('食药监的检查人员', 'scjg'),
  v('市管局的人', 'scjg'),
  // 卫生健康局
  v('卫健委', 'wjj'),
  v('卫建委的人', 'wjj'),
  v('卫生监督所执法人员', 'wjj'),
  v('卫计委的领导', 'wjj'),
  // 城市管理综合行政执法局
  v('综合执法大队', 'cgj'),
  v('城管队员', 'cgj'),
  v('城管执法队的队长', 'cgj'),
  v('城官局的人', 'cgj'),
  // 生态环境分局
  v('环保局的人', 'sthj'),
  v('环保所', 'sthj'),
  v('生态环境部门执法人员', 'sthj'),
  v('环境监察大队', 'sthj'),
  // 公安分局
  v('交警', 'gaj'),
  v('派出所的', 'gaj'),
  v('交警队的辅警', 'gaj'),
  // townships
  v('乡政府的人', 'cpx', '茶棚乡某村'),
  v('镇政府执法队', 'tyz', '台营镇某村'),
  v('街道办的', 'lcjd'),
  // other departments
  v('住建委', 'zjj'),
  v('运管所', 'jtj'),
  v('路政的人', 'jtj'),
  v('安监局', 'yjj'),
  v('应急管理部门', 'yjj'),
  v('国土所', 'zrzy'),
  v('劳动监察大队', 'rsj'),
  v('文化执法大队', 'wlj'),
  v('水政监察', 'swj'),
  v('农业执法大队', 'nyj'),
  // the justice bureau itself
  v('司法所的工作人员', 'sfj'),
  // no body named
  v('执法人员', 'any'),
  v('那个局的领导', 'any'),
  v('税务局的人', 'any'),
];
