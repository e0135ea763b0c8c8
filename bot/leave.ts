/**
 * Commands inside a dialogue (issue 15): a command word that changes something is not
 * run straight away — the person is asked whether to leave the dialogue first, and the
 * dialogue is kept, to go on with if they choose 继续填写. The question is itself a
 * dialogue state (`LEAVE_FLOW`), holding the text to run and the state to return to.
 */
import type { ConversationState, Reply } from '../domain/ports';
import type { Flow } from './flow';

export const LEAVE_FLOW = 'leave';
export const LEAVE_YES = '放弃并执行';
export const LEAVE_NO = '继续填写';

export interface LeaveData {
  /** The command to run once the dialogue is left. */
  text: string;
  /** The dialogue it interrupted, as it was. */
  resume: ConversationState;
  title: string;
}

/** What the question calls a dialogue: its flow's title (「投诉举报」) when it has one. */
export function leaveState(flow: Flow<any>, state: ConversationState, text: string): ConversationState {
  // Asked again from the question itself: the dialogue to return to is still the first one.
  const resume = state.flow === LEAVE_FLOW ? (state.data as unknown as LeaveData).resume : state;
  const title = state.flow === LEAVE_FLOW ? (state.data as unknown as LeaveData).title : flow.title;
  const data: LeaveData = { text, resume, title };
  return { flow: LEAVE_FLOW, step: 'ask', data: data as unknown as Record<string, unknown>, history: [] };
}

/** The question as a one-step flow, for prompting it again (its answers are the engine's: it can resume another flow). */
export const leaveFlow: Flow<LeaveData> = {
  name: LEAVE_FLOW,
  title: '确认放弃',
  help: `请选择“${LEAVE_YES}”或“${LEAVE_NO}”；发送“取消”退出。`,
  first: 'ask',
  steps: { ask: { prompt: (d) => leavePrompt(d), answer: () => ({ kind: 'invalid', reason: `请选择“${LEAVE_YES}”或“${LEAVE_NO}”。` }) } },
};

export const leaveData = (state: ConversationState): LeaveData => state.data as unknown as LeaveData;

export function leavePrompt(d: LeaveData): Reply {
  return { text: `要放弃当前的「${d.title}」并执行“${d.text}”吗？`, options: [LEAVE_YES, LEAVE_NO] };
}

/** The person's choice: leave (and run the command), stay, or neither. */
export function leaveChoice(text: string): 'leave' | 'stay' | null {
  const a = text.trim();
  if (a === LEAVE_YES || a === '1' || a === '是' || a === '确认') return 'leave';
  if (a === LEAVE_NO || a === '2' || a === '否' || a === '返回') return 'stay';
  return null;
}
