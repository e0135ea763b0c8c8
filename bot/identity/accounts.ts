/**
 * A person's accounts: 我的账号 lists them, 通知渠道 <平台> chooses where notifications go,
 * 解除关联 takes this account out of the person, 退出登录 ends a web session.
 */
import { type Result, fail, ok } from '../../domain/result';
import { PLATFORM_LABEL, type Platform, parsePlatform } from '../channels';
import type { Turn } from '../turn';

export const platformLabel = (p: string) => PLATFORM_LABEL[p as Platform] ?? p;

export async function listAccounts(t: Turn): Promise<string> {
  const accounts = await t.store.people.accountsOf(t.actor.personId);
  const preferred = await t.store.people.notifyPlatform(t.actor.personId);
  const lines = accounts.map((a) => `· ${platformLabel(a.platform)}${a.accountId === t.account.accountId ? '（当前）' : ''}`);
  return [
    '您关联的账号：',
    ...lines,
    `通知渠道：${preferred ? platformLabel(preferred) : '自动（优先最近关联的平台）'}`,
    '发送“关联账号”获取关联码以关联您本人的其他平台账号；“解除关联”使当前账号不再属于此身份；“通知渠道 微信”等选择接收通知的平台。',
  ].join('\n');
}

export async function setNotifyChannel(t: Turn, text: string): Promise<Result<string>> {
  if (text === '自动') {
    await t.store.people.setNotifyPlatform(t.actor.personId, null);
    return ok('通知渠道已设为自动。');
  }
  const platform = parsePlatform(text);
  if (!platform) return fail(`没有平台“${text.slice(0, 20)}”。可选：${Object.values(PLATFORM_LABEL).join('、')}、自动。`);
  const accounts = await t.store.people.accountsOf(t.actor.personId);
  if (!accounts.some((a) => a.platform === platform)) {
    return fail(`您还没有关联${platformLabel(platform)}账号。请先发送“关联账号”获取关联码，再在${platformLabel(platform)}上发送“关联 关联码”。`);
  }
  await t.store.people.setNotifyPlatform(t.actor.personId, platform);
  return ok(`通知将发送到您的${platformLabel(platform)}账号。`);
}

/** 解除关联: this account becomes a person of its own; roles, complaints and other accounts stay behind. */
export async function detachAccount(t: Turn): Promise<string> {
  const accounts = await t.store.people.accountsOf(t.actor.personId);
  if (accounts.length < 2) return '当前账号没有关联其他账号，无需解除。';
  await t.store.identity.detach(t.account.accountId);
  t.effects.session = 'rotate';
  await t.notify(t.actor.personId, { text: `您的${platformLabel(t.platform)}账号已解除关联，不再属于您的身份。如非本人操作，请检查该账号的安全。` });
  return [
    '已解除关联：当前账号现在是一个新的独立身份。',
    '原身份的投诉举报、职务和通知不再在当前账号显示；原身份的其他账号不受影响。',
  ].join('\n');
}

/**
 * 退出登录 (web): the browser's session ends and its next message starts as a new visitor.
 * When this is the person's only account nothing else could reach them again, so that asks
 * once more (确认退出登录).
 */
export async function logout(t: Turn, confirmed: boolean): Promise<string> {
  if (t.platform !== 'web') {
    return '“退出登录”用于网页版。如要让当前账号不再属于您的身份，请发送“解除关联”。';
  }
  const accounts = await t.store.people.accountsOf(t.actor.personId);
  if (accounts.length < 2 && !confirmed) {
    return [
      '当前网页账号是您唯一的账号：退出后，本浏览器将无法再以此身份查看投诉举报进度或使用职务。',
      '如要保留，请先发送“关联账号”关联您本人的其他平台账号。仍要退出请发送“确认退出登录”。',
    ].join('\n');
  }
  t.effects.session = 'end';
  return '已退出登录。本浏览器再次发送消息时，将作为新的访客开始。';
}
