/**
 * Stale options (issue 15): the reply carrying a dialogue's prompt options gets a ref
 * naming that prompt — its flow, step and the state's change counter — and an adapter
 * sends it back with a click on one of its buttons. A ref that is not the current
 * prompt's is an old button: it answers nothing.
 */
import type { ConversationState, Reply } from '../domain/ports';

export const STALE_OPTION = '该选项已过期。';

export const promptRef = (s: ConversationState): string => `${s.flow}:${s.step}:${s.seq ?? 0}`;

/**
 * The state after a turn with its change counter bumped when it changed (a new object),
 * and the ref on the reply that carries its prompt (the last one, when it has options).
 * A new dialogue starts its counter at a random number, so a button of an earlier
 * dialogue of the same flow is not taken for one of this one.
 */
export function withRef(before: ConversationState | null, turn: { replies: Reply[]; state: ConversationState | null }): { replies: Reply[]; state: ConversationState | null } {
  const { state } = turn;
  if (!state) return turn;
  const seq = state === before ? state.seq : (before?.seq ?? Math.floor(Math.random() * 1e9)) + 1;
  const after: ConversationState = seq === undefined ? state : { ...state, seq };
  const replies = [...turn.replies];
  const last = replies.at(-1);
  if (last?.options?.length) replies[replies.length - 1] = { ...last, ref: promptRef(after) };
  return { replies, state: after };
}
