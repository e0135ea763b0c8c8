/** 移送 案件编号: the officer drafts a transfer step by step; the head approves it after. */
import {
  type AttachedMaterial, GROUND_LABEL, MATERIAL_LABEL, ROUTE_LABEL, type TransferFacts, type TransferGround, type TransferRoute,
  materialsOf, requiredMaterials, routeBetween,
} from '../../domain/cases/transfer';
import { EXTRA_ORG } from '../../domain/cases/access';
import { type OrderTerms, concernsCase, meets } from '../../domain/cases/order';
import { yesNoStep } from '../steps';
import { type Filled, type Flow, boundedText, done, invalid, isConfirm, next, needs } from '../flow';
import type { Turn } from '../turn';
import { submitTransfer } from './actions';
import { type MaterialFile, materialFilesText, takeMaterialFiles } from './transfer-files';

export interface TransferDraft {
  caseNo: string;
  fromOrgId: number;
  /** Bodies to offer first (police, the router's guesses), never the sender. */
  suggestions: number[];
  /** Open orders to transfer (责令限期移送) against the sending body. */
  openOrders?: OrderTerms[];
  /** The urgency recorded with the finding of jurisdiction (管辖): not asked again. */
  urgentOnRecord?: boolean;
  toOrgId?: number;
  route?: TransferRoute;
  ground?: TransferGround;
  reason?: string;
  urgent?: boolean;
  materials: AttachedMaterial[];
  /** Files sent at the material steps, each as the material asked at the time. */
  files?: MaterialFile[];
  decisionNo?: string | null;
  superior?: string | null;
  orderNo?: string | null;
}

const NONE = '无';
const YES = '是，情况紧急（24小时内）';
const NO = '否（3个工作日内）';
const NOT_ORDERED = '不是';
const SUBMIT = '提交审批';

const GROUNDS_OF: Record<TransferRoute, TransferGround[]> = {
  'township-district': ['jurisdiction', 'law', 'facts', 'amount'],
  competence: ['law', 'facts', 'amount'],
  criminal: ['crime'],
};

/** The answers a transfer's facts are made of: the steps from the materials on need them. */
const ROUTED = ['toOrgId', 'route', 'ground', 'reason'] as const;
type Routed = Filled<TransferDraft, (typeof ROUTED)[number]>;

const facts = (d: Routed): TransferFacts => ({
  caseNo: d.caseNo, fromOrgId: d.fromOrgId, toOrgId: d.toOrgId, route: d.route, ground: d.ground, reason: d.reason,
  urgent: d.urgent ?? false, materials: d.materials, decisionNo: d.decisionNo ?? null, superior: d.superior ?? null, orderNo: d.orderNo ?? null,
});

/**
 * The orders the officer may declare this transfer answers: those known only by their facts
 * whose body this transfer goes to (or the police). An order naming this case by number
 * needs no declaration.
 */
const declarable = (d: Routed, t: Turn): OrderTerms[] =>
  (d.openOrders ?? []).filter((o) => !o.caseNo && meets(o, { ...facts(d), orderNo: o.orderNo }, t.services.directory).ok);

/** The step after the materials: criminal details, the order it answers, or the summary. */
function afterMaterials(d: Routed, t: Turn) {
  if (d.route === 'criminal' && d.decisionNo === undefined) return next('decision', d);
  return declarable(d, t).length ? next('order', d) : next('confirm', d);
}

/** How the summary reads the orders concerning this transfer: met by it, or not. */
function orderLines(d: Routed, t: Turn): string[] {
  const dir = t.services.directory;
  return (d.openOrders ?? []).filter((o) => concernsCase(o, facts(d))).map((o) => {
    const m = meets(o, facts(d), dir);
    return m.ok ? `执行责令限期移送：${o.orderNo}` : `注意：本次移送不能执行 ${o.orderNo}——${m.reason}`;
  });
}

