/**
 * Dialogues of the meeting offices: scheduling a meeting (or a proposed one) and
 * registering a decided item.
 */
import { formatLocal, localYear } from '../../domain/calendar/calendar';
import { formatLocalDate } from '../../domain/deadlines/rules';
import { BODY_LABEL, KIND_LABEL, MAX_MEETING_TEXT, type MeetingBody, type MeetingKind } from '../../domain/meetings/meeting';
import { checkItem } from '../../domain/meetings/item';
import { checkName, checkPhone, checkPost } from '../../domain/meetings/liaisons';
import { type Flow, type Step, done, has, invalid, isConfirm, needs, next, startingAt } from '../flow';
import { textStep } from '../steps';
import { parseFutureDate, parseLocalDateTime } from '../cases/parse';
import { assignItem, recordHeldMeeting, registerLiaison, scheduleMeeting, scheduleProposed } from './actions';

export interface ScheduleDraft {
  bodies: MeetingBody[]; // the offices the person runs
  body?: MeetingBody;
  kind?: MeetingKind;
  topic?: string;
  startsAt?: string; // ISO instant
  place?: string;
  meetingNo?: string; // scheduling a proposed meeting
  minutes?: string; // 补录: a meeting already held
}

const CONFIRM = '确认通知';
const BODY_WORD: Record<MeetingBody, string> = { joint: '执法协调监督联席会议', approval: '审批监管联席会议' };
const KIND_WORD: Record<MeetingKind, string> = { regular: '定期会议', temporary: '临时会议' };

type ScheduleStep = 'body' | 'kind' | 'topic' | 'time' | 'place' | 'confirm';
type RecordStep = ScheduleStep | 'minutes';

const placeStep = <S extends string>(then: NoInfer<S>): Step<ScheduleDraft, S> => textStep({
  ask: '会议地点：', what: '会议地点', min: 2, max: MAX_MEETING_TEXT.place,
  then: (place, d) => ({ kind: 'next', step: then, data: { ...d, place } }),
});

/** A meeting of an office, or a proposed one (its number) whose body, kind and topic are known. */
const meetingLine = (d: ScheduleDraft): string | null => (d.body && d.kind ? `会议：${BODY_LABEL[d.body]}（${KIND_LABEL[d.kind]}）` : null);

const confirmSchedule = needs<ScheduleDraft, 'startsAt' | 'place', ScheduleStep>(['startsAt', 'place'], {
  prompt: (d) => ({
    text: [
      `请确认${d.meetingNo ? `安排临时会议 ${d.meetingNo}` : '会议通知'}：`,
      ...[meetingLine(d)].filter((l) => l != null),
      ...(d.topic ? [`议题：${d.topic}`] : []),
      `时间：${formatLocal(new Date(d.startsAt))}`,
      `地点：${d.place}`,
      '确认后将通知各成员单位联络员确认参会。',
    ].join('\n'),
    options: [CONFIRM, '取消'],
  }),
  async answer(text, d, t) {
    if (!isConfirm(text, CONFIRM)) return invalid(`请回复“${CONFIRM}”，或发送“返回”修改、“取消”放弃。`);
    const s = { startsAt: new Date(d.startsAt), place: d.place };
    const r = d.meetingNo ? await scheduleProposed(t, d.meetingNo, s)
      : has(d, 'body', 'kind', 'topic') ? await scheduleMeeting(t, d.body, d.kind, d.topic, s)
        : null;
    if (!r) return invalid('此前填写的内容不完整，请发送“取消”后重新开始。');
    if (!r.ok) return invalid(r.reason);
    return done({ text: r.value });
  },
});

