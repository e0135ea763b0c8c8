/**
 * The drafting dialogues of M9. Every answered item is saved to the assessment at once, so
 * a person may stop at any step (暂存, 取消, or just leave) and continue in another sitting —
 * or a colleague may: the dialogue keeps only the record number and the answer in hand.
 */
import * as A from '../../domain/assessment';
import { type Assessment, DIMENSIONS, GRADES, type Grade, isGrade } from '../../domain/assessment';
import type { Reply } from '../../domain/ports';
import { type Answer, type Flow, type Step, done, invalid, isConfirm, next, needs } from '../flow';
import type { Turn } from '../turn';
import { change, loadDraft, reopenWord, submitAssessment, whereItStands } from './actions';
import { periodLabel, progressLines, summaryLines, titleOf } from './render';

const SAVE = '暂存退出';
const CONTINUE = '继续填写';
const SUBMIT = '提交审核';
const FINISH = '完成并查看汇总';
const ADD_MORE = '继续添加';

const isSave = (text: string) => /^(暂存|暂存退出|保存|保存退出)$/.test(text.trim());

export interface DraftRef {
  recordNo: string;
}

/** The draft of the dialogue, or how the dialogue ends (it was submitted meanwhile, say). */
async function draft(t: Turn, d: DraftRef): Promise<{ ok: true; a: Assessment } | { ok: false; answer: Answer<never, never> }> {
  const a = await loadDraft(t, d.recordNo);
  if (!a.ok) return { ok: false, answer: done({ text: a.reason }) };
  if (a.value.status !== 'draft') return { ok: false, answer: done({ text: whereItStands(a.value, t.services.directory) }) };
  return { ok: true, a: a.value };
}

/** 暂存: ends the dialogue; a partial answer in hand (a score, an officer and grade) is kept first. */
async function saved(t: Turn, d: DraftRef, part?: { key: string; score?: number; grade?: Grade }): Promise<Answer<never, never>> {
  if (part) {
    const r = await change(t, d.recordNo, (x) => A.holdAnswer(x, part));
    if (!r.ok) return invalid(r.reason);
  }
  const a = await t.store.assessments.byRecordNo(d.recordNo);
  const left = a ? A.missing(a) : [];
  const word = a ? reopenWord(a) : '自评';
  return done({
    text: `已暂存 ${d.recordNo}${a?.kind === 'self' ? `（已填写 ${DIMENSIONS.length - left.length}/${DIMENSIONS.length} 项）` : ''}。随时发送“${word}”继续填写。`,
    options: [word],
  });
}

async function submitted(t: Turn, d: DraftRef): Promise<Answer<never, never>> {
  const r = await submitAssessment(t, d.recordNo);
  return r.ok ? done({ text: r.value }) : invalid(r.reason);
}

/** Prompt lines shared by the menus: title, a pending return's reason. */
function header(t: Turn, a: Assessment): string[] {
  return [titleOf(a, t.services.directory), ...(a.returned ? [`负责人退回理由：${a.returned.reason}`] : [])];
}

// ── 考核自评: the six dimensions, each a score step and an evidence step ──

export interface SelfDraft extends DraftRef {
  score?: number;
}

/** The menu, and a score and an evidence step for each dimension (score-1, evidence-1 …). */
type SelfStep = 'menu' | `score-${number}` | `evidence-${number}`;
const scoreStep = (i: number) => `score-${i + 1}` as const;
const evidenceStep = (i: number) => `evidence-${i + 1}` as const;

/** After dimension i is saved: the next unanswered one (from i on, wrapping), else the summary. */
function after(a: Assessment, i: number): SelfStep {
  for (let k = 1; k <= DIMENSIONS.length; k++) {
    const j = (i + k) % DIMENSIONS.length;
    if (!A.isFilled(a, DIMENSIONS[j]!.key)) return scoreStep(j);
  }
  return 'menu';
}