export const transferFlow: Flow<TransferDraft, 'to' | 'ground' | 'reason' | 'urgent' | 'material' | 'decision' | 'superior' | 'order' | 'confirm'> = {
  name: 'case-transfer',
  title: '案件移送',
  help: '正在起草案件移送：选择接收单位、说明理由、逐项申报移送材料，提交后由本单位负责人审批。发送“返回”修改上一项，“取消”放弃。',
  first: 'to',
  steps: {
    to: {
      prompt: (d, t) => ({
        text: `【案件移送】案件 ${d.caseNo}：移送给哪个单位？（区职能部门、乡镇，或涉嫌犯罪的移送公安机关）`,
        options: d.suggestions.map((id) => t.services.directory.name(id)),
      }),
      answer(text, d, t) {
        const dir = t.services.directory;
        const to = dir.find(text, (o) => o.kind !== 'authority');
        if (!to) return invalid('未找到该单位，请写出单位全称或常用简称（如：市场监管局、台营镇、公安）。');
        const from = dir.byId(d.fromOrgId)!;
        const route = routeBetween(from, to, EXTRA_ORG.police);
        if (!route.ok) return invalid(route.reason);
        const base = { ...d, toOrgId: to.id, route: route.value, materials: [], urgent: false, orderNo: null };
        return route.value === 'criminal' ? next('reason', { ...base, ground: 'crime' as const }) : next('ground', base);
      },
    },
    ground: needs(['route'], {
      prompt: (d) => ({
        text: `移送类别：${ROUTE_LABEL[d.route]}。请选择移送理由：`,
        options: GROUNDS_OF[d.route].map((g) => GROUND_LABEL[g]),
      }),
      answer(text, d) {
        const g = GROUNDS_OF[d.route].find((x) => GROUND_LABEL[x] === text.trim());
        return g ? next('reason', { ...d, ground: g }) : invalid('请从选项中选择移送理由。');
      },
    }),
    reason: {
      prompt: () => ({ text: '请具体说明移送理由（涉及的法律法规、事实情节或金额）：' }),
      answer(text, d) {
        const v = boundedText(text, 4, 500, '移送理由');
        if (!v.ok) return invalid(v.reason);
        const draft = { ...d, reason: v.value };
        if (d.route !== 'township-district') return next('material', draft);
        return d.urgentOnRecord === undefined ? next('urgent', draft) : next('material', { ...draft, urgent: d.urgentOnRecord });
      },
    },
    urgent: yesNoStep({
      ask: '情况是否紧急？（紧急的须在24小时内移送，否则在发现之日起3个工作日内）', yes: YES, no: NO,
      then: (urgent, d) => next('material', { ...d, urgent }),
    }),
    /** One material per turn, in the route's order. */
    material: needs(ROUTED, {
      prompt: (d) => {
        const list = materialsOf(d.route);
        const m = list[d.materials.length]!;
        const required = requiredMaterials(d.route).includes(m);
        return {
          text: `【移送材料 ${d.materials.length + 1}/${list.length}】${MATERIAL_LABEL[m]}：请填写文号或名称${required ? '（必备）' : '；没有请回复“无”'}。可同时发送该材料的文件（PDF、Office 文档、扫描件或照片）。`,
          ...(required ? {} : { options: [NONE] }),
        };
      },
      answer(text, d, t) {
        const list = materialsOf(d.route);
        const m = list[d.materials.length]!;
        const none = /^(无|没有)$/.test(text.trim());
        if (none && requiredMaterials(d.route).includes(m)) return invalid(`${MATERIAL_LABEL[m]}是必备材料，缺少时不能移送。请先制作，或发送“取消”。`);
        const v = none ? null : boundedText(text, 2, 200, MATERIAL_LABEL[m]);
        if (v && !v.ok) return invalid(v.reason);
        // Declared absent: files sent for it are not kept with the transfer (pruned after a day; README, readings).
        const files = (d.files ?? []).filter((f) => v || f.material !== m);
        const fileIds = files.filter((f) => f.material === m).map((f) => f.ref.id);
        const draft = { ...d, files, materials: [...d.materials, { material: m, title: v ? v.value : null, ...(fileIds.length ? { fileIds } : {}) }] };
        return draft.materials.length < list.length ? next('material', draft) : afterMaterials(draft, t);
      },
      async files(offer, d) {
        const m = materialsOf(d.route)[d.materials.length]!;
        const r = await takeMaterialFiles(offer, m, d.files ?? []);
        return { notes: r.notes, ...(r.files ? { data: { ...d, files: r.files } } : {}) };
      },
    }),
    decision: needs(ROUTED, {
      prompt: () => ({ text: '是否已作出行政处罚决定？已作出的请填写决定书文号（将一并抄送）；未作出的回复“无”，待刑事处理结果后再决定。', options: [NONE] }),
      answer(text, d) {
        if (/^(无|没有|未作出)$/.test(text.trim())) return next('superior', { ...d, decisionNo: null });
        const v = boundedText(text, 2, 100, '决定书文号');
        return v.ok ? next('superior', { ...d, decisionNo: v.value }) : invalid(v.reason);
      },
    }),
    superior: needs(ROUTED, {
      prompt: () => ({ text: '涉嫌犯罪案件须报上一级行政执法机关。请填写上一级机关名称（如：秦皇岛市市场监督管理局）：' }),
      answer(text, d, t) {
        const v = boundedText(text, 2, 100, '上一级行政执法机关');
        if (!v.ok) return invalid(v.reason);
        const draft = { ...d, superior: v.value };
        return declarable(draft, t).length ? next('order', draft) : next('confirm', draft);
      },
    }),
    order: needs(ROUTED, {
      prompt: (d, t) => {
        const dir = t.services.directory;
        const offered = declarable(d, t);
        return {
          text: ['本单位有只写明案情、待执行的责令限期移送。本次移送的是否为其中所指的案件？', ...offered.map((o) => `${o.orderNo}（${dir.name(o.issuerOrgId)}）：${o.caseRef}`)].join('\n'),
          options: [...offered.map((o) => o.orderNo), NOT_ORDERED],
        };
      },
      answer(text, d, t) {
        const a = text.trim().toUpperCase();
        if (text.trim() === NOT_ORDERED) return next('confirm', { ...d, orderNo: null });
        return declarable(d, t).some((o) => o.orderNo === a) ? next('confirm', { ...d, orderNo: a }) : invalid('请从选项中选择。');
      },
    }),
    confirm: needs(ROUTED, {
      prompt: (d, t) => {
        const dir = t.services.directory;
        const f = facts(d);
        return {
          text: [
            '请核对移送内容（将以本单位名义移送）：',
            `移送单位：${dir.name(f.fromOrgId)}`,
            `接收单位：${dir.name(f.toOrgId)}`,
            `类别：${ROUTE_LABEL[f.route]}${f.urgent ? '（情况紧急）' : ''}`,
            `理由：${GROUND_LABEL[f.ground]}。${f.reason}`,
            ...f.materials.map((m) => `${MATERIAL_LABEL[m.material]}：${m.title ?? '无'}${materialFilesText(d.files ?? [], m.material)}`),
            ...(f.route === 'criminal' ? [`行政处罚决定书：${f.decisionNo ?? '尚未作出'}`, `报上一级机关：${f.superior}`] : []),
            ...orderLines(d, t),
          ].join('\n'),
          options: [SUBMIT, '取消'],
        };
      },
      async answer(text, d, t) {
        if (!isConfirm(text, SUBMIT)) return invalid(`请回复“${SUBMIT}”，或发送“返回”修改、“取消”放弃。`);
        const r = await submitTransfer(t, facts(d));
        return r.ok ? done({ text: r.value, options: [`查询 ${d.caseNo}`] }) : done({ text: `未能提交：${r.reason}` });
      },
    }),
  },
};

/** The bodies to offer for a case: the router's guesses and the police, never the sender itself. */
export async function transferSuggestions(t: Turn, summary: string, fromOrgId: number): Promise<number[]> {
  const routed = t.services.router.route(summary, '');
  const police = t.services.directory.byCode(EXTRA_ORG.police)?.id;
  const all = [...(routed ? [routed.orgId, ...routed.alternatives.map((a) => a.orgId)] : []), ...(police ? [police] : [])];
  return [...new Set(all)].filter((id) => id !== fromOrgId);
}
