/**
 * One person, many platforms: 绑定账号 gives a short-lived code; 绑定 <code> sent from
 * another platform joins that account to the same person; 我的账号 lists them;
 * 通知渠道 <平台> chooses where notifications go.
 */
import { formatLocal } from '../domain/calendar/calendar';
import { type Result, fail, ok } from '../domain/result';
import { PLATFORM_LABEL, type Platform, parsePlatform } from './channels';
import { hashInviteCode, newInviteCode } from './invites';
import type { Turn } from './turn';

export const LINK_CODE_MINUTES = 10;

const label = (p: string) => PLATFORM_LABEL[p as Platform] ?? p;

export async function issueLinkCode(t: Turn): Promise<string> {
  const code = newInviteCode();
  const expiresAt = new Date(t.now.getTime() + LINK_CODE_MINUTES * 60_000);
  await t.store.linkCodes.create(hashInviteCode(`link:${code}`), t.actor.personId, expiresAt);
  return [
    `账号关联码：${code}`,
    `请在 ${LINK_CODE_MINUTES} 分钟内（${formatLocal(expiresAt)} 前），用要关联的其他平台账号（微信、企业微信、Telegram 或网页）向本助手发送：`,
    `绑定 ${code}`,
    '关联后，您的投诉举报进度和通知在各平台通用。关联码仅可使用一次，请勿转发给他人。',
  ].join('\n');
}

/** Joins the speaking account's person into the person who asked for the code. */
export async function redeemLinkCode(t: Turn, code: string): Promise<Result<string> | null> {
  const owner = await t.store.linkCodes.redeem(hashInviteCode(`link:${code}`), t.actor.personId, t.now);
  if (owner == null) return null;
  if (owner === 'own') return fail('这是您本人（已关联账号）生成的关联码，请在要关联的另一个平台账号上发送。');
  await t.store.people.merge(t.actor.personId, owner);
  const accounts = await t.store.people.accountsOf(owner);
  return ok(`关联成功。您现在关联的账号：${accounts.map((a) => label(a.platform)).join('、')}。发送“我的账号”查看，“通知渠道 平台名”选择接收通知的平台。`);
}

export async function listAccounts(t: Turn): Promise<string> {
  const accounts = await t.store.people.accountsOf(t.actor.personId);
  const preferred = await t.store.people.notifyPlatform(t.actor.personId);
  const lines = accounts.map((a) => `· ${label(a.platform)}${a.accountId === t.account.accountId ? '（当前）' : ''}`);
  return [
    '您关联的账号：',
    ...lines,
    `通知渠道：${preferred ? label(preferred) : '自动（优先最近关联的平台）'}`,
    '发送“绑定账号”获取关联码以关联其他平台；发送“通知渠道 微信”等选择接收通知的平台。',
  ].join('\n');
}

export async function setNotifyChannel(t: Turn, text: string): Promise<Result<string>> {
  if (text === '自动') {
    await t.store.people.setNotifyPlatform(t.actor.personId, null);
    return ok('通知渠道已设为自动。');
  }
  const platform = parsePlatform(text);
  if (!platform) return fail(`没有平台“${text}”。可选：${Object.values(PLATFORM_LABEL).join('、')}、自动。`);
  const accounts = await t.store.people.accountsOf(t.actor.personId);
  if (!accounts.some((a) => a.platform === platform)) {
    return fail(`您还没有关联${label(platform)}账号。请先发送“绑定账号”获取关联码，再在${label(platform)}上发送“绑定 关联码”。`);
  }
  await t.store.people.setNotifyPlatform(t.actor.personId, platform);
  return ok(`通知将发送到您的${label(platform)}账号。`);
}
