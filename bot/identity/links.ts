/**
 * Account linking (关联): 关联账号 gives a ten-minute code of eight digits (1234-5678), unlike
 * an invitation code (ABCDE-FGHJK, sent with 绑定); 关联 <code> from another account joins
 * that account's person to the code's owner. A link that involves a role holder waits for
 * the holder's confirmation on their own account (domain/identity.ts): 确认关联 shows what
 * would happen, naming the roles, with a six-digit code; 确认关联 <code> does it; one wrong
 * code cancels the request. Codes are shown once and stored only as hashes.
 */
import { createHash, randomInt } from 'node:crypto';
import { formatLocal } from '../../domain/calendar/calendar';
import { type LinkRequest, linkDecision, sameGrants } from '../../domain/identity';
import { type Result, fail, ok } from '../../domain/result';
import { ROLE_LABEL, type RoleGrant } from '../../domain/roles';
import type { Reply } from '../../domain/ports';
import { codesLockedText } from '../limits';
import type { Turn } from '../turn';
import { platformLabel } from './accounts';

export const LINK_CODE_MINUTES = 10;

/** What a code looks like: a link code, an invitation code, or neither. */
export type CodeShape = 'link' | 'invite' | 'other';

const ascii = (text: string) => text.replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
const compact = (text: string) => ascii(text).replace(/[\s\-－—_]/g, '');

export function codeShape(text: string): CodeShape {
  const c = compact(text);
  if (/^\d{8}$/.test(c)) return 'link';
  if (/^[A-Za-z0-9]{10}$/.test(c)) return 'invite';
  return 'other';
}

const digits = (n: number) => Array.from({ length: n }, () => String(randomInt(10))).join('');
const hash = (domain: string, code: string) => createHash('sha256').update(`xietong-${domain}:${compact(code)}`).digest('hex');

export const LINK_HINT = '如果是别人给您的关联码，请不要发送：关联会把您的账号并入对方的身份。';

export async function issueLinkCode(t: Turn): Promise<Reply> {
  const raw = digits(8);
  const code = `${raw.slice(0, 4)}-${raw.slice(4)}`;
  const expiresAt = new Date(t.now.getTime() + LINK_CODE_MINUTES * 60_000);
  await t.store.linkCodes.create(hash('link', code), t.actor.personId, expiresAt);
  const lines = [
    `账号关联码：${code}`,
    `请在 ${LINK_CODE_MINUTES} 分钟内（${formatLocal(expiresAt)} 前），用您本人的另一个平台账号（微信、企业微信、Telegram 或网页）向本助手发送：`,
    `关联 ${code}`,
    '关联后两个账号是同一身份，投诉举报进度和通知在各平台通用。关联码仅可使用一次，只供您本人使用：请勿转发给任何人，工作人员不会向您索要。',
  ];
  if (t.actor.grants.length) lines.push(`您持有职务（${rolesText(t, t.actor.grants)}）：关联时还需在本账号确认。`);
  return { text: lines.join('\n'), secret: true };
}

const rolesText = (t: Turn, grants: readonly RoleGrant[]) =>
  grants.map((g) => `${t.services.directory.name(g.orgId)}${ROLE_LABEL[g.role]}`).join('、');

/** 关联 <code> (already known to be link-shaped). */
export async function redeemLinkCode(t: Turn, code: string): Promise<Result<Reply>> {
  const wait = await t.limits.codeWait();
  if (wait) return fail(codesLockedText(wait));
  const owner = await t.store.linkCodes.redeem(hash('link', code), t.actor.personId, t.now);
  if (owner == null) {
    await t.limits.codeFailed();
    return fail('关联码无效、已使用或已过期。请在您本人的另一个账号上发送“关联账号”重新获取。');
  }
  if (owner === 'own') return fail('这是您本人（当前身份）生成的关联码，请在要关联的另一个平台账号上发送。');

  const ownerGrants = await t.store.people.grantsOf(owner);
  const decision = linkDecision(ownerGrants, t.actor.grants);
  switch (decision.kind) {
    case 'refuse':
      return fail('两个身份都持有职务，不能通过关联合并。如确需合并，请联系管理员先撤销其中一个身份的职务。');
    case 'merge': {
      await t.store.people.merge(t.actor.personId, owner);
      t.effects.session = 'rotate';
      const accounts = await t.store.people.accountsOf(owner);
      return ok({ text: `关联成功。您现在关联的账号：${accounts.map((a) => platformLabel(a.platform)).join('、')}。发送“我的账号”查看，“通知渠道 平台名”选择接收通知的平台。` });
    }
    case 'confirm': {
      const holder = decision.holder === 'owner' ? owner : t.actor.personId;
      const roles = decision.holder === 'owner' ? ownerGrants : t.actor.grants;
      const request = {
        fromPersonId: t.actor.personId, intoPersonId: owner, holderPersonId: holder, roles: [...roles],
        redeemerPlatform: t.platform, expiresAt: new Date(t.now.getTime() + LINK_CODE_MINUTES * 60_000),
      };
      if (decision.holder === 'redeemer') {
        // This account holds the roles: it confirms here, after reading what it would give away.
        const confirm = digits(6);
        const id = await t.store.identity.openLink(request, hash('confirm', confirm));
        return ok(confirmationText(t, { ...request, id }, confirm));
      }
      // The code's owner holds the roles: only their own account may confirm. The notice
      // carries no code (notifications are stored); 确认关联 there shows one.
      await t.store.identity.openLink(request, hash('confirm', digits(16)));
      await t.notify(owner, {
        text: [
          `【账号关联请求】一个${platformLabel(t.platform)}账号使用了您的关联码，请求并入您的身份。关联后该账号将拥有您的职务：${rolesText(t, roles)}。`,
          '如果是您本人刚刚在另一个账号上操作，请在本账号发送“确认关联”查看确认码；否则请发送“拒绝关联”，并不要再把关联码告诉任何人。',
        ].join('\n'),
        options: ['确认关联', '拒绝关联'],
      });
      return ok({ text: `该关联码属于持有职务的身份。已向其原账号发送确认请求：请在原账号上发送“确认关联”，按提示确认后即完成关联（${LINK_CODE_MINUTES} 分钟内有效）。` });
    }
  }
}

