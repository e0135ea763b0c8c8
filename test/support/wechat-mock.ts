/**
 * People on a mocked WeChat (wechaty-puppet-mock): what they say reaches the bot through
 * the puppet exactly as a real message would, and what the bot says to them (or to a
 * room) is heard through the mocker's message events.
 */
import { types } from 'wechaty';
import type { mock } from 'wechaty-puppet-mock';

type Mocker = InstanceType<typeof mock.Mocker>;
type ContactMock = ReturnType<Mocker['createContact']>;
type RoomMock = ReturnType<Mocker['createRoom']>;
type MessageMock = InstanceType<Mocker['MessageMock']>;

/** Polls `probe` until it returns something truthy; fails after `timeoutMs` with `what`. */
export async function waitFor<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Everything said in a conversation (a contact's private chat or a room), in order. */
export class Transcript {
  readonly messages: { id: string; talkerId: string; text: string }[] = [];

  constructor(conversation: ContactMock | RoomMock) {
    // A message concerns a contact as its talker or listener; watch both sides.
    (conversation as ContactMock).on('message', (m: MessageMock) => {
      this.messages.push({ id: m.id, talkerId: m.payload.talkerId ?? '', text: m.text() ?? '' });
    });
  }

  /** Texts said by `talkerId`, from position `from` on. */
  textsBy(talkerId: string, from = 0): string[] {
    return this.messages.slice(from).filter((m) => m.talkerId === talkerId).map((m) => m.text);
  }

  /** Ids of the messages `talkerId` said. */
  idsBy(talkerId: string): string[] {
    return this.messages.filter((m) => m.talkerId === talkerId).map((m) => m.id);
  }

  get length(): number {
    return this.messages.length;
  }
}

/** A person on the mocked WeChat talking to the bot one to one. */
export class WechatPerson {
  readonly transcript: Transcript;

  constructor(readonly mocker: Mocker, readonly contact: ContactMock, readonly bot: ContactMock) {
    this.transcript = new Transcript(contact);
  }

  /** What the bot said to this person from position `from` of the transcript on. */
  heard(from = 0): string[] {
    return this.transcript.textsBy(this.bot.id, from);
  }

  /**
   * Says `text` to the bot and waits until the bot says something matching `until`
   * (the last reply of the turn); returns everything the bot said meanwhile, joined.
   */
  async say(text: string, until: RegExp): Promise<string> {
    const from = this.transcript.length;
    this.contact.say(text).to(this.bot);
    const replies = await waitFor(() => {
      const h = this.heard(from);
      return h.some((t) => until.test(t)) && h;
    }, `a reply matching ${until} to “${text}”; heard: ${JSON.stringify(this.heard(from))}`);
    return replies.join('\n');
  }

  /** Creates a message from this person without delivering it; `deliver` emits it (again). */
  compose(text: string, type: types.Message = types.Message.Text): string {
    const id = `msg-${this.contact.id}-${++composed}`;
    this.mocker.MessageMock.create({ id, talkerId: this.contact.id, listenerId: this.bot.id, text, timestamp: Date.now(), type });
    return id;
  }

  deliver(messageId: string): void {
    this.mocker.puppet.emit('message', { messageId });
  }
}

let composed = 0;
