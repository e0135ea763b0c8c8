/** How `npm start` wires a chat platform: its routes, its start-up, and its channel. */
import type Router from '@koa/router';
import type { Logger } from 'pino';
import type { RunningChannel } from '../bot/channels';
import type { Engine } from '../bot/engine';

export interface ChannelModule {
  readonly channel: RunningChannel;
  /** HTTP routes to mount on the koa server (webhooks, callbacks), if any. */
  routes?(router: Router): void;
  /** Starts receiving (long polling, puppet login, …); rejects if the channel cannot run. */
  start(): Promise<void>;
}

export interface ChannelDeps {
  engine: Engine;
  log: Logger;
}
