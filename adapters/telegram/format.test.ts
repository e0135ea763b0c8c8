import { describe, expect, it } from 'vitest';
import { callbackData, inlineKeyboard, optionOfCallback, refOfCallback, splitText, toMessages } from './format';

describe('inline keyboards', () => {
  it('uses the option as callback_data when it fits in 64 bytes', () => {
    expect(callbackData('确认提交', 0)).toBe('确认提交');
    const at64 = '测'.repeat(21) + 'x'; // 63 + 1 bytes
    expect(callbackData(at64, 3)).toBe(at64);
    expect(callbackData(at64 + 'y', 3)).toBe('~3');
    expect(callbackData('~不是键', 1)).toBe('~1'); // never mistaken for a key
  });

  it('puts two short options on a row, long ones alone', () => {
    expect(inlineKeyboard(['确认提交', '更改受理单位', '取消']).inline_keyboard.map((r) => r.map((b) => b.text))).toEqual([['确认提交', '更改受理单位'], ['取消']]);
    expect(inlineKeyboard(['查询 TS-2026-000123', '投诉', '帮助']).inline_keyboard.map((r) => r.length)).toEqual([1, 2]);
  });

  it('maps a keyed press back through the message keyboard', () => {
    const long = '请将本投诉转交抚宁区市场监督管理局与综合行政执法局共同核查';
    const kb = inlineKeyboard(['好', long]);
    expect(optionOfCallback('~1', kb)).toBe(long);
    expect(optionOfCallback('好', kb)).toBe('好');
    expect(optionOfCallback('好', undefined)).toBe('好');
    expect(optionOfCallback('~1', undefined)).toBeUndefined();
    expect(optionOfCallback('~9', kb)).toBeUndefined();
  });
});

describe('buttons of a prompt with a ref (stale options)', () => {
  it('carry the ref, and a press gives back the option and the ref', () => {
    const kb = toMessages({ text: '【投诉举报 3/5】什么时候？', options: ['不清楚'], ref: 'complaint:when:17' })[0]!.reply_markup!;
    const data = (kb.inline_keyboard[0]![0] as { callback_data: string }).callback_data;
    expect(data).toBe('~0|complaint:when:17');
    expect(optionOfCallback(data, kb)).toBe('不清楚');
    expect(refOfCallback(data)).toBe('complaint:when:17');
  });

  it('a ref too long for 64 bytes is left out; buttons without one carry none', () => {
    expect(callbackData('不清楚', 0, 'x'.repeat(70))).toBe('不清楚');
    expect(refOfCallback('不清楚')).toBeUndefined();
    expect(refOfCallback('~1')).toBeUndefined();
  });
});

describe('messages', () => {
  it('cuts long text at line breaks and puts the keyboard on the last piece', () => {
    const text = Array.from({ length: 300 }, (_, i) => `第${i}行：${'内容'.repeat(10)}`).join('\n');
    const ms = toMessages({ text, options: ['确认'] });
    expect(ms.length).toBeGreaterThan(1);
    expect(ms.every((m) => m.text.length <= 4000)).toBe(true);
    expect(ms.slice(0, -1).every((m) => !m.reply_markup)).toBe(true);
    expect(ms.at(-1)!.reply_markup).toBeDefined();
    expect(ms.map((m) => m.text).join('\n')).toBe(text);
  });

  it('never splits a surrogate pair', () => {
    const pieces = splitText('😀'.repeat(3000), 4001);
    expect(pieces.join('')).toBe('😀'.repeat(3000));
    expect(pieces.every((p) => !/[\ud800-\udbff]$/.test(p))).toBe(true);
  });

  it('sends nothing for an empty reply, and a prompt for options alone', () => {
    expect(toMessages({ text: '  ' })).toEqual([]);
    expect(toMessages({ text: '', options: ['是'] })[0]!.text).toBe('请选择：');
  });
});
