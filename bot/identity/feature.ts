/**
 * Who someone is and what roles they hold: 绑定 <邀请码> (staff, the only way to gain a
 * role), 邀请码 and 撤销职务 (administrators), 关联账号 / 关联 / 确认关联 / 拒绝关联 /
 * 解除关联 (one person on several platforms), 我的账号, 通知渠道, 退出登录 (web).
 *
 * The two kinds of code never stand in for each other: an invitation code (ABCDE-FGHJK)
 * is only taken by 绑定, a link code (1234-5678) only by 关联; each is refused by the other
 * word with a hint, and nothing is looked up.
 */
import { isAdmin } from '../../domain/roles';
import { type Feature, say } from '../feature';
import { issueInvite, redeemInvite } from '../invites';
import { detachAccount, listAccounts, logout, setNotifyChannel } from './accounts';
import { LINK_HINT, codeShape, confirmLink, issueLinkCode, redeemLinkCode, refuseLinks, showConfirmation } from './links';
import { revokeFlow, startRevoke } from './revoke';

const BIND_HELP = '请发送“绑定 邀请码”，如：绑定 ABCDE-FGHJK。邀请码由管理员发给工作人员本人。关联您本人的其他平台账号请发送“关联账号”。';
const LINK_HELP = '请发送“关联 关联码”，如：关联 1234-5678。关联码在您本人的另一个账号上发送“关联账号”获取（8位数字，10分钟内有效）。';

export const identity: Feature = {
  name: 'identity',
  flows: [revokeFlow],
  help(t) {
    const lines = [
      '· 绑定 邀请码 —— 工作人员绑定单位和职务（邀请码如 ABCDE-FGHJK，由管理员发给本人）',
      '· 关联账号 / 关联 关联码 —— 在微信、企业微信、Telegram、网页间关联您本人的账号；我的账号 / 通知渠道 / 解除关联',
    ];
    if (t.platform === 'web') lines.push('· 退出登录 —— 结束本浏览器的登录');
    if (isAdmin(t.actor)) {
      lines.push('· 邀请码 单位 角色 —— 生成工作人员邀请码（如：邀请码 市场监管局 执法人员）', '· 撤销职务 [单位] —— 撤销某人的职务');
    }
    return lines;
  },
  async command(t, text) {
    let m: RegExpMatchArray | null;
    if (/^(关联账号|绑定账号|获取关联码)$/.test(text)) return { replies: [await issueLinkCode(t)] };

    if ((m = text.match(/^绑定\s*(\S*)\s*$/))) {
      const code = m[1]!;
      if (!code) return say(BIND_HELP);
      if (codeShape(code) === 'link') {
        return say(`“绑定”只用于工作人员邀请码（如 ABCDE-FGHJK）。您发送的是账号关联码：如果它是您本人在另一个账号上获取的，请改为发送“关联 ${code}”。${LINK_HINT}`);
      }
      const r = await redeemInvite(t, code);
      return say(r.ok ? r.value : r.reason);
    }
    // Only code-like text after 关联: “关联企业怎么查” is a question, not a code.
    if ((m = text.match(/^关联\s*([0-9０-９A-Za-zＡ-Ｚａ-ｚ\-－\s]*)$/))) {
      const code = m[1]!.trim();
      if (!code) return say(LINK_HELP);
      const shape = codeShape(code);
      if (shape === 'invite') return say('这是工作人员邀请码，不是关联码。工作人员绑定单位和职务请发送“绑定 邀请码”。');
      if (shape !== 'link') return say(`关联码应为8位数字，如 1234-5678。${LINK_HELP}`);
      const r = await redeemLinkCode(t, code);
      return r.ok ? { replies: [r.value] } : say(r.reason);
    }
    if ((m = text.match(/^确认关联\s*(\S*)\s*$/))) {
      if (!m[1]) return { replies: [await showConfirmation(t)] };
      const r = await confirmLink(t, m[1]);
      return say(r.ok ? r.value : r.reason);
    }
    if (text === '拒绝关联') return say(await refuseLinks(t));
    if (text === '解除关联') return say(await detachAccount(t));
    if ((m = text.match(/^(确认)?退出登录$/))) return say(await logout(t, !!m[1]));
    if (text === '我的账号') return say(await listAccounts(t));
    if ((m = text.match(/^通知渠道\s*(\S*)\s*$/))) {
      if (!m[1]) return say(await listAccounts(t));
      const r = await setNotifyChannel(t, m[1]);
      return say(r.ok ? r.value : r.reason);
    }

    if ((m = text.match(/^邀请码\s+(\S+)\s+(\S+)(?:\s+(\d+))?\s*$/))) {
      if (!isAdmin(t.actor)) return say('只有管理员可以生成邀请码。');
      const r = await issueInvite(t.store, t.services.directory, m[1]!, m[2]!, t.now, m[3] ? Number(m[3]) : undefined);
      if (!r.ok) return say(r.reason);
      // A credential: shown once, never kept for a redelivery (engine.ts, withoutSecret).
      const v = r.value;
      return { replies: [{ text: `邀请码：${v.code}\n单位：${v.org}\n角色：${v.role}\n有效期至：${v.expires}\n仅可使用一次，请当面或通过可信渠道交给本人，由其发送“绑定 ${v.code}”。`, secret: true }] };
    }
    if ((m = text.match(/^撤销职务\s*(.*)$/s))) return startRevoke(t, m[1]!.trim());
    return null;
  },
};
