/**
 * Routing and intents on the real directory. The evaluation sets in test/data/ are held
 * out: none of their texts is a training example, nor a near copy of one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDirectoryFile } from '../db/seed';
import { Directory } from '../domain/organisation';
import { INTENT_THRESHOLD } from './intents';
import { buildClassifiers } from './services';

const file = loadDirectoryFile();
const directory = new Directory(file.organisations.map((o, i) => ({ ...o, id: i + 1 })));
const { router, intents } = buildClassifiers(directory);
const load = (name: string) => JSON.parse(readFileSync(new URL(`../test/data/${name}.json`, import.meta.url), 'utf8')) as { text: string; org: string }[];
const sets = { heldout: load('routing-heldout'), dev: load('routing-dev'), old: load('routing-eval') };
const code = (id: number | undefined) => (id == null ? null : directory.byId(id)!.code);
const accuracy = (set: { text: string; org: string }[]) => set.filter((e) => code(router.route(e.text)?.orgId) === e.org).length / set.length;

/** Character bigrams of the Han text, for near-copy detection. */
const bigrams = (t: string) => {
  const s = t.replace(/[^\p{Script=Han}]/gu, '');
  return new Set([...s].slice(1).map((ch, i) => s[i] + ch));
};
const overlap = (a: Set<string>, b: Set<string>) => [...a].filter((x) => b.has(x)).length / new Set([...a, ...b]).size;

describe('complaint routing', () => {
  it('the evaluation sets are held out from the training examples, and none is a near copy of one', () => {
    const examples = file.organisations.flatMap((o) => o.examples);
    const trained = new Set(examples);
    const exampleGrams = examples.map(bigrams);
    expect(sets.heldout.length).toBeGreaterThanOrEqual(300);
    for (const [name, set] of Object.entries(sets)) {
      for (const e of set) {
        expect(trained.has(e.text), `${name}: ${e.text}`).toBe(false);
        const g = bigrams(e.text);
        // Half or more of the bigrams shared: a paraphrase, not another complaint.
        if (name === 'heldout') for (const x of exampleGrams) expect(overlap(g, x), e.text).toBeLessThan(0.5);
      }
    }
  });

  it('routes at least 90% of each set to the competent body', () => {
    expect(accuracy(sets.heldout)).toBeGreaterThanOrEqual(0.9);
    expect(accuracy(sets.dev)).toBeGreaterThanOrEqual(0.9);
    expect(accuracy(sets.old)).toBeGreaterThanOrEqual(0.9);
  });

  it('its confidence means something: sure routes are nearly always right, unsure ones often wrong', () => {
    const routed = sets.heldout.map((e) => ({ r: router.route(e.text)!, org: e.org }));
    const rightShare = (xs: typeof routed) => xs.filter((x) => code(x.r.orgId) === x.org).length / xs.length;
    expect(rightShare(routed.filter((x) => x.r.confidence >= 0.9))).toBeGreaterThanOrEqual(0.95);
    expect(rightShare(routed.filter((x) => x.r.confidence < 0.7))).toBeLessThanOrEqual(0.75);
  });

  it('a department matter set in a township stays with the department', () => {
    expect(code(router.route('茶棚乡有家小超市卖的牛奶过期了半个月')?.orgId)).toBe('scjg');
    expect(code(router.route('留守营镇一家加工厂半夜往河沟里排黑水')?.orgId)).toBe('sthj');
    expect(code(router.route('坟坨镇有个包工头欠了我们三个月的工钱')?.orgId)).toBe('rsj');
  });

  it('a township matter with no township named is routed as unsure, so the citizen is asked', () => {
    const r = router.route('村里有人焚烧秸秆，烟很大')!;
    expect(directory.byId(r.orgId)!.kind).toBe('township');
    expect(r.confidence).toBeLessThan(0.5);
  });

  it('a place alone does not decide: a department matter in a township stays with the department', () => {
    expect(code(router.route('菜市场有商户缺斤短两，一斤只有八两', '抚宁镇兴华街')?.orgId)).toBe('scjg');
  });

  it('a township matter goes to the township named in the place', () => {
    expect(code(router.route('村里有人焚烧秸秆，烟很大', '坟坨镇某村')?.orgId)).toBe('ftz');
    expect(code(router.route('村里有人焚烧秸秆，烟很大', '茶棚乡')?.orgId)).toBe('cpx');
  });

  it('gives no route for text it knows nothing about', () => {
    expect(router.route('啊啊啊啊')).toBeNull();
  });

  it('confidences are probabilities, best first', () => {
    const r = router.route('饭店后厨老鼠乱窜，卫生太差')!;
    const all = [r.confidence, ...r.alternatives.map((a) => a.confidence)];
    expect(all.every((c) => c >= 0 && c <= 1)).toBe(true);
    expect([...all].sort((a, b) => b - a)).toEqual(all);
  });
});

describe('intent recognition', () => {
  const top = (t: string) => intents.recognise(t)[0];
  it.each([
    ['我想反映一个问题', 'complaint'],
    ['我的投诉怎么样了', 'query'],
    ['申请争议协调', 'dispute'],
    ['你能做什么', 'help'],
  ])('%s → %s', (text, intent) => {
    expect(top(text)?.label).toBe(intent);
    expect(top(text)!.confidence).toBeGreaterThanOrEqual(INTENT_THRESHOLD);
  });

  it('has no confident answer for unrelated text', () => {
    const r = top('嗯嗯');
    expect(r === undefined || r.confidence < INTENT_THRESHOLD).toBe(true);
  });
});
