/**
 * 联络员制度: 「联席会议实行联络员制度，各成员单位明确一名科室负责人担任联络员」 (M1), and
 * the same for the approval–supervision meeting (M14 三). The roster holds one liaison per
 * member unit and meeting: a member of staff holding the liaison role there registers with
 * name, post (科室及职务) and phone, and so replaces whoever was registered before. The
 * office sees the roster and which units have named none; notices of the meeting go to the
 * registered liaison (and the unit's head) — to every liaison-role holder of a unit that
 * has registered none yet (our reading: nobody is left uninformed while the roster fills).
 */
import { type Result, fail, ok } from '../result';
import { requireText } from '../text';
import type { MeetingBody } from './meeting';

export interface LiaisonEntry {
  body: MeetingBody;
  orgId: number;
  personId: number;
  name: string;
  post: string; // 科室及职务
  phone: string;
  registeredAt: Date;
}

export const MAX_LIAISON_TEXT = { name: 20, post: 60 } as const;

export const checkName = (s: string): Result<string> => requireText(s, 2, MAX_LIAISON_TEXT.name, '联络员姓名');
export const checkPost = (s: string): Result<string> => requireText(s, 2, MAX_LIAISON_TEXT.post, '科室及职务');

/** A phone number as people write it: 11-digit mobile or a landline with area code (0335-6011234). */
export function checkPhone(s: string): Result<string> {
  const t = s.trim().normalize('NFKC').replace(/\s+/g, '');
  return /^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/.test(t) ? ok(t) : fail('请填写联系电话：11位手机号，或带区号的座机号（如 0335-6011234）。');
}

export interface LiaisonRosterRepo {
  /** Registers the unit's liaison for the meeting; the entry it replaced, if any. */
  register(e: LiaisonEntry): Promise<LiaisonEntry | null>;
  of(body: MeetingBody): Promise<LiaisonEntry[]>;
}