export const scheduleFlow: Flow<ScheduleDraft, 'body' | 'kind' | 'topic' | 'time' | 'place' | 'confirm'> = {
  name: 'meeting-schedule',
  title: '安排会议',
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
    topic: textStep({ ask: '会议议题：', what: '会议议题', min: 4, max: MAX_MEETING_TEXT.topic, then: (topic, d) => next('time', { ...d, topic }) }),
    time: {
      prompt: () => ({ text: '会议时间（如 2026-12-10 14:30）：' }),
      answer(text, d, t) {
        const r = parseLocalDateTime(text, t.now, true);
        if ('error' in r) return invalid(r.error);
        if (r.at.getTime() < t.now.getTime()) return invalid('会议时间不能早于现在。');
        return next('place', { ...d, startsAt: r.at.toISOString() });
      },
    },
    place: placeStep('confirm'),
    confirm: confirmSchedule,
  },
};

/** 补录会议: a meeting already held offline — its real (past) time, place and minutes. */
const RECORD_CONFIRM = '确认补录';
export const recordFlow: Flow<ScheduleDraft, RecordStep> = {
  ...scheduleFlow,
  name: 'meeting-record',
  title: '补录会议',
  help: '正在补录已召开的会议：会议、类别、议题、召开时间、地点、会议纪要。发送“返回”修改上一项，“取消”放弃。',
  steps: {
    ...scheduleFlow.steps,
    time: {
      prompt: () => ({ text: '会议召开时间（如 2026-12-10 14:30；只能是已经过去的时间）：' }),
      answer(text, d, t) {
        const r = parseLocalDateTime(text, t.now, true);
        if ('error' in r) return invalid(r.error);
        if (r.at.getTime() > t.now.getTime()) return invalid('补录的会议召开时间不能晚于现在；尚未召开的会议请发送“安排会议”。');
        if (localYear(r.at) < localYear(t.now) - 1) return invalid('只能补录本年度和上一年度召开的会议。');
        return next('place', { ...d, startsAt: r.at.toISOString() });
      },
    },
    place: placeStep('minutes'),
    minutes: textStep({
      ask: '会议纪要（主要议定内容，将送达各成员单位）：', what: '会议纪要', min: 10, max: MAX_MEETING_TEXT.minutes,
      then: (minutes, d) => next('confirm', { ...d, minutes }),
    }),
    confirm: needs(['body', 'kind', 'topic', 'startsAt', 'place', 'minutes'], {
      prompt: (d) => ({
        text: [
          '请确认会后补录：',
          `会议：${BODY_LABEL[d.body]}（${KIND_LABEL[d.kind]}）`,
          `议题：${d.topic}`,
          `召开时间：${formatLocal(new Date(d.startsAt))}`,
          `地点：${d.place}`,
          `纪要：${d.minutes}`,
          '确认后会议纪要将送达各成员单位。',
        ].join('\n'),
        options: [RECORD_CONFIRM, '取消'],
      }),
      async answer(text, d, t) {
        if (!isConfirm(text, RECORD_CONFIRM)) return invalid(`请回复“${RECORD_CONFIRM}”，或发送“返回”修改、“取消”放弃。`);
        const r = await recordHeldMeeting(t, d.body, d.kind, d.topic, { startsAt: new Date(d.startsAt), place: d.place }, d.minutes);
        return r.ok ? done({ text: r.value }) : invalid(r.reason);
      },
    }),
  },
};
export const recordFlowOneBody = startingAt(recordFlow, 'meeting-record-one', 'kind');

/** The same dialogue for one office: the meeting is known, the first question is the kind. */
export const scheduleFlowOneBody = startingAt(scheduleFlow, 'meeting-schedule-one', 'kind');

/** Scheduling a meeting a member unit proposed: only time and place are asked. */
export const scheduleProposedFlow = startingAt(scheduleFlow, 'meeting-schedule-proposed', 'time');

export interface ItemDraft {
  meetingNo: string;
  members: number[];
  orgId?: number;
  content?: string;
  dueDate?: string;
}

const ITEM_CONFIRM = '确认登记';

