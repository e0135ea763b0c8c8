/**
 * npm run route-eval — routing accuracy, calibration and latency on the labelled sets of
 * scripts/bench/routing.ts (none used for training).
 *   npm run route-eval                         # held-out, dev and old: accuracy and calibration
 *   npm run route-eval -- --misses=dev,old     # and the misses of those sets
 *   npm run route-eval -- --tune               # the weights' grid on the dev set only (log loss, accuracy)
 *   npm run route-eval -- --calibrate          # the temperature: log loss of 5-fold cross-validated predictions
 *                                                of the directory's own examples, and of the dev texts
 * Tune on dev, never on held-out: its figure is only worth anything while nothing was chosen by it.
 */
import { Segmenter } from '../bot/nlp';
import { Directory } from '../domain/organisation';
import { ComplaintRouter, ROUTING_PARAMS, type RoutingParams } from '../bot/routing';
import { buildClassifiers } from '../bot/services';
import { EVAL_SETS, type EvalSetName, calibrationTable, evaluateRouting, fileDirectory, loadEvalSet } from './bench/routing';

const directory = fileDirectory();
const arg = (name: string) => process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))?.split('=')[1] ?? (process.argv.includes(`--${name}`) ? '' : undefined);

/** Mean negative log-probability the router gives the right body (0.001 at least), and its accuracy. */
function logLoss(router: ComplaintRouter, dir: Directory, set: { text: string; org: string }[]): { loss: number; correct: number } {
  let loss = 0;
  let correct = 0;
  for (const e of set) {
    const r = router.route(e.text);
    const all = r ? [r, ...r.alternatives] : [];
    if (r && dir.byId(r.orgId)!.code === e.org) correct++;
    loss -= Math.log(Math.max(0.001, all.find((a) => dir.byId(a.orgId)!.code === e.org)?.confidence ?? 0));
  }
  return { loss, correct };
}

if (arg('calibrate') !== undefined) {
  // The dev texts are few and mostly easy: a temperature fitted on them alone was overconfident.
  // Out-of-fold predictions of the directory's examples (each fold routed by a router trained
  // without it) are as many again, with a realistic share of mistakes.
  const seg = new Segmenter(directory.all.flatMap((o) => [o.name, ...o.aliases, ...o.keywords]));
  const dev = loadEvalSet('dev');
  const K = 5;
  /** Every example routed by a router trained without its fold. */
  const oof = (params: RoutingParams) => {
    const evs = Array.from({ length: K }, (_, k) => {
      const fold = new Directory(directory.all.map((o) => ({ ...o, examples: o.examples.filter((_, i) => i % K !== k) })));
      const held = directory.all.flatMap((o) => o.examples.filter((_, i) => i % K === k).map((text) => ({ text, org: o.code })));
      return evaluateRouting(new ComplaintRouter(fold, seg, params), fold, held);
    });
    return { ...evs[0]!, calibration: evs[0]!.calibration.map((b, i) => ({ ...b, n: evs.reduce((n, e) => n + e.calibration[i]!.n, 0), correct: evs.reduce((n, e) => n + e.calibration[i]!.correct, 0) })) };
  };
  const grid = [1, 4, 8, 16].flatMap((minWeight) => [0, 0.25, 0.5, 0.75, 1].flatMap((lengthExponent) =>
    [0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 4].map((temperature) => ({ temperature, lengthExponent, minWeight }))));
  for (const { temperature, lengthExponent, minWeight } of grid) {
    const params = { ...ROUTING_PARAMS, temperature, lengthExponent, minWeight };
    let loss = 0;
    let correct = 0;
    let n = 0;
    for (let k = 0; k < K; k++) {
      const keep = (i: number) => i % K !== k;
      const fold = new Directory(directory.all.map((o) => ({ ...o, examples: o.examples.filter((_, i) => keep(i)) })));
      const held = directory.all.flatMap((o) => o.examples.filter((_, i) => !keep(i)).map((text) => ({ text, org: o.code })));
      const r = logLoss(new ComplaintRouter(fold, seg, params), fold, held);
      loss += r.loss;
      correct += r.correct;
      n += held.length;
    }
    const d = logLoss(new ComplaintRouter(directory, seg, params), directory, dev);
    if (temperature === ROUTING_PARAMS.temperature && lengthExponent === ROUTING_PARAMS.lengthExponent && minWeight === ROUTING_PARAMS.minWeight) {
      console.log('out-of-fold calibration at the current setting:');
      console.log(calibrationTable(oof(params)).join('\n'));
    }
    console.log(`T ${temperature} × max(${minWeight}, weight)^${lengthExponent}: examples out of fold ${(100 * correct / n).toFixed(1)}%, log loss ${(loss / n).toFixed(3)}; dev log loss ${(d.loss / dev.length).toFixed(3)}; both ${((loss + d.loss) / (n + dev.length)).toFixed(3)}`);
  }
} else if (arg('tune') !== undefined) {
  const dev = loadEvalSet('dev');
  const seg = new Segmenter(directory.all.flatMap((o) => [o.name, ...o.aliases, ...o.keywords]));
  const results: { params: RoutingParams; accuracy: number; logLoss: number }[] = [];
  for (const alpha of [0.02, 0.05, 0.1, 0.3, 1])
    for (const bigramWeight of [0, 0.5, 1])
      for (const wordWeight of [0, 0.5, 1])
        for (const keywordWeight of [0, 1, 2])
          for (const temperature of [1, 1.5, 2, 3]) {
            if (!bigramWeight && !wordWeight) continue;
            const params = { ...ROUTING_PARAMS, alpha, bigramWeight, wordWeight, keywordWeight, temperature };
            const { loss, correct } = logLoss(new ComplaintRouter(directory, seg, params), directory, dev);
            results.push({ params, accuracy: correct / dev.length, logLoss: loss / dev.length });
          }
  results.sort((a, b) => b.accuracy - a.accuracy || a.logLoss - b.logLoss);
  for (const r of results.slice(0, 15)) console.log(`dev ${(100 * r.accuracy).toFixed(1)}%  log loss ${r.logLoss.toFixed(3)}  ${JSON.stringify(r.params)}`);
  console.log(`now: ${JSON.stringify(ROUTING_PARAMS)}`);
} else {
  const { router } = buildClassifiers(directory);
  const misses = new Set((arg('misses') ?? '').split(',').filter(Boolean));
  if (arg('misses') === '') ['dev', 'old'].forEach((s) => misses.add(s));
  for (const name of Object.keys(EVAL_SETS) as EvalSetName[]) {
    const ev = evaluateRouting(router, directory, loadEvalSet(name), 5);
    console.log(`${name}: ${ev.correct}/${ev.total} = ${((100 * ev.correct) / ev.total).toFixed(1)}%, latency p50 ${ev.p50.toFixed(3)} ms, p99 ${ev.p99.toFixed(3)} ms`);
    console.log(['| confidence | texts | routed right |', '| --- | --- | --- |', ...calibrationTable(ev)].join('\n'));
    if (misses.has(name)) console.log(ev.misses.join('\n'));
  }
}
