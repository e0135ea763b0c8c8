/**
 * Routing and intents on the real directory. The evaluation set in test/data/ is
 * held out: none of its texts is a training example.
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
const evalSet = JSON.parse(readFileSync(new URL('../test/data/routing-eval.json', import.meta.url), 'utf8')) as { text: string; org: string }[];
const code = (id: number | undefined) => (id == null ? null : directory.byId(id)!.code);

describe('complaint routing', () => {
  it('the evaluation set is held out from the training examples', () => {
    const examples = new Set(file.organisations.flatMap((o) => o.examples));
    expect(evalSet.length).toBeGreaterThanOrEqual(100);
    for (const e of evalSet) expect(examples.has(e.text)).toBe(false);
  });

  it('routes at least 80% of the held-out complaints to the competent body', () => {
    const correct = evalSet.filter((e) => code(router.route(e.text)?.orgId) === e.org).length;
    expect(correct / evalSet.length).toBeGreaterThanOrEqual(0.8);
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
