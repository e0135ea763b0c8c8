/** Drives the engine as people would: each person has an account on a platform. */
import type { Engine } from '../../bot/engine';
import type { Reply } from '../../domain/ports';

export class Person {
  private seq = 0;
  constructor(readonly engine: Engine, readonly externalId: string, readonly platform = 'test', readonly displayName?: string) {}

  async say(text: string, messageId = `${this.externalId}-${++this.seq}`): Promise<Reply[]> {
    return this.engine.handle({
      platform: this.platform, externalId: this.externalId, chatId: this.externalId, messageId, text,
      ...(this.displayName ? { displayName: this.displayName } : {}),
    });
  }

  /** All reply texts of one message, joined. */
  async text(text: string): Promise<string> {
    return (await this.say(text)).map((r) => r.text).join('\n');
  }

  async inbox(): Promise<Reply[]> {
    const first = await this.engine.inbox(this.platform, this.externalId, null);
    if (first.cursor != null) await this.engine.inbox(this.platform, this.externalId, first.cursor);
    return first.replies;
  }
}

export const last = (replies: Reply[]): Reply => replies[replies.length - 1]!;
export const trackingNoIn = (text: string): string => {
  const m = text.match(/TS-\d{4}-\d{6}/);
  if (!m) throw new Error(`no tracking number in: ${text}`);
  return m[0];
};

/** The first record number of a series (AJ, YS, JJ …) in a text. */
export const numberIn = (prefix: string, text: string): string => {
  const m = text.match(new RegExp(`${prefix}-\\d{4}-\\d{6}`));
  if (!m) throw new Error(`no ${prefix} number in: ${text}`);
  return m[0];
};
