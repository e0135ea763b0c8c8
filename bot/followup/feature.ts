/** 回访与评价, 申请重办 and 满意度统计 (issue 18): closing the loop after 办结. */
import { type Feature, openFlow } from '../feature';
import { command } from '../router/command';
import { record, text, token } from '../router/args';
import { MAX_REASON } from '../../domain/followup';
import { hasRole } from '../../domain/roles';
import type { Turn } from '../turn';
import { REOPEN_ROLES, approveReopen, justiceBureau, declineReopen, mayDecideReopen, ownFollowUp, reopenDecider, requestReopen, sweepFollowUps } from './actions';
import { monthBounds, monthFigures } from './figures';
import { ratingFlow } from './flows';

const JUSTICE_ONLY = '重办申请和满意度统计由司法局处理和查看。';

const rate = command({
  words: ['评价'],
  args: [record('TS')],
  help: '评价 编号 —— 评价已办结投诉举报的办理结果',
  async run(t, [no]) {
    const own = await ownFollowUp(t, no);
    if (!own.ok) return own;
    const f = own.value.f;
    if (f.state === 'answered') return `您已评价过投诉举报 ${no}（${f.rating.resolved}，${f.rating.satisfaction}）。`;
    if (f.state === 'unrated' || t.now > f.closeAt) return `投诉举报 ${no} 的回访已结束（未评价）。`;
    return openFlow(ratingFlow, { trackingNo: no });
  },
});

const askReopen = command({
  words: ['申请重办'],
  args: [record('TS'), text({ what: '申请重办的理由', example: '噪音问题依旧，夜间仍在施工', min: 4, max: MAX_REASON })],
  help: '申请重办 编号 理由 —— 对办理结果不满意或问题未解决时申请重办',
  run: (t, [no, reason]) => requestReopen(t, no, reason),
});

const approve = command({
  words: ['同意重办'],
  args: [record('TS')],
  who: mayDecideReopen,
  denied: JUSTICE_ONLY,
  help: '同意重办 编号 / 不予重办 编号 理由 —— 审查投诉人的重办申请',
  run: (t, [no]) => approveReopen(t, no),
});

const decline = command({
  words: ['不予重办'],
  args: [record('TS'), text({ what: '不予重办的理由', example: '已依法处理完毕，无新的事实和理由', min: 4, max: MAX_REASON })],
  who: mayDecideReopen,
  denied: JUSTICE_ONLY,
  run: (t, [no, reason]) => declineReopen(t, no, reason),
});

/** The figures stay 司法局's, as before the coordination office decided requests about 司法局. */
const mayReadFigures = (t: Turn) => hasRole(t.actor, justiceBureau(t).id, ['justice', 'head']);

const stats = command({
  words: ['满意度统计'],
  args: [token({ what: '统计月份', example: '2026-11', pattern: /^\d{4}-\d{2}(?=$|\s)/ })],
  who: mayReadFigures,
  denied: JUSTICE_ONLY,
  inFlow: 'answer',
  help: '满意度统计 2026-11 —— 各承办单位的办结率、按期办结率、解决率和满意率',
  async run(t, [period]) {
    if (!monthBounds(period)) return '月份格式应为“年-月”，如：满意度统计 2026-11。';
    return monthFigures(t.store, t.services.directory, period);
  },
});

export const followup: Feature = {
  name: 'followup',
  flows: [ratingFlow],
  commands: [rate, askReopen, approve, decline, stats],
  sweep: sweepFollowUps,
  async todo(t) {
    if (!mayDecideReopen(t)) return null;
    // Only the requests this person decides (about 司法局, the coordination office's).
    const pending = [];
    for (const f of await t.store.followups.pendingReopens(20)) {
      const c = await t.store.complaints.byTrackingNo(f.trackingNo);
      if (c && hasRole(t.actor, reopenDecider(t, c).id, REOPEN_ROLES)) pending.push(f);
    }
    if (!pending.length) return null;
    return {
      lines: ['待审查的重办申请', ...pending.map((f) => `· ${f.trackingNo}（${t.services.directory.name(f.orgId)}办结）`)],
      options: pending.map((f) => `同意重办 ${f.trackingNo}`),
    };
  },
};
