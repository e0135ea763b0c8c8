/** The district directory: every body the plan names (see db/seed/directory.json). */
export const ORG_KINDS = ['department', 'township', 'authority', 'external'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export interface Organisation {
  id: number;
  code: string;
  name: string;
  aliases: string[];
  kind: OrgKind;
  receivingBody: string; // 受理投诉举报的工作机构
  phone: string; // 投诉举报电话 (M3 公示)
  mailbox: string; // 投诉举报信箱 (M3 公示)
  keywords: string[];
  examples: string[];
}

/** Codes of the bodies the plan gives a fixed part. */
export const ORG = {
  justiceBureau: 'sfj', // 司法局
  coordinationOffice: 'xtb', // 执法协调小组办公室
  approvalBureau: 'spj', // 行政审批局
  districtGovernment: 'qzf', // 区政府
} as const;

/** Bodies that can receive and handle a complaint (M3): enforcement departments, townships, the justice bureau. */
export const canHandleComplaints = (o: Organisation): boolean =>
  o.kind === 'department' || o.kind === 'township' || o.code === ORG.justiceBureau;

/** In-memory view of the directory with name lookup as people type it. */
export class Directory {
  private readonly byIdMap: Map<number, Organisation>;
  private readonly byCodeMap: Map<string, Organisation>;

  constructor(readonly all: readonly Organisation[]) {
    this.byIdMap = new Map(all.map((o) => [o.id, o]));
    this.byCodeMap = new Map(all.map((o) => [o.code, o]));
  }

  byId(id: number): Organisation | undefined {
    return this.byIdMap.get(id);
  }

  byCode(code: string): Organisation | undefined {
    return this.byCodeMap.get(code);
  }

  name(id: number | null | undefined): string {
    return (id != null && this.byIdMap.get(id)?.name) || '（未知单位）';
  }

  /**
   * Finds the body a person means: exact code, name or alias first, then the longest
   * name or alias contained in the text ("城管局的张某" → 城市管理综合行政执法局).
   */
  find(text: string, filter: (o: Organisation) => boolean = () => true): Organisation | undefined {
    const t = text.trim();
    if (!t) return undefined;
    const candidates = this.all.filter(filter);
    const exact = candidates.find((o) => o.code === t || o.name === t || o.aliases.includes(t));
    if (exact) return exact;
    // 人民政府 hides the alias 民政 (民政局): mask it for names that do not contain it.
    const masked = t.replaceAll('人民政府', '＿');
    let best: { org: Organisation; len: number } | undefined;
    for (const o of candidates) {
      for (const n of [o.name, ...o.aliases]) {
        const hay = n.includes('人民政府') ? t : masked;
        if (n.length >= 2 && hay.includes(n) && (!best || n.length > best.len)) best = { org: o, len: n.length };
      }
    }
    if (best) return best.org;
    // A short answer may be part of a name: "市场监管" → 抚宁区市场监督管理局 only if unambiguous.
    if (t.length >= 2) {
      const partial = candidates.filter((o) => [o.name, ...o.aliases].some((n) => n.includes(t)));
      if (partial.length === 1) return partial[0];
    }
    return undefined;
  }
}