function confirmationText(t: Turn, r: LinkRequest, confirm: string): Reply {
  const gives = r.holderPersonId === r.fromPersonId
    ? `当前账号将并入关联码生成者的身份，对方将获得您的全部职务：${rolesText(t, r.roles)}——可查看本单位待办、投诉人联系方式并以您的名义办理。`
    : `一个${platformLabel(r.redeemerPlatform)}账号将并入您的身份，并获得您的全部职务：${rolesText(t, r.roles)}。`;
  return {
    text: [
      '【需要您确认的账号关联】',
      gives,
      `只有当两个账号都是您本人的，才发送：确认关联 ${confirm}`,
      `如果关联码是别人给您的，或您不清楚这是什么，请发送“拒绝关联”。确认码 ${formatLocal(r.expiresAt)} 前有效，输错一次即取消。`,
    ].join('\n'),
    options: ['拒绝关联'],
    secret: true,
  };
}

/** 确认关联 without a code: the holder's open request, explained, with a fresh code. */
export async function showConfirmation(t: Turn): Promise<Reply> {
  const [open] = await t.store.identity.openLinksOf(t.actor.personId, t.now);
  if (!open) return { text: '您没有待确认的账号关联请求。' };
  const confirm = digits(6);
  await t.store.identity.renewCode(open.id, hash('confirm', confirm));
  return confirmationText(t, open, confirm);
}

/** 确认关联 <code>: the holder says yes on their own account; the link is made if nothing changed meanwhile. */
export async function confirmLink(t: Turn, code: string): Promise<Result<string>> {
  const wait = await t.limits.codeWait();
  if (wait) return fail(codesLockedText(wait));
  const r = await t.store.identity.linkByCode(t.actor.personId, hash('confirm', code), t.now);
  if (!r) {
    const cancelled = await t.store.identity.closeLinks(t.actor.personId, 'wrong-code', t.now);
    if (!cancelled) return fail('您没有待确认的账号关联请求（或已过期）。');
    await t.limits.codeFailed();
    return fail('确认码不正确，关联请求已取消。如确需关联，请重新获取关联码。');
  }
  const other = r.holderPersonId === r.fromPersonId ? r.intoPersonId : r.fromPersonId;
  const stale =
    !sameGrants(await t.store.people.grantsOf(r.holderPersonId), r.roles) ||
    (await t.store.people.grantsOf(other)).length > 0 ||
    !(await t.store.people.accountsOf(other)).length;
  await t.store.identity.closeLinks(t.actor.personId, stale ? 'stale' : 'confirmed', t.now, r.id);
  if (stale) return fail('双方的身份或职务已发生变化，关联请求已取消。如仍需关联，请重新获取关联码。');
  await t.store.people.merge(r.fromPersonId, r.intoPersonId);
  t.effects.session = 'rotate';
  const accounts = await t.store.people.accountsOf(r.intoPersonId);
  return ok(`关联成功。该身份现在关联的账号：${accounts.map((a) => platformLabel(a.platform)).join('、')}。如非本人操作，请立即在相应账号发送“解除关联”。`);
}

export async function refuseLinks(t: Turn): Promise<string> {
  const n = await t.store.identity.closeLinks(t.actor.personId, 'refused', t.now);
  return n ? '已拒绝账号关联请求，对方的账号不会并入您的身份。' : '您没有待确认的账号关联请求。';
}
