/** The complainant's 评价 dialogue: resolved? satisfied? an optional comment (issue 18). */
import { MAX_COMMENT, RESOLVED_ANSWERS, type ResolvedAnswer, SATISFACTION, type Satisfaction } from '../../domain/followup';
import { type Filled, type Flow, done, needs, next } from '../flow';
import { choiceStep, textStep } from '../steps';
import { rateComplaint } from './actions';

export interface RatingDraft {
  trackingNo: string;
  resolved?: ResolvedAnswer;
  satisfaction?: Satisfaction;
}

type RatingStep = 'resolved' | 'satisfaction' | 'comment';
const SKIP = '无';

export const ratingFlow: Flow<RatingDraft, RatingStep> = {
  name: 'rating',
  title: '评价',
  help: '正在评价投诉举报的办理结果：先选是否解决，再选满意程度，可附意见。发送“返回”修改，“取消”放弃。',
  first: 'resolved',
  steps: {
    resolved: choiceStep({
      ask: (d) => ({ text: `评价 ${d.trackingNo}（1/3）：您反映的问题是否已经解决？` }),
      choices: RESOLVED_ANSWERS,
      then: (resolved, d) => next('satisfaction', { ...d, resolved }),
    }),
    satisfaction: choiceStep({
      ask: '（2/3）您对办理是否满意？',
      choices: SATISFACTION,
      then: (satisfaction, d) => next('comment', { ...d, satisfaction }),
    }),
    comment: needs<RatingDraft, 'resolved' | 'satisfaction', RatingStep>(['resolved', 'satisfaction'], textStep<Filled<RatingDraft, 'resolved' | 'satisfaction'>, RatingStep>({
      ask: `（3/3）还有什么意见或建议？没有请回复“${SKIP}”。`,
      options: [SKIP],
      what: '意见', min: 1, max: MAX_COMMENT,
      async then(comment, d, t) {
        const r = await rateComplaint(t, d.trackingNo, { resolved: d.resolved, satisfaction: d.satisfaction, comment: comment === SKIP ? null : comment });
        return done({ text: r.ok ? r.value : r.reason });
      },
    })),
  },
};
