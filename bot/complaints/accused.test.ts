/**
 * Recognising the accused body (issue 13 §1) on the real directory and router: the
 * variants list, decorated at random (fast-check), never loses the body meant nor swaps it
 * for another; an ordinary complaint asks nothing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadDirectoryFile } from '../../db/seed';
import { Directory, type Organisation } from '../../domain/organisation';
import { ACCUSED_VARIANTS, type AccusedVariant } from '../../test/data/accused-variants';
import { buildClassifiers } from '../services';
import { type AccusedGuess, guessAccused } from './accused';

const directory = new Directory(loadDirectoryFile().organisations.map((o, i) => ({ ...o, id: i + 1 }) as Organisation));
const { router } = buildClassifiers(directory);
const code = (id: number) => directory.byId(id)!.code;
const guess = (answer: string | null, what: string, where = '') => guessAccused(directory, router, { answer, what, where });

/** The body meant is kept: certain about it, or among the options; 'any' is never certain. */
function keepsBody(g: AccusedGuess, variant: AccusedVariant): boolean {
  if (g.kind === 'none') return false;
  if (variant.body === 'any') return g.kind === 'unsure';
  return g.kind === 'certain' ? code(g.orgId) === variant.body : g.candidates.map(code).includes(variant.body);
}

describe('the accused body, from the answer to 被投诉对象', () => {
  it(`has at least 30 phrasings to check`, () => expect(ACCUSED_VARIANTS.length).toBeGreaterThanOrEqual(30));

  it.each(ACCUSED_VARIANTS.map((v) => [v.say, v.body, v] as const))('%s → %s', (_say, _body, variant) => {
    const g = guess(variant.say, variant.what, variant.where);
    expect(keepsBody(g, variant), JSON.stringify(g)).toBe(true);
  });

  it('property: wrapped in other words, spaces and full-width forms, the body meant is never lost or swapped', () => {
    const prefix = fc.constantFrom('', '那个', '就是', '抚宁区', '我要投诉', '举报', '　');
    const suffix = fc.constantFrom('', '的', '的人', '执法人员', '张某', '王队长', '。', '！', '（名字不知道）', ' 两个人');
    fc.assert(
      fc.property(fc.constantFrom(...ACCUSED_VARIANTS), prefix, suffix, fc.nat(), fc.boolean(), (variant, pre, post, at, space) => {
        let say = variant.say;
        if (space) say = `${say.slice(0, at % say.length)} ${say.slice(at % say.length)}`;
        return keepsBody(guess(`${pre}${say}${post}`, variant.what, variant.where), variant);
      }),
      { numRuns: 400 },
    );
  });

  it('is certain only when one body is named by its name or alias and the 事由 names no other', () => {
    expect(guess('城管局', '城管执法没收我的三轮车')).toEqual({ kind: 'certain', orgId: directory.byCode('cgj')!.id });
    const two = guess('城管局', '市场监管局和城管的人一起来罚款');
    expect(two.kind).toBe('unsure');
    expect(two.kind === 'unsure' && two.candidates.map(code).slice(0, 2).sort()).toEqual(['cgj', 'scjg']);
    expect(guess('市监督局', '超市卖过期食品').kind).toBe('unsure'); // an abbreviation is a question, not a certainty
  });
});

describe('the accusation in the 事由, when the answer is skipped', () => {
  it('recognises the finding: the 事由 names the bureau and its officers', () => {
    const g = guess(null, '超市长期销售过期变质食品，市场监督局执法人员收了超市好处不处理');
    expect(g.kind).toBe('unsure');
    expect(g.kind === 'unsure' && code(g.candidates[0]!)).toBe('scjg');
  });

  it.each([
    ['城管执法人员没收我的三轮车，不开任何手续', 'cgj'],
    ['卫健局的人查我的诊所，不让陈述申辩就下了处罚决定', 'wjj'],
    ['镇里综合执法队拆我家棚子之前没下过任何通知', 'tyz'],
  ])('%s → asks, offering %s', (what, body) => {
    const g = guess(null, what, '台营镇某村');
    expect(g.kind === 'unsure' && g.candidates.map(code)).toContain(body);
  });

  it('asks nothing about an ordinary complaint (the held-out routing set, misconduct ones aside)', () => {
    const evalSet: { text: string; org: string }[] = JSON.parse(readFileSync(new URL('../../test/data/routing-eval.json', import.meta.url), 'utf8'));
    const ordinary = evalSet.filter((e) => e.org !== 'sfj');
    expect(ordinary.length).toBeGreaterThan(100);
    const asked = ordinary.filter((e) => guess(null, e.text).kind !== 'none').map((e) => e.text);
    expect(asked).toEqual([]);
    for (const what of ['超市卖过期食品，酸奶过期一个月还在卖', '菜市场有商户缺斤短两，一斤只有八两', '市场所有摊位都占道', '请市场监管局来查处', '培训机构乱收费']) {
      expect(guess(null, what), what).toEqual({ kind: 'none' });
    }
  });
});
