/**
 * Dialogues of the meeting offices: scheduling a meeting (or a proposed one) and
 * registering a decided item.
 */
import { formatLocal } from '../../domain/calendar/calendar';
import { formatLocalDate } from '../../domain/deadlines/rules';
import { BODY_LABEL, KIND_LABEL, MAX_MEETING_TEXT, type MeetingBody, type MeetingKind } from '../../domain/meetings/meeting';
import { checkItem } from '../../domain/meetings/item';
import { type Flow, type Step, boundedText, done, invalid, next } from '../flow';
import { parseFutureDate, parseLocalDateTime } from '../cases/parse';
import { assignItem, scheduleMeeting, scheduleProposed } from './actions';

export interface ScheduleDraft {
  bodies: MeetingBody[]; // the offices the person runs
  body?: MeetingBody;
  kind?: MeetingKind;
  topic?: string;
  startsAt?: string; // ISO instant
  place?: string;
  meetingNo?: string; // scheduling a proposed meeting
}

const CONFIRM = '确认通知';
const BODY_WORD: Record<MeetingBody, string> = { joint: '执法协调监督联席会议', approval: '审批监管联席会议' };
const KIND_WORD: Record<MeetingKind, string> = { regular: '定期会议', temporary: '临时会议' };

const timeStep: Step<ScheduleDraft> = {
  prompt: () => ({ text: '会议时间（如 2026-12-10 14:30）：' }),
  answer(text, d, t) {
    const r = parseLocalDateTime(text, t.now, true);
    if ('error' in r) return invalid(r.error);
    if (r.at.getTime() < t.now.getTime()) return invalid('会议时间不能早于现在。');
    return next('place', { ...d, startsAt: r.at.toISOString() });
  },
};

const placeStep: Step<ScheduleDraft> = {
  prompt: () => ({ text: '会议地点：' }),
  answer(text, d) {
    const v = boundedText(text, 2, MAX_MEETING_TEXT.place, '会议地点');
    return v.ok ? next('confirm', { ...d, place: v.value }) : invalid(v.reason);
  },
};

const confirmStep: Step<ScheduleDraft> = {
  prompt: (d) => ({
    text: [
      `请确认${d.meetingNo ? `安排临时会议 ${d.meetingNo}` : '会议通知'}：`,
      `会议：${BODY_LABEL[d.body!]}（${KIND_LABEL[d.kind!]}）`,
      ...(d.topic ? [`议题：${d.topic}`] : []),
      `时间：${formatLocal(new Date(d.startsAt!))}`,
      `地点：${d.place}`,
      '确认后将通知各成员单位联络员确认参会。',
    ].join('\n'),
    options: [CONFIRM, '取消'],
  }),
  async answer(text, d, t) {
    if (text.trim() !== CONFIRM) return invalid(`请回复“${CONFIRM}”，或发送“返回”修改、“取消”放弃。`);
    const s = { startsAt: new Date(d.startsAt!), place: d.place! };
    const r = d.meetingNo ? await scheduleProposed(t, d.meetingNo, s) : await scheduleMeeting(t, d.body!, d.kind!, d.topic!, s);
    if (!r.ok) return invalid(r.reason);
    return done({ text: r.value });
  },
};

export const scheduleFlow: Flow<ScheduleDraft> = {
  name: 'meeting-schedule',
  help: '正在安排会议：会议、类别、议题、时间、地点。发送“返回”修改上一项，“取消”放弃。',
  first: 'body',
  steps: {
    body: {
      prompt: (d) => ({ text: '安排哪个会议？', options: d.bodies.map((b) => BODY_WORD[b]) }),
      answer(text, d) {
        const body = d.bodies.find((b) => BODY_WORD[b] === text.trim() || (text.trim().length >= 2 && BODY_WORD[b].includes(text.trim())));
        return body ? next('kind', { ...d, body }) : invalid(`请选择：${d.bodies.map((b) => BODY_WORD[b]).join('、')}。`);
      },
    },
    kind: {
      prompt: () => ({ text: '会议类别：', options: [KIND_WORD.regular, KIND_WORD.temporary] }),
      answer(text, d) {
        const kind = (Object.keys(KIND_WORD) as MeetingKind[]).find((k) => KIND_WORD[k] === text.trim() || KIND_WORD[k].startsWith(text.trim().slice(0, 2)));
        return kind ? next('topic', { ...d, kind }) : invalid('请回复“定期会议”或“临时会议”。');
      },
    },
    topic: {
      prompt: () => ({ text: '会议议题：' }),
      answer(text, d) {
        const v = boundedText(text, 4, MAX_MEETING_TEXT.topic, '会议议题');
        return v.ok ? next('time', { ...d, topic: v.value }) : invalid(v.reason);
      },
    },
    time: timeStep,
    place: placeStep,
    confirm: confirmStep,
  },
};

/** The same dialogue for one office: the meeting is known, the first question is the kind. */
export const scheduleFlowOneBody: Flow<ScheduleDraft> = { ...scheduleFlow, name: 'meeting-schedule-one', first: 'kind' };

/** Scheduling a meeting a member unit proposed: only time and place are asked. */
export const scheduleProposedFlow: Flow<ScheduleDraft> = { ...scheduleFlow, name: 'meeting-schedule-proposed', first: 'time' };

export interface ItemDraft {
  meetingNo: string;
  members: number[];
  orgId?: number;
  content?: string;
  dueDate?: string;
}

const ITEM_CONFIRM = '确认登记';

export const itemFlow: Flow<ItemDraft> = {
  name: 'meeting-item',
  help: '正在登记议定事项：承办单位、事项内容、完成期限。发送“返回”修改上一项，“取消”放弃。',
  first: 'org',
  steps: {
    org: {
      prompt: (d) => ({ text: `【议定事项 1/3】会议 ${d.meetingNo}：由哪个成员单位落实？` }),
      answer(text, d, t) {
        const o = t.services.directory.find(text, (x) => d.members.includes(x.id));
        return o ? next('content', { ...d, orgId: o.id }) : invalid('未找到该成员单位，请写出单位名称（如：城管局）。');
      },
    },
    content: {
      prompt: () => ({ text: '【议定事项 2/3】事项内容：' }),
      answer(text, d) {
        const v = checkItem(text);
        return v.ok ? next('due', { ...d, content: v.value }) : invalid(v.reason);
      },
    },
    due: {
      prompt: () => ({ text: '【议定事项 3/3】完成期限（如 2026-12-31）：' }),
      answer(text, d, t) {
        const date = parseFutureDate(text, t.now);
        return typeof date === 'string' ? next('confirm', { ...d, dueDate: date }) : invalid(date.error);
      },
    },
    confirm: {
      prompt: (d, t) => ({
        text: [`请确认议定事项（会议 ${d.meetingNo}）：`, `承办单位：${t.services.directory.name(d.orgId)}`, `事项：${d.content}`, `完成期限：${formatLocalDate(d.dueDate!)}`].join('\n'),
        options: [ITEM_CONFIRM, '取消'],
      }),
      async answer(text, d, t) {
        if (text.trim() !== ITEM_CONFIRM) return invalid(`请回复“${ITEM_CONFIRM}”，或发送“返回”修改、“取消”放弃。`);
        const r = await assignItem(t, d.meetingNo, d.orgId!, d.content!, d.dueDate!);
        if (!r.ok) return invalid(r.reason);
        return done({ text: r.value, options: [`议定事项 ${d.meetingNo}`, `会议事项`] });
      },
    },
  },
};
