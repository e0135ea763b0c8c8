/**
 * The complaint router's text model: multinomial naive Bayes over two kinds of features —
 * jieba words and character bigrams — with uniform class priors, and a calibrated
 * confidence (a softmax of the scores at a temperature fitted on the dev texts).
 *
 * Why not natural's BayesClassifier (still used for intents): it scans its whole
 * vocabulary on every call, which character n-grams make large; it cannot weigh one kind
 * of feature against another; and its class priors follow the number of examples, which
 * would favour the classes with the most examples rather than the likeliest matter.
 */
import type { Segmenter } from './nlp';

/** Weighted features of a text: name → weight. */
export type Features = Map<string, number>;

export interface ModelParams {
  /** Additive smoothing of each feature count. */
  alpha: number;
  /** Weight of a jieba word, and of a character bigram. */
  wordWeight: number;
  bigramWeight: number;
}

const HAN_RUN = /[\p{Script=Han}a-z0-9]+/gu;

/** Words and character bigrams of a text, each run of characters on its own (punctuation and masked places break runs). */
export function featuresOf(seg: Segmenter, text: string, p: ModelParams): Features {
  const f: Features = new Map();
  const add = (k: string, w: number) => f.set(k, (f.get(k) ?? 0) + w);
  if (p.wordWeight) for (const w of seg.tokens(text)) add(`w:${w}`, p.wordWeight);
  if (p.bigramWeight) {
    for (const run of text.toLowerCase().match(HAN_RUN) ?? []) {
      for (let i = 0; i + 2 <= run.length; i++) add(run.slice(i, i + 2), p.bigramWeight);
    }
  }
  return f;
}

/** Naive Bayes over weighted features; features never seen in training are left out. */
export class NaiveBayes<L extends string> {
  readonly labels: readonly L[];
  /** feature → log P(feature | class), one entry per class. */
  private readonly logLikelihood = new Map<string, Float64Array>();

  constructor(docs: readonly { label: L; features: Features }[], alpha: number) {
    this.labels = [...new Set(docs.map((d) => d.label))];
    const index = new Map(this.labels.map((l, i) => [l, i]));
    const counts = new Map<string, Float64Array>();
    const totals = new Float64Array(this.labels.length);
    for (const d of docs) {
      const c = index.get(d.label)!;
      for (const [k, w] of d.features) {
        let row = counts.get(k);
        if (!row) counts.set(k, (row = new Float64Array(this.labels.length)));
        row[c]! += w;
        totals[c]! += w;
      }
    }
    const vocabulary = counts.size;
    for (const [k, row] of counts) {
      this.logLikelihood.set(k, row.map((n, c) => Math.log((n + alpha) / (totals[c]! + alpha * vocabulary))));
    }
  }

  /** Log-likelihood per class (labels' order) and the weight of the known features it sums; null when none is known. */
  scores(features: Features): { scores: Float64Array; weight: number } | null {
    const s = new Float64Array(this.labels.length);
    let weight = 0;
    for (const [k, w] of features) {
      const row = this.logLikelihood.get(k);
      if (!row) continue;
      weight += w;
      for (let c = 0; c < s.length; c++) s[c]! += w * row[c]!;
    }
    return weight ? { scores: s, weight } : null;
  }
}

/** Probabilities from scores: softmax at temperature `t` (higher = less sure). */
export function softmax(scores: ArrayLike<number>, t: number): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) max = Math.max(max, scores[i]!);
  const p = new Float64Array(scores.length);
  let sum = 0;
  for (let i = 0; i < scores.length; i++) sum += p[i] = Math.exp((scores[i]! - max) / t);
  for (let i = 0; i < p.length; i++) p[i]! /= sum;
  return p;
}
