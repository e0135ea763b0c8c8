/**
 * Routes a complaint to the competent body (M3). Two questions, answered apart:
 *  1. what kind of matter is it? — a department's, the justice bureau's (how an officer
 *     enforced), or a township matter (the penalty powers transferred to townships): naive
 *     Bayes over jieba words and character bigrams (./routing-model.ts), trained on the
 *     directory's example complaints and keywords, plus the keywords the text contains;
 *  2. for a township matter, which township? — from the place named.
 * A place alone never decides competence: a factory in 台营镇 polluting a river is still
 * the environment bureau's, so place names are masked before the matter is judged. The
 * confidence is calibrated (BENCHMARKS.md has the table); below 0.5 the complaint form
 * asks the citizen to check the body, and the citizen may always correct it.
 */
import { type Directory, type Organisation, canHandleComplaints } from '../domain/organisation';
import type { Segmenter } from './nlp';
import { type ModelParams, NaiveBayes, featuresOf, softmax } from './routing-model';

export interface Route {
  orgId: number;
  confidence: number;
  /** Other likely bodies, most likely first. */
  alternatives: { orgId: number; confidence: number }[];
  by: 'keywords' | 'classifier';
}

export interface RoutingParams extends ModelParams {
  /** Log-score added per character of a directory keyword found in the text ("食品安全" says more than "食品"). */
  keywordWeight: number;
  /**
   * Softmax temperature turning scores into confidences, times (weight of the known
   * features)^lengthExponent: naive Bayes grows surer with every feature it adds up, right
   * or wrong, so a long text needs a higher temperature than a short one.
   */
  temperature: number;
  lengthExponent: number;
  /** The weight a text counts as at least there: a word or two cannot make the router sure. */
  minWeight: number;
}

/** Tuned on test/data/routing-dev.json only (scripts/route-eval.ts --tune); never on the held-out texts. */
export const ROUTING_PARAMS: RoutingParams = { alpha: 0.1, wordWeight: 0.5, bigramWeight: 1, keywordWeight: 2, temperature: 0.75, lengthExponent: 0.5, minWeight: 8 };

/** A township matter with no township named: the citizen must say which (the form asks below 0.5). */
const UNPLACED_CONFIDENCE = 0.3;
/** Only a township named, nothing about the matter recognised. */
const PLACE_ONLY_CONFIDENCE = 0.2;
const TOWNSHIP = '@township'; // the competence class shared by every township
const PLACE_MASK = '，';

const round = (x: number) => Math.round(x * 1000) / 1000;
/** Full-width to half-width, lower case; 人民政府 hides 民政 (the civil affairs bureau's word), so it reads 政府. */
const normalise = (text: string) => text.normalize('NFKC').toLowerCase().replaceAll('人民政府', '政府');

export class ComplaintRouter {
  private readonly model: NaiveBayes<string>;
  private readonly matterWords = new Map<string, string[]>(); // competence label → keywords
  private readonly townships: { org: Organisation; places: string[] }[] = [];
  /** Every place name, longest first (masked out of the text the matter is judged on). */
  private readonly places: string[];

  constructor(private readonly directory: Directory, private readonly seg: Segmenter, private readonly params: RoutingParams = ROUTING_PARAMS) {
    const handlers = directory.all.filter(canHandleComplaints);
    for (const o of handlers.filter((h) => h.kind === 'township')) {
      const names = [o.name, ...o.aliases].map(normalise);
      const isPlace = (k: string) => names.some((n) => n.includes(k) || k.includes(n));
      this.townships.push({ org: o, places: [...new Set([...names, ...o.keywords.map(normalise).filter(isPlace)])].filter((p) => p.length >= 2) });
    }
    this.places = [...new Set(this.townships.flatMap((t) => t.places))].sort((a, b) => b.length - a.length);

    const docs: { label: string; features: Map<string, number> }[] = [];
    for (const o of handlers) {
      const label = o.kind === 'township' ? TOWNSHIP : o.code;
      const matter = o.keywords.map((k) => this.mask(normalise(k))).filter((k) => k.length >= 2 && !k.includes(PLACE_MASK));
      this.matterWords.set(label, [...new Set([...(this.matterWords.get(label) ?? []), ...matter])]);
      for (const text of [...o.examples, ...matter]) {
        const features = featuresOf(seg, this.mask(normalise(text)), params);
        if (features.size) docs.push({ label, features });
      }
    }
    this.model = new NaiveBayes(docs, params.alpha);
  }

  /**
   * The kinds of matter it tells apart (Open311's services): one per department and the
   * justice bureau, and one the townships share (which township, the place decides).
   */
  categories(): { township: boolean; orgIds: number[]; keywords: string[] }[] {
    return [...this.matterWords].map(([label, keywords]) => {
      const township = label === TOWNSHIP;
      const orgIds = township ? this.townships.map((t) => t.org.id) : [this.directory.byCode(label)!.id];
      return { township, orgIds, keywords };
    });
  }

  /** `what` decides the kind of matter; `where` only helps find the township. */
  route(what: string, where = ''): Route | null {
    const text = this.mask(normalise(what));
    const labels = this.model.labels;
    const known = this.model.scores(featuresOf(this.seg, text, this.params));
    const scores = known?.scores ?? new Float64Array(labels.length);
    let recognised = known !== null;
    const hits = new Set<string>();
    labels.forEach((label, c) => {
      let h = 0;
      for (const k of this.matterWords.get(label) ?? []) if (text.includes(k)) h += k.length;
      if (h) {
        hits.add(label);
        recognised = true;
        scores[c]! += this.params.keywordWeight * h;
      }
    });

    const place = this.township(`${normalise(what)} ${normalise(where)}`);
    if (!recognised) {
      // Nothing about the matter is recognised; a named township is still a lead.
      return place ? { orgId: place.id, confidence: PLACE_ONLY_CONFIDENCE, alternatives: [], by: 'keywords' } : null;
    }

    const p = softmax(scores, this.params.temperature * Math.max(this.params.minWeight, known?.weight ?? 0) ** this.params.lengthExponent);
    const ranked = labels
      .map((label, c) => ({
        label,
        confidence: label === TOWNSHIP && !place ? Math.min(p[c]!, UNPLACED_CONFIDENCE) : p[c]!,
        orgId: label === TOWNSHIP ? (place ?? this.townships[0]!.org).id : this.directory.byCode(label)!.id,
      }))
      .sort((a, b) => b.confidence - a.confidence);
    const [top, ...rest] = ranked;
    return {
      orgId: top!.orgId,
      confidence: round(top!.confidence),
      alternatives: rest.slice(0, 4).map((r) => ({ orgId: r.orgId, confidence: round(r.confidence) })),
      by: hits.has(top!.label) ? 'keywords' : 'classifier',
    };
  }

  /** The text with every township's name replaced by a break. */
  private mask(text: string): string {
    let out = text;
    for (const p of this.places) if (out.includes(p)) out = out.replaceAll(p, PLACE_MASK);
    return out;
  }

  /** The township whose name the text mentions (the longest mention wins). */
  township(text: string): Organisation | undefined {
    let best: { org: Organisation; len: number } | undefined;
    for (const t of this.townships) {
      for (const p of t.places) if (text.includes(p) && (!best || p.length > best.len)) best = { org: t.org, len: p.length };
    }
    return best?.org;
  }
}
