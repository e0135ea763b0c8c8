import { describe, expect, it } from 'vitest';
import { OptionMemory, lastOptions, pickOption, renderReply } from './numbered-options';

describe('renderReply', () => {
  it('keeps a reply without options as it is', () => {
    expect(renderReply({ text: '已取消。' })).toBe('已取消。');
    expect(renderReply({ text: '已取消。', options: [] })).toBe('已取消。');
  });

  it('lists options as numbered lines under the text', () => {
    expect(renderReply({ text: '请选择：', options: ['确认提交', '更改受理单位', '取消'] })).toBe(
      '请选择：\n\n回复序号或文字：\n1. 确认提交\n2. 更改受理单位\n3. 取消',
    );
  });
});

describe('pickOption', () => {
  const options = ['确认提交', '更改受理单位', '取消'];

  it('maps a bare number (ASCII or full-width, with a trailing mark) to its option', () => {
    expect(pickOption('1', options)).toBe('确认提交');
    expect(pickOption(' 2 ', options)).toBe('更改受理单位');
    expect(pickOption('３', options)).toBe('取消');
    expect(pickOption('1.', options)).toBe('确认提交');
    expect(pickOption('2、', options)).toBe('更改受理单位');
  });

  it('leaves anything else to the engine', () => {
    expect(pickOption('0', options)).toBeUndefined();
    expect(pickOption('4', options)).toBeUndefined();
    expect(pickOption('1 号', options)).toBeUndefined();
    expect(pickOption('13800138000', options)).toBeUndefined();
    expect(pickOption('取消', options)).toBeUndefined();
    expect(pickOption('1', undefined)).toBeUndefined();
    expect(pickOption('1', [])).toBeUndefined();
  });
});

describe('lastOptions', () => {
  it('takes the options of the last reply that has any', () => {
    expect(lastOptions([{ text: 'a', options: ['x'] }, { text: 'b', options: ['y', 'z'] }])).toEqual(['y', 'z']);
    expect(lastOptions([{ text: 'a', options: ['x'] }, { text: 'b' }])).toEqual(['x']);
    expect(lastOptions([{ text: 'a' }])).toBeUndefined();
    expect(lastOptions([])).toBeUndefined();
  });
});

describe('OptionMemory', () => {
  it('forgets a chat when its last reply had no options', () => {
    const m = new OptionMemory();
    m.set('a', ['x']);
    expect(m.get('a')).toEqual(['x']);
    m.remember('a', undefined);
    expect(m.get('a')).toBeUndefined();
  });

  it('keeps at most `capacity` chats, forgetting the least recently used', () => {
    const m = new OptionMemory(2);
    m.set('a', ['1']);
    m.set('b', ['2']);
    m.get('a'); // a is now more recent than b
    m.set('c', ['3']);
    expect(m.size).toBe(2);
    expect(m.get('b')).toBeUndefined();
    expect(m.get('a')).toEqual(['1']);
    expect(m.get('c')).toEqual(['3']);
  });
});
