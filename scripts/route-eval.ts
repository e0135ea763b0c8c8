/**
 * npm run route-eval — routing accuracy and latency on the held-out set in
 * test/data/routing-eval.json (never used for training). `-- --misses` lists the misses.
 */
import { buildClassifiers } from '../bot/services';
import { evaluateRouting, fileDirectory, loadEvalSet } from './bench/routing';

const directory = fileDirectory();
const { router } = buildClassifiers(directory);
const ev = evaluateRouting(router, directory, loadEvalSet());
console.log(`routing accuracy: ${ev.correct}/${ev.total} = ${((100 * ev.correct) / ev.total).toFixed(1)}%`);
console.log(`latency per text: p50 ${ev.p50.toFixed(3)} ms, p99 ${ev.p99.toFixed(3)} ms`);
if (process.argv.includes('--misses')) console.log(ev.misses.join('\n'));
