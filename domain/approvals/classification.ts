/**
 * 审批事项类型 → 对口监管部门 (M14 二「平台系统根据审批事项类型将审批决定分类汇入数据库，
 * 数据库向对口监管部门开放」). The plan names no list; this table is derived from the
 * approvals a district 行政审批局 typically issues (相对集中行政许可) and the directory's
 * keywords of each department (db/seed/directory.json): each kind is supervised after the
 * approval (事中事后监管) by the department whose enforcement covers the licensed activity.
 *
 * An approval is classified by its item name (审批事项名称): the kind with the longest
 * keyword found in it; failing that, the department whose directory keyword is longest
 * in the name (e.g. 「小作坊登记」 → 市场监管局 by its keyword 小作坊); failing that it is
 * unclassified and the approval bureau routes it by hand (分派).
 */
import type { Directory, Organisation } from '../organisation';

export interface ApprovalKind {
  code: string;
  label: string; // 审批事项类型
  supervisor: string; // organisation code of the 对口监管部门
  keywords: readonly string[]; // words of item names of this kind
}

export const APPROVAL_KINDS: readonly ApprovalKind[] = [
  { code: 'market', label: '市场主体及食品药品类', supervisor: 'scjg', keywords: ['营业执照', '市场主体登记', '食品经营许可', '食品生产许可', '食品小作坊', '药品零售', '药品经营许可', '医疗器械经营', '特种设备使用登记', '计量器具'] },
  { code: 'environment', label: '生态环境类', supervisor: 'sthj', keywords: ['排污许可', '环境影响评价', '环评', '危险废物经营许可', '辐射安全许可'] },
  { code: 'safety', label: '安全生产类', supervisor: 'yjj', keywords: ['危险化学品经营许可', '危险化学品', '烟花爆竹经营', '烟花爆竹', '非煤矿山安全', '安全设施设计审查'] },
  { code: 'construction', label: '建设工程及房地产类', supervisor: 'zjj', keywords: ['建筑工程施工许可', '施工许可', '商品房预售许可', '预售许可', '燃气经营许可', '房地产开发企业资质', '建筑业企业资质', '物业'] },
  { code: 'urban', label: '城市管理类', supervisor: 'cgj', keywords: ['建筑垃圾处置', '户外广告设施', '户外广告', '占用城市道路', '挖掘城市道路', '城市绿地', '砍伐城市树木', '临时占道'] },
  { code: 'health', label: '卫生健康类', supervisor: 'wjj', keywords: ['医疗机构执业许可', '医疗机构设置', '公共场所卫生许可', '放射诊疗许可', '母婴保健技术服务', '生活饮用水'] },
  { code: 'transport', label: '交通运输类', supervisor: 'jtj', keywords: ['道路运输经营许可', '道路旅客运输', '道路货物运输', '出租汽车', '网络预约出租汽车', '机动车维修', '机动车驾驶员培训', '超限运输', '涉路施工', '公路'] },
  { code: 'culture', label: '文化旅游类', supervisor: 'wlj', keywords: ['娱乐场所经营许可', '娱乐场所', '互联网上网服务', '营业性演出', '旅行社', '文物保护单位', '出版物零售', '卫星电视'] },
  { code: 'water', label: '水务类', supervisor: 'swj', keywords: ['取水许可', '河道采砂', '水土保持方案', '涉河建设', '洪水影响评价', '河道管理范围'] },
  { code: 'labour', label: '人力资源社会保障类', supervisor: 'rsj', keywords: ['劳务派遣经营许可', '劳务派遣', '人力资源服务许可', '职业介绍'] },
  { code: 'education', label: '教育类', supervisor: 'jyj', keywords: ['民办学校办学许可', '办学许可', '校外培训机构', '幼儿园'] },
  { code: 'civil', label: '民政类', supervisor: 'mzj', keywords: ['养老机构', '社会团体', '民办非企业单位', '社会组织', '殡葬', '公墓'] },
  { code: 'forestry', label: '林业类', supervisor: 'lyj', keywords: ['林木采伐许可', '林木采伐', '使用林地', '占用林地', '木材运输', '野生动物'] },
  { code: 'agriculture', label: '农业农村类', supervisor: 'nyj', keywords: ['农药经营许可', '农药', '兽药经营许可', '兽药', '种子生产经营许可', '种子', '动物防疫条件合格证', '生猪定点屠宰', '饲料', '渔业捕捞', '农作物'] },
  { code: 'land', label: '自然资源和规划类', supervisor: 'zrzy', keywords: ['乡村建设规划许可', '建设用地规划许可', '建设工程规划许可', '建设用地', '采矿许可', '临时用地', '测绘'] },
];

export type Classification =
  | { by: 'kind'; kind: ApprovalKind; orgId: number }
  | { by: 'keyword'; keyword: string; orgId: number }
  | { by: 'none' };

const longest = <T>(candidates: Array<{ value: T; len: number }>): T | undefined =>
  candidates.sort((a, b) => b.len - a.len)[0]?.value;

/** The kind and supervising department of an approval item, or none. */
export function classify(itemName: string, dir: Directory): Classification {
  const name = itemName.normalize('NFKC').trim();
  const hits = APPROVAL_KINDS.flatMap((k) => k.keywords.filter((w) => name.includes(w)).map((w) => ({ value: k, len: w.length })));
  const kind = longest(hits);
  const org = kind && dir.byCode(kind.supervisor);
  if (kind && org) return { by: 'kind', kind, orgId: org.id };
  const byKeyword = longest(
    dir.all
      .filter((o) => o.kind === 'department')
      .flatMap((o) => o.keywords.filter((w) => w.length >= 2 && name.includes(w)).map((w) => ({ value: { keyword: w, org: o }, len: w.length }))),
  );
  return byKeyword ? { by: 'keyword', keyword: byKeyword.keyword, orgId: byKeyword.org.id } : { by: 'none' };
}

export const kindByCode = (code: string | null | undefined): ApprovalKind | undefined => APPROVAL_KINDS.find((k) => k.code === code);

/** The supervising departments of the table, as organisations of the directory. */
export function supervisingDepartments(dir: Directory): Organisation[] {
  return [...new Set(APPROVAL_KINDS.map((k) => k.supervisor))].flatMap((c) => dir.byCode(c) ?? []);
}
