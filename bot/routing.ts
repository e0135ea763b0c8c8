/**
 * Routes a complaint to the competent body (M3). Two questions, answered apart:
 *  1. what kind of matter is it? — departments, the justice bureau, or "a township
 *     matter" (the penalty powers transferred to townships), from the directory's
 *     keywords and a Bayes classifier trained on its example complaints;
 *  2. for a township matter, which township? — from the place named.
 * A place alone never decides competence: a factory in 台营镇 polluting a river is
 * still the environment bureau's. The citizen may correct the result.
 */
import { type Directory, type Organisation, canHandleComplaints } from '../domain/organisation';
import { type Segmenter, TextClassifier } from './nlp';

export interface Route {
  orgId: number;
  confidence: number;
  /** Other likely bodies, most likely first. */
  alternatives: { orgId: number; confidence: number }[];
  by: 'keywords' | 'classifier';
}

const KEYWORD_WEIGHT = 0.6; // share of the score given to explicit keyword hits
const TOWNSHIP = '@township'; // the competence class shared by every township

const round = (x: number) => Math.round(x * 1000) / 1000;

export class ComplaintRouter {
  private readonly classifier: TextClassifier<string>;
  private readonly matterWords = new Map<string, string[]>(); // competence label → keywords
  private readonly townships: { org: Organisation; places: string[] }[] = [];

  constructor(private readonly directory: Directory, seg: Segmenter) {
    const handlers = directory.all.filter(canHandleComplaints);
    const examples: { text: string; label: string }[] = [];
    for (const o of handlers) {
      const label = o.kind === 'township' ? TOWNSHIP : o.code;
      let matter = o.keywords;
      if (o.kind === 'township') {
        const names = [o.name, ...o.aliases];
        const isPlace = (k: string) => names.some((n) => n.includes(k) || k.includes(n));
        this.townships.push({ org: o, places: [...new Set([...names, ...o.keywords.filter(isPlace)])].filter((p) => p.length >= 2) });
        matter = o.keywords.filter((k) => !isPlace(k));
      }
      this.matterWords.set(label, [...new Set([...(this.matterWords.get(label) ?? []), ...matter])]);
      // One class per body, townships too: natural's Bayes favours small classes, so
      // pooling nine townships' examples into one class would drown it.
      for (const text of [...o.examples, ...matter]) examples.push({ text, label: o.code });
    }
    this.classifier = new TextClassifier(seg, examples);
    this.townshipCodes = new Set(this.townships.map((t) => t.org.code));
  }

  private readonly townshipCodes: Set<string>;

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
    const scores = new Map<string, number>();
    let likelyTownship: string | undefined; // the township the classifier likes best
    for (const s of this.classifier.classify(what)) {
      const isTownship = this.townshipCodes.has(s.label);
      if (isTownship) likelyTownship ??= s.label;
      const label = isTownship ? TOWNSHIP : s.label;
      scores.set(label, (scores.get(label) ?? 0) + (1 - KEYWORD_WEIGHT) * s.confidence);
    }

    // Keyword hits; longer keywords weigh more: "食品安全" says more than "食品".
    const hits = new Map<string, number>();
    for (const [label, words] of this.matterWords) {
      let h = 0;
      for (const k of words) if (k.length >= 2 && what.includes(k)) h += k.length;
      if (h) hits.set(label, h);
    }
    const hitTotal = [...hits.values()].reduce((a, b) => a + b, 0);
    for (const [label, h] of hits) scores.set(label, (scores.get(label) ?? 0) + KEYWORD_WEIGHT * (h / hitTotal));

    const place = this.township(`${what} ${where}`);
    if (!scores.size) {
      // Nothing about the matter is recognised; a named township is still a lead.
      return place ? { orgId: place.id, confidence: 0.2, alternatives: [], by: 'keywords' } : null;
    }

    const total = [...scores.values()].reduce((a, b) => a + b, 0);
    const ranked = [...scores.entries()]
      .map(([label, s]) => ({ label, confidence: s / total }))
      .sort((a, b) => b.confidence - a.confidence)
      .map((r) => ({
        ...r,
        orgId: r.label === TOWNSHIP ? (place ?? this.directory.byCode(likelyTownship ?? this.townships[0]!.org.code)!).id : this.directory.byCode(r.label)!.id,
      }));
    const [top, ...rest] = ranked;
    return {
      orgId: top!.orgId,
      confidence: round(top!.confidence),
      alternatives: rest.slice(0, 4).map((r) => ({ orgId: r.orgId, confidence: round(r.confidence) })),
      by: hits.has(top!.label) ? 'keywords' : 'classifier',
    };
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