export const itemFlow: Flow<ItemDraft, 'org' | 'content' | 'due' | 'confirm'> = {
  name: 'meeting-item',
  title: '议定事项',
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
    confirm: needs(['dueDate', 'orgId', 'content'], {
      prompt: (d, t) => ({
        text: [`请确认议定事项（会议 ${d.meetingNo}）：`, `承办单位：${t.services.directory.name(d.orgId)}`, `事项：${d.content}`, `完成期限：${formatLocalDate(d.dueDate)}`].join('\n'),
        options: [ITEM_CONFIRM, '取消'],
      }),
      async answer(text, d, t) {
        if (!isConfirm(text, ITEM_CONFIRM)) return invalid(`请回复“${ITEM_CONFIRM}”，或发送“返回”修改、“取消”放弃。`);
        const r = await assignItem(t, d.meetingNo, d.orgId, d.content, d.dueDate);
        if (!r.ok) return invalid(r.reason);
        return done({ text: r.value, options: [`议定事项 ${d.meetingNo}`, `会议事项`] });
      },
    }),
  },
};

// ── 登记联络员: the person's name, post and phone on the roster ──

export interface LiaisonDraft {
  /** Member unit for each meeting where the person is its liaison. */
  choices: Array<{ body: MeetingBody; orgId: number }>;
  body?: MeetingBody;
  orgId?: number;
  name?: string;
  post?: string;
  phone?: string;
}

const LIAISON_WORD: Record<MeetingBody, string> = { joint: '联席会议联络员', approval: '审批监管联席会议联络员' };

export const liaisonFlow: Flow<LiaisonDraft, 'body' | 'name' | 'post' | 'phone' | 'confirm'> = {
  name: 'meeting-liaison',
  title: '登记联络员',
  help: '正在登记会议联络员：姓名、科室及职务、联系电话。每个成员单位一名，新登记的接替原联络员。发送“返回”修改，“取消”放弃。',
  first: 'body',
  steps: {
    body: {
      prompt: (d) => ({ text: '登记哪个会议的联络员？', options: d.choices.map((c) => LIAISON_WORD[c.body]) }),
      answer(text, d) {
        const c = d.choices.find((x) => LIAISON_WORD[x.body] === text.trim() || (text.trim().length >= 2 && LIAISON_WORD[x.body].startsWith(text.trim())));
        return c ? next('name', { ...d, body: c.body, orgId: c.orgId }) : invalid(`请选择：${d.choices.map((x) => LIAISON_WORD[x.body]).join('、')}。`);
      },
    },
    name: needs(['body'], {
      prompt: (d, t) => ({ text: `【登记联络员 1/3】${t.services.directory.name(d.orgId)}${LIAISON_WORD[d.body]}的姓名：` }),
      answer(text, d) {
        const v = checkName(text);
        return v.ok ? next('post', { ...d, name: v.value }) : invalid(v.reason);
      },
    }),
    post: {
      prompt: () => ({ text: '【登记联络员 2/3】科室及职务（如：法制科科长）：' }),
      answer(text, d) {
        const v = checkPost(text);
        return v.ok ? next('phone', { ...d, post: v.value }) : invalid(v.reason);
      },
    },
    phone: {
      prompt: () => ({ text: '【登记联络员 3/3】联系电话：' }),
      answer(text, d) {
        const v = checkPhone(text);
        return v.ok ? next('confirm', { ...d, phone: v.value }) : invalid(v.reason);
      },
    },
    confirm: needs(['body', 'orgId', 'name', 'post', 'phone'], {
      prompt: (d, t) => ({
        text: [`请确认登记${t.services.directory.name(d.orgId)}的${LIAISON_WORD[d.body]}（接替原登记的联络员）：`, `姓名：${d.name}`, `科室及职务：${d.post}`, `联系电话：${d.phone}`].join('\n'),
        options: ['确认', '取消'],
      }),
      async answer(text, d, t) {
        if (!isConfirm(text)) return invalid('请回复“确认”，或发送“返回”修改、“取消”放弃。');
        const r = await registerLiaison(t, d.body, d.orgId, { name: d.name, post: d.post, phone: d.phone });
        return r.ok ? done({ text: r.value }) : invalid(r.reason);
      },
    }),
  },
};
export const liaisonFlowOne = startingAt(liaisonFlow, 'meeting-liaison-one', 'name');
