import { describe, expect, it } from 'vitest';
import type { Message } from 'telegraf/types';
import { fromMessage } from './inbound';

const me = { id: 99, username: 'xietong_bot' };
const user = { id: 7, is_bot: false, first_name: '小明', last_name: '王' };
const group = { id: -1001, type: 'supergroup', title: 'g' };

function msg(text: string, extra: Record<string, unknown> = {}): Message {
  return { message_id: 5, date: 0, chat: { id: 7, type: 'private', first_name: '小明' }, from: user, text, ...extra } as unknown as Message;
}

describe('which messages are for the bot', () => {
  it('takes every private message, as the account and chat of the sender', () => {
    expect(fromMessage(msg(' 投诉 '), me)).toEqual({ externalId: '7', chatId: '7', text: '投诉', displayName: '小明 王' });
  });

  it('reads /start and /help as 帮助', () => {
    expect(fromMessage(msg('/start'), me)!.text).toBe('帮助');
    expect(fromMessage(msg('/help@xietong_bot'), me)!.text).toBe('帮助');
    expect(fromMessage(msg('/help@other_bot'), me)!.text).toBe('/help@other_bot');
  });

  it('in groups, only a mention (removed) or a reply to the bot', () => {
    expect(fromMessage(msg('大家好', { chat: group }), me)).toBeNull();
    const mention = msg('请 @XieTong_Bot 查询 TS-2026-000001', { chat: group, entities: [{ type: 'mention', offset: 2, length: 12 }] });
    expect(fromMessage(mention, me)).toMatchObject({ chatId: '-1001', text: '请 查询 TS-2026-000001', replyTo: 5 });
    const other = msg('@someone_else 你好', { chat: group, entities: [{ type: 'mention', offset: 0, length: 13 }] });
    expect(fromMessage(other, me)).toBeNull();
    const reply = msg('取消', { chat: group, reply_to_message: { message_id: 4, from: { id: 99, is_bot: true } } });
    expect(fromMessage(reply, me)).toMatchObject({ text: '取消' });
    const cmd = msg('/help@xietong_bot', { chat: group, entities: [{ type: 'bot_command', offset: 0, length: 17 }] });
    expect(fromMessage(cmd, me)!.text).toBe('帮助');
  });

  it('ignores bots and channels; a photo without caption is empty text', () => {
    expect(fromMessage(msg('hi', { from: { id: 8, is_bot: true, first_name: 'b' } }), me)).toBeNull();
    expect(fromMessage(msg('hi', { chat: { id: -5, type: 'channel', title: 'c' } }), me)).toBeNull();
    const photo = { message_id: 1, date: 0, chat: { id: 7, type: 'private', first_name: 'x' }, from: user, photo: [] } as unknown as Message;
    expect(fromMessage(photo, me)!.text).toBe('');
  });
});