function dimensionSteps(i: number): Record<Exclude<SelfStep, 'menu'>, Step<SelfDraft, SelfStep>> {
  const dim = DIMENSIONS[i]!;
  const head = `【自评 ${i + 1}/${DIMENSIONS.length}】${dim.label}`;
  return {
    [scoreStep(i)]: {
      async prompt(d, t) {
        const a = await t.store.assessments.byRecordNo(d.recordNo);
        const item = a?.items.find((x) => x.key === dim.key);
        return { text: [head, item ? `（当前：${item.score}分）` : '', `请给出自评分（0–${A.SCORE_MAX} 的整数）。发送“暂存”保存并退出。`].filter(Boolean).join('\n') };
      },
      async answer(text, d, t) {
        if (isSave(text)) return saved(t, d);
        const s = A.parseScore(text);
        return s.ok ? next(evidenceStep(i), { ...d, score: s.value }) : invalid(s.reason);
      },
    },
    [evidenceStep(i)]: {
      async prompt(d, t) {
        const a = await t.store.assessments.byRecordNo(d.recordNo);
        const item = a?.items.find((x) => x.key === dim.key);
        return {
          text: [
            `【自评 ${i + 1}/${DIMENSIONS.length}】${dim.short}：${d.score}分`,
            item ? `（当前依据：${item.note}）` : '',
            '请简述依据和佐证材料（如：制度文件、培训和学法记录、案卷评查结果、复议诉讼数据）。发送“暂存”保存并退出。',
          ].filter(Boolean).join('\n'),
        };
      },
      async answer(text, d, t) {
        if (isSave(text)) return saved(t, d, { key: dim.key, score: d.score });
        const current = await draft(t, d);
        if (!current.ok) return current.answer;
        const r = await change(t, d.recordNo, (a) => A.setItem(a, { key: dim.key, score: d.score, note: text }));
        if (!r.ok) return invalid(r.reason);
        return next(after(r.value, i), { recordNo: d.recordNo });
      },
    },
  };
}

export const selfAssessmentFlow: Flow<SelfDraft, SelfStep> = {
  name: 'self-assessment',
  title: '年度考核自评',
  help: '正在填写年度考核自评：逐项给出自评分和依据，每项填写后即保存；发送“暂存”退出，之后发送“自评”继续；全部填写后可查看汇总并提交负责人审核。',
  first: 'menu',
  steps: {
    menu: {
      async prompt(d, t): Promise<Reply> {
        const a = await t.store.assessments.byRecordNo(d.recordNo);
        if (!a) return { text: `未找到 ${d.recordNo}。` };
        const left = A.missing(a);
        if (!left.length) {
          return {
            text: [...header(t, a), '全部考核项目已填写，请核对汇总：', ...summaryLines(a), `确认无误请选择“${SUBMIT}”；修改某项请发送“修改 序号”，如：修改 3。`].join('\n'),
            options: [SUBMIT, SAVE],
          };
        }
        const filled = DIMENSIONS.length - left.length;
        return {
          text: [
            ...header(t, a),
            filled ? `已填写 ${filled}/${DIMENSIONS.length} 项，本次从“${left[0]}”继续：` : `按方案规定的考核内容共 ${DIMENSIONS.length} 项，逐项给出自评分（0–100）和依据：`,
            ...progressLines(a),
            '可随时发送“暂存”保存退出；发送“修改 序号”修改已填写的项目。',
          ].join('\n'),
          options: [CONTINUE, SAVE],
        };
      },
      async answer(text, d, t) {
        const a = text.trim();
        if (isSave(a)) return saved(t, d);
        const current = await draft(t, d);
        if (!current.ok) return current.answer;
        const m = a.normalize('NFKC').match(/^修改\s*(?:第\s*)?(\d)\s*项?$/);
        if (m) {
          const i = Number(m[1]) - 1;
          return i >= 0 && i < DIMENSIONS.length ? next(scoreStep(i), { recordNo: d.recordNo }) : invalid(`请写 1–${DIMENSIONS.length} 的序号，如：修改 3。`);
        }
        if (a === CONTINUE || a === '继续') {
          const left = DIMENSIONS.findIndex((dim) => !A.isFilled(current.a, dim.key));
          if (left < 0) return invalid(`已全部填写，请选择“${SUBMIT}”。`);
          // A score kept by 暂存 is not asked again: on to its evidence.
          const held = current.a.items.find((x) => x.key === DIMENSIONS[left]!.key)?.score;
          return held !== undefined ? next(evidenceStep(left), { recordNo: d.recordNo, score: held }) : next(scoreStep(left), { recordNo: d.recordNo });
        }
        if (isConfirm(a, SUBMIT) || a === '提交') return submitted(t, d);
        return invalid(`请选择“${CONTINUE}”“${SUBMIT}”或“${SAVE}”，或发送“修改 序号”。`);
      },
    },
    ...Object.assign({}, ...DIMENSIONS.map((_, i) => dimensionSteps(i))),
  },
};

// ── 考核评议: officer by officer, a grade and a comment each ──

