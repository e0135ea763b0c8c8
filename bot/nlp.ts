/**
 * Chinese text for the classifiers: jieba segmentation (@node-rs/jieba, bundled
 * dictionary plus the directory's own words) and a `natural` Bayes classifier over it.
 */
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type natural from 'natural';

// Only the Bayes classifier's module: natural's index loads every part of the library
// (WordNet, dotenv, …) — about two seconds of every process start and test file for one class.
const BayesClassifier = createRequire(import.meta.url)('natural/lib/natural/classifiers/bayes_classifier.js') as typeof natural.BayesClassifier;

const STOP = new Set(['的', '了', '是', '在', '我', '我们', '你', '你们', '他', '也', '还', '就', '都', '和', '有', '吗', '呢', '啊', '吧', '这', '那', '很', '太', '一个', '请', '一下']);

export class Segmenter {
  private readonly jieba = Jieba.withDict(dict);

  constructor(extraWords: Iterable<string> = []) {
    const words = [...new Set(extraWords)].filter((w) => w.length >= 2 && !/\s/.test(w));
    // jieba's user dictionary format: "word freq" per line.
    if (words.length) this.jieba.loadDict(Buffer.from(words.map((w) => `${w} 2000`).join('\n')));
  }

  tokens(text: string): string[] {
    return this.jieba
      .cut(text.toLowerCase(), false)
      .map((w) => w.trim())
      .filter((w) => w && !STOP.has(w) && !/^[\p{P}\p{S}\s\d]+$/u.test(w));
  }
}

/**
 * natural's Bayes scores a word seen in a class as (1 + smoothing) / class size and an
 * unseen one as smoothing / class size; at its default of 1 a known word barely beats an
 * unknown one. 0.05 separates them (measured on test/data/routing-eval.json: 80% → 86%).
 */
const SMOOTHING = 0.05;

export interface Scored<L extends string> {
  label: L;
  confidence: number;
}

/**
 * Naive Bayes over segmented words. Confidence is the normalised posterior, and 0
 * when the text shares no word with the training data (priors alone are not evidence).
 */
export class TextClassifier<L extends string> {
  private readonly classifier: natural.BayesClassifier;
  private readonly vocabulary = new Set<string>();

  constructor(private readonly seg: Segmenter, examples: Iterable<{ text: string; label: L }>) {
    const stemmer = { tokenizeAndStem: (s: string) => seg.tokens(s), stem: (w: string) => w, tokenize: (s: string) => seg.tokens(s) };
    this.classifier = new BayesClassifier(stemmer as unknown as natural.Stemmer, SMOOTHING);
    for (const e of examples) {
      const toks = seg.tokens(e.text);
      if (!toks.length) continue;
      toks.forEach((t) => this.vocabulary.add(t));
      this.classifier.addDocument(toks, e.label);
    }
    this.classifier.train();
  }

  knownTokens(text: string): string[] {
    return this.seg.tokens(text).filter((t) => this.vocabulary.has(t));
  }

  classify(text: string): Scored<L>[] {
    const known = this.knownTokens(text);
    if (!known.length) return [];
    const raw = this.classifier.getClassifications(known);
    const total = raw.reduce((s, r) => s + r.value, 0) || 1;
    return raw.map((r) => ({ label: r.label as L, confidence: r.value / total })).sort((a, b) => b.confidence - a.confidence);
  }
}
