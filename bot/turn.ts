/** Everything a command or flow step may use during one turn (one transaction). */
import type { DayCalendar } from '../domain/calendar/calendar';
import type { Directory } from '../domain/organisation';
import type { AccountRef, Reply, Store } from '../domain/ports';
import type { Actor } from '../domain/roles';
import type { IntentRecognizer } from './intents';
import type { ComplaintRouter } from './routing';
import type { TurnLimits } from './limits';
import type { FileDesk, TurnFiles } from './attachments/desk';

export interface Services {
  directory: Directory;
  router: ComplaintRouter;
  intents: IntentRecognizer;
  calendar: DayCalendar;
  clock: () => Date;
  /** Files (bot/attachments): storage, limits, links; absent when the engine takes no files. */
  files?: FileDesk;
}

export interface Turn {
  actor: Actor;
  account: AccountRef;
  platform: string;
  store: Store;
  now: Date;
  services: Services;
  /** Queues a message to another person (delivered through their channel). */
  notify(personId: number, reply: Reply): Promise<void>;
  /** Runs `fn` once the turn's transaction has committed (never if it rolls back): e.g. adopting a confirmed calendar. */
  afterCommit?(fn: () => void): void;
  /** Rate limits bound to this turn's account and address (bot/limits.ts). */
  limits: TurnLimits;
  /** What the platform adapter must do once the turn has committed. */
  effects: TurnEffects;
  /** The files the message carried (bot/attachments/desk.ts), when it carried any. */
  files?: TurnFiles;
}

/**
 * A web session changes with the person's authority: a new id after 绑定, 关联 or
 * 解除关联 (so an id known before does not carry the new roles), none after 退出登录.
 */
export type SessionChange = 'rotate' | 'end';

export interface TurnEffects {
  session?: SessionChange;
}

/**
 * Thrown when a turn finds, after it has written something, that it cannot finish (e.g.
 * a record changed under it): the engine rolls the whole turn back and answers the
 * message, so nothing is half-written.
 */
export class TurnAborted extends Error {}