export interface OfficersDraft extends DraftRef {
  name?: string;
  grade?: Grade;
}

/** Officers of the unit known to the bot (with a name) and not evaluated yet, as suggestions. */
async function suggestions(t: Turn, a: Assessment): Promise<string[]> {
  const names: string[] = a.items.filter((i) => i.pending).map((i) => i.key); // kept by 暂存, to finish first
  for (const id of await t.store.people.staffOf(a.orgId, ['officer'])) {
    const n = (await t.store.people.displayName(id))?.trim();
    if (n && n.length >= 2 && n.length <= A.MAX_NAME && !a.items.some((i) => i.key === n) && !names.includes(n)) names.push(n);
  }
  return names.slice(0, 4);
}

export const officerEvaluationFlow: Flow<OfficersDraft, 'menu' | 'grade' | 'comment' | 'summary'> = {
  name: 'officer-evaluation',
  title: '执法人员考核评议',
  help: '正在填写执法人员考核评议：逐人填写姓名、等次和评语，每人填写后即保存；发送“暂存”退出，之后发送“考核评议”继续；全部评议后选择“完成并查看汇总”提交负责人审核。',
  first: 'menu',
  steps: {
    menu: {
      async prompt(d, t) {
        const a = await t.store.assessments.byRecordNo(d.recordNo);
        if (!a) return { text: `未找到 ${d.recordNo}。` };
        return {
          text: [
            ...header(t, a),
            `已评议 ${a.items.length} 人：`,
            ...(a.items.length ? progressLines(a) : []),
            '请输入下一位执法人员的姓名（再次输入已评议的姓名可修改，发送“删除 姓名”可删除）。',
          ].join('\n'),
          options: [...(await suggestions(t, a)), ...(a.items.length ? [FINISH] : []), SAVE],
        };
      },
      async answer(text, d, t) {
        const a = text.trim();
        if (isSave(a)) return saved(t, d);
        const current = await draft(t, d);
        if (!current.ok) return current.answer;
        if (a === FINISH || a === '完成') return current.a.items.length ? next('summary', { recordNo: d.recordNo }) : invalid('请至少评议一名执法人员。');
        const del = a.match(/^删除\s*(\S+)$/);
        if (del) {
          const r = await change(t, d.recordNo, (x) => A.removeItem(x, del[1]!));
          return r.ok ? next('menu', { recordNo: d.recordNo }) : invalid(r.reason);
        }
        const name = A.checkOfficerName(a);
        return name.ok ? next('grade', { recordNo: d.recordNo, name: name.value }) : invalid(name.reason);
      },
    },
    grade: needs(['name'], {
      prompt: (d) => ({ text: `${d.name} 的考核评议等次：`, options: [...GRADES] }),
      async answer(text, d, t) {
        if (isSave(text)) return saved(t, d, { key: d.name });
        const g = text.trim();
        return isGrade(g) ? next('comment', { ...d, grade: g }) : invalid(`请选择：${GRADES.join('、')}。`);
      },
    }),
    comment: needs(['name'], {
      prompt: (d) => ({ text: `请填写对 ${d.name}（${d.grade}）的评语和依据（如：办案数量、案卷评查、投诉和群众评价、学法考试）：` }),
      async answer(text, d, t) {
        if (isSave(text)) return saved(t, d, { key: d.name, grade: d.grade });
        const current = await draft(t, d);
        if (!current.ok) return current.answer;
        const r = await change(t, d.recordNo, (a) => A.setItem(a, { key: d.name, grade: d.grade, note: text }));
        return r.ok ? next('menu', { recordNo: d.recordNo }) : invalid(r.reason);
      },
    }),
    summary: {
      async prompt(d, t) {
        const a = await t.store.assessments.byRecordNo(d.recordNo);
        if (!a) return { text: `未找到 ${d.recordNo}。` };
        return {
          text: [...header(t, a), `${periodLabel(a)}考核评议汇总：`, ...summaryLines(a), `确认无误请选择“${SUBMIT}”。`].join('\n'),
          options: [SUBMIT, ADD_MORE, SAVE],
        };
      },
      async answer(text, d, t) {
        const a = text.trim();
        if (isSave(a)) return saved(t, d);
        if (a === ADD_MORE) return next('menu', { recordNo: d.recordNo });
        if (isConfirm(a, SUBMIT) || a === '提交') return submitted(t, d);
        return invalid(`请选择“${SUBMIT}”“${ADD_MORE}”或“${SAVE}”。`);
      },
    },
  },
};
