/**
 * Staff bind their chat account to an organisation and role with a single-use,
 * expiring invitation code. Codes are random, stored only as a hash.
 */
import { createHash, randomInt } from 'node:crypto';
import { formatLocal } from '../domain/calendar/calendar';
import type { Directory } from '../domain/organisation';
import type { Store } from '../domain/ports';
import { type Result, fail, ok } from '../domain/result';
import { ROLE_LABEL, STAFF_ROLES, parseRole, roleFitsOrg } from '../domain/roles';
import { codesLockedText } from './limits';
import type { Turn } from './turn';

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I/L: read aloud and typed by hand
export const DEFAULT_INVITE_HOURS = 72;
export const MAX_INVITE_HOURS = 24 * 30;

export function newInviteCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

export function normaliseInviteCode(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function hashInviteCode(code: string): string {
  return createHash('sha256').update(`xietong-invite:${normaliseInviteCode(code)}`).digest('hex');
}

export interface IssuedInvite {
  code: string;
  org: string;
  role: string;
  expires: string;
  expiresAt: Date;
}

export async function issueInvite(
  store: Store, directory: Directory, orgText: string, roleText: string, now: Date, hours = DEFAULT_INVITE_HOURS,
): Promise<Result<IssuedInvite>> {
  const org = directory.find(orgText);
  if (!org) return fail(`没有找到单位“${orgText}”。请使用单位全称、简称或代码（如 sfj、市场监管局）。`);
  const role = parseRole(roleText);
  if (!role) return fail(`没有角色“${roleText}”。可用角色：${STAFF_ROLES.map((r) => `${r}（${ROLE_LABEL[r]}）`).join('、')}`);
  if (!roleFitsOrg(role, org)) return fail(`${org.name} 不能设置“${ROLE_LABEL[role]}”角色。`);
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_INVITE_HOURS) return fail(`有效期应为 1–${MAX_INVITE_HOURS} 小时。`);
  const code = newInviteCode();
  const expiresAt = new Date(now.getTime() + hours * 3600_000);
  await store.invites.create(hashInviteCode(code), org.id, role, expiresAt);
  return ok({ code, org: org.name, role: ROLE_LABEL[role], expires: formatLocal(expiresAt), expiresAt });
}

export async function redeemInvite(t: Turn, code: string): Promise<Result<string>> {
  if (normaliseInviteCode(code).length !== 10) return fail('邀请码格式不正确，应为10位字母数字，如 ABCDE-FGHJK。');
  // Wrong codes lock the account (and its address) out for a while: codes cannot be guessed.
  const wait = await t.limits.codeWait();
  if (wait) return fail(codesLockedText(wait));
  const grant = await t.store.invites.redeem(hashInviteCode(code), t.actor.personId, t.now);
  if (!grant) {
    await t.limits.codeFailed();
    return fail('邀请码无效、已使用或已过期。请向管理员重新申请。');
  }
  await t.store.people.grant(t.actor.personId, grant.orgId, grant.role);
  t.effects.session = 'rotate'; // a web session id known before must not carry the new role
  return ok(`绑定成功：您已是 ${t.services.directory.name(grant.orgId)} 的${ROLE_LABEL[grant.role]}。发送“帮助”查看可用功能。`);
}
