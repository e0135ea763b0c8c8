/** The command router on its own: matching by word and argument shape, hints, clashes, 帮助. */
import { describe, expect, it } from 'vitest';
import { loadDirectoryFile } from '../../db/seed';
import { Directory } from '../../domain/organisation';
import type { Turn } from '../turn';
import { oneOf, optional, org, record, text } from './args';
import { command } from './command';
import { CommandRouter } from './router';

const file = loadDirectoryFile();
const directory = new Directory(file.organisations.map((o, i) => ({ ...o, id: i + 1 })));
const turn = (grants: Turn['actor']['grants'] = []) => ({ actor: { personId: 1, grants }, services: { directory } }) as unknown as Turn;
const t = turn();

const accept = command({ words: ['受理'], args: [record('TS')], help: '受理 编号 —— 受理投诉举报', who: ['officer'], run: (_t, [no]) => `受理了 ${no}` });
const acceptDispute = command({ words: ['受理'], args: [record('ZY')], who: ['justice'], run: (_t, [no]) => `受理争议 ${no}` });
const refuse = command({ words: ['不批准'], args: [record('YS'), text({ what: '理由' })], run: (_t, [no, why]) => `${no}:${why}` });
const assist = command({ words: ['协查'], args: [record('TS'), optional(org())], run: (_t, [no, o]) => `${no}:${o?.name ?? '-'}` });
const assistAnswer = command({ words: ['协查答复'], args: [record('TS'), text({ what: '协助调查的情况' })], run: (_t, [no]) => `答复 ${no}` });
const propose = command({ words: ['提议临时会议'], args: [text({ what: '议题', optional: true })], run: (_t, [topic]) => `议题:${topic ?? ''}` });
const file_ = command({ words: ['投诉'], run: () => '表单' });
const urgent = command({ words: ['管辖'], args: [record('AJ'), oneOf(['紧急', '一般'])], run: (_t, [no, u]) => `${no}:${u}` });

const router = new CommandRouter([accept, acceptDispute, refuse, assist, assistAnswer, propose, file_, urgent]);
const run = async (text: string, tt = t, inDialogue = false) => {
  const m = router.match(tt, text, { inDialogue });
  return m ? (await router.run(tt, m)).replies.map((r) => r.text).join('\n') : null;
};
const officer = turn([{ orgId: 1, role: 'officer' }]);

describe('matching', () => {
  it('tells one word apart by the shape of its argument, and normalises the number', async () => {
    expect(await run('受理 ts 2026 000123', officer)).toBe('受理了 TS-2026-000123');
    expect(await run('受理ZY-2026-000001', turn([{ orgId: 1, role: 'justice' }]))).toBe('受理争议 ZY-2026-000001');
  });

  it('tries the longest word first', async () => {
    expect(await run('协查答复 TS-2026-000001 已查明')).toBe('答复 TS-2026-000001');
    expect(await run('协查 TS-2026-000001 市场监管局')).toMatch(/^TS-2026-000001:.*市场监督管理局/);
    expect(await run('协查 TS-2026-000001')).toBe('TS-2026-000001:-');
  });

  it('gives typed arguments: free text, a listed word', async () => {
    expect(await run('不批准 YS-2026-000001 材料不全 需补充')).toBe('YS-2026-000001:材料不全 需补充');
    expect(await run('管辖 AJ-2026-000001 紧急')).toBe('AJ-2026-000001:紧急');
  });

  it('leaves a sentence that only begins with a command word to the classifier', () => {
    expect(router.match(t, '投诉楼下饭店太吵')).toBeNull();
    expect(router.match(t, '受理情况怎么样')).toBeNull();
  });

  it('refuses a person the command is not for', async () => {
    expect(await run('受理 TS-2026-000123')).toBe('“受理”供执法人员使用。');
  });
});

describe('missing or malformed arguments', () => {
  it('says how to write the command, from its matchers', async () => {
    expect(await run('不批准 YS-2026-000001')).toBe('请写明理由，如：不批准 YS-2026-000001 理由。');
    expect(await run('协查答复')).toBe('请在指令后写上投诉举报编号，如：协查答复 TS-2026-000123 情况。');
    expect(await run('协查 TS-2026-000001 火星局')).toContain('未找到单位“火星局”');
    expect(await run('管辖 AJ-2026-000001 很急')).toContain('如：管辖 AJ-2026-000001 紧急');
  });

  it('for a word shared by several commands, shows the ones the person may use', async () => {
    expect(await run('受理', officer)).toBe('请在指令后写上投诉举报编号，如：受理 TS-2026-000123。');
    expect(await run('受理 abc', officer)).toContain('编号格式应为');
    expect(await run('受理')).toBe('“受理”供执法人员使用。');
  });
});

describe('inside a dialogue', () => {
  it('takes a bare word, or a word with a structured argument, and not free text after a word', () => {
    expect(router.match(t, '投诉', { inDialogue: true })?.kind).toBe('command');
    expect(router.match(t, '受理 ZY-2026-000001', { inDialogue: true })?.kind).toBe('command');
    expect(router.match(t, '提议临时会议', { inDialogue: true })?.kind).toBe('command');
    expect(router.match(t, '提议临时会议 讨论某事', { inDialogue: true })).toBeNull();
    expect(router.match(t, '提议临时会议 讨论某事')?.kind).toBe('command');
  });
});

describe('declarations', () => {
  it('throws at start-up when two declarations of one word could take the same message', () => {
    const other = command({ words: ['受理', '确认受理'], args: [record('TS', 'AJ')], run: () => '' });
    expect(() => new CommandRouter([accept, other])).toThrow(/受理/);
    const bare = command({ words: ['投诉'], args: [text({ what: '问题', optional: true })], run: () => '' });
    expect(() => new CommandRouter([file_, bare])).toThrow(/投诉/);
    expect(() => new CommandRouter([accept, acceptDispute])).not.toThrow();
  });

  it('writes 帮助 from the declarations, for the person’s roles', () => {
    expect(router.helpLines(officer)).toContain('· 受理 编号 —— 受理投诉举报');
    expect(router.helpLines(t)).not.toContain('· 受理 编号 —— 受理投诉举报');
  });
});
