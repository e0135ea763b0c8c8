/**
 * 当事人及涉案人员的身份信息 (M10): political status, employer and position are recorded
 * for every party, and whether they are a party member or a state employee — the two
 * facts that decide a discipline referral when the case ends in a penalty.
 */
import { type Result, fail, ok } from '../result';

export const POLITICAL_STATUSES = ['中共党员', '中共预备党员', '共青团员', '民主党派', '群众', '不详'] as const;
export type PoliticalStatus = (typeof POLITICAL_STATUSES)[number];

export interface Party {
  name: string;
  /** 自然人 or 单位 (a company's responsible person is recorded as a person of their own). */
  kind: 'person' | 'organisation';
  politicalStatus: PoliticalStatus | null; // 政治面貌 (people only)
  employer: string | null; // 工作单位
  position: string | null; // 职务
  partyMember: boolean; // 党员
  stateEmployee: boolean; // 国家工作人员
}

export const MAX_PARTIES = 20;

export function parsePoliticalStatus(text: string): PoliticalStatus | undefined {
  const t = text.trim().replace(/\s+/g, '');
  const exact = POLITICAL_STATUSES.find((s) => s === t);
  if (exact) return exact;
  if (/预备/.test(t)) return '中共预备党员';
  if (/^(中共|共产)?党员$|^中国共产党党员$/.test(t)) return '中共党员';
  if (/团员/.test(t)) return '共青团员';
  if (/民主党派|民革|民盟|民建|民进|农工党|致公党|九三|台盟/.test(t)) return '民主党派';
  if (/群众|无党派/.test(t)) return '群众';
  return undefined;
}

/**
 * A party as recorded: a party member is whoever is 中共党员 or 预备党员 (the status
 * decides, so the flag cannot contradict it).
 */
export function makeParty(p: Omit<Party, 'partyMember'>): Result<Party> {
  const name = p.name.trim();
  if (name.length < 2 || name.length > 100) return fail('当事人姓名或名称应为 2–100 字。');
  if (p.kind === 'organisation' && (p.politicalStatus || p.stateEmployee)) return fail('单位当事人不登记政治面貌和国家工作人员身份，请另行登记其负责人。');
  const partyMember = p.politicalStatus === '中共党员' || p.politicalStatus === '中共预备党员';
  return ok({ ...p, name, partyMember });
}

/** The parties whose penalty may call for discipline (M10). */
export const disciplineRelevant = (parties: readonly Party[]): Party[] => parties.filter((p) => p.partyMember || p.stateEmployee);

export function partyLine(p: Party): string {
  if (p.kind === 'organisation') return `${p.name}（单位）`;
  const marks = [p.politicalStatus ?? '政治面貌未登记', p.employer ? `${p.employer}${p.position ?? ''}` : null, p.stateEmployee ? '国家工作人员' : null]
    .filter(Boolean)
    .join('，');
  return `${p.name}（${marks}）`;
}
