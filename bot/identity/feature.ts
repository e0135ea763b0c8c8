/**
 * Who someone is and what roles they hold: 绑定 <邀请码> (staff, the only way to gain a
 * role), 邀请码 and 撤销职务 (administrators), 关联账号 / 关联 / 确认关联 / 拒绝关联 /
 * 解除关联 (one person on several platforms), 我的账号, 通知渠道, 退出登录 (web).
 *
 * The two kinds of code never stand in for each other: an invitation code (ABCDE-FGHJK)
 * is only taken by 绑定, a link code (1234-5678) only by 关联; each is refused by the other
 * word with a hint, and nothing is looked up.
 */
import { type Feature, say } from '../feature';
import { int, optional, text, token } from '../router/args';
import { command } from '../router/command';
import { issueInvite, redeemInvite } from '../invites';
import { detachAccount, listAccounts, logout, setNotifyChannel } from './accounts';
import { LINK_HINT, codeShape, confirmLink, issueLinkCode, redeemLinkCode, refuseLinks, showConfirmation } from './links';
import { revokeFlow, startRevoke } from './revoke';

const INVITE_NOTE = '邀请码由管理员发给工作人员本人。关联您本人的其他平台账号请发送“关联账号”。';
const LINK_NOTE = '关联码在您本人的另一个账号上发送“关联账号”获取（8位数字，10分钟内有效）。';
/** What may follow 关联: a code (letters, digits, dashes, spaces); “关联企业怎么查” is a question, not a code. */
const CODE_LIKE = /^[0-9０-９A-Za-zＡ-Ｚａ-ｚ\-－\s]+$/;
const linkCode = token({ what: '关联码', example: '1234-5678', pattern: CODE_LIKE, note: LINK_NOTE });

export const identity: Feature = {
  name: 'identity',
  flows: [revokeFlow],
  commands: [
    command({
      words: ['绑定'],
      args: [token({ what: '邀请码', example: 'ABCDE-FGHJK', note: INVITE_NOTE })],
      help: '绑定 邀请码 —— 工作人员绑定单位和职务（邀请码如 ABCDE-FGHJK，由管理员发给本人）',
      async run(t, [code]) {
        if (codeShape(code) === 'link') {
          return `“绑定”只用于工作人员邀请码（如 ABCDE-FGHJK）。您发送的是账号关联码：如果它是您本人在另一个账号上获取的，请改为发送“关联 ${code}”。${LINK_HINT}`;
        }
        return redeemInvite(t, code);
      },
    }),
    command({
      words: ['关联账号', '绑定账号', '获取关联码'],
      help: '关联账号 / 关联 关联码 —— 在微信、企业微信、Telegram、网页间关联您本人的账号；我的账号 / 通知渠道 / 解除关联',
      run: async (t) => ({ replies: [await issueLinkCode(t)] }),
    }),
    command({
      words: ['关联'],
      args: [linkCode],
      async run(t, [raw]) {
        const code = raw.trim();
        const shape = codeShape(code);
        if (shape === 'invite') return '这是工作人员邀请码，不是关联码。工作人员绑定单位和职务请发送“绑定 邀请码”。';
        if (shape !== 'link') return `关联码应为8位数字，如 1234-5678。请发送“关联 关联码”。${LINK_NOTE}`;
        const r = await redeemLinkCode(t, code);
        return r.ok ? { replies: [r.value] } : say(r.reason);
      },
    }),
    command({
      words: ['确认关联'],
      args: [optional(token({ what: '确认码', example: '123456' }))],
      run: async (t, [code]) => (code ? confirmLink(t, code) : { replies: [await showConfirmation(t)] }),
    }),
    command({ words: ['拒绝关联'], run: refuseLinks }),
    command({ words: ['解除关联'], run: detachAccount }),
    command({ words: ['退出登录'], help: (t) => (t.platform === 'web' ? '退出登录 —— 结束本浏览器的登录' : null), run: (t) => logout(t, false) }),
    command({ words: ['确认退出登录'], run: (t) => logout(t, true) }),
    command({ words: ['我的账号'], inFlow: 'answer', run: listAccounts }),
    command({
      words: ['通知渠道'],
      args: [optional(token({ what: '渠道', example: '微信' }))],
      run: (t, [channel]) => (channel ? setNotifyChannel(t, channel) : listAccounts(t)),
    }),
    command({
      words: ['邀请码'],
      args: [token({ what: '单位', example: '市场监管局' }), token({ what: '角色', example: '执法人员' }), optional(int({ min: 1, max: 100_000, what: '有效小时数', example: 72 }))],
      who: ['admin'],
      denied: '只有管理员可以生成邀请码。',
      help: '邀请码 单位 角色 —— 生成工作人员邀请码（如：邀请码 市场监管局 执法人员）',
      async run(t, [orgText, roleText, hours]) {
        const r = await issueInvite(t.store, t.services.directory, orgText, roleText, t.now, hours);
        if (!r.ok) return say(r.reason);
        // A credential: shown once, never kept for a redelivery (engine.ts, withoutSecret).
        const v = r.value;
        return { replies: [{ text: `邀请码：${v.code}\n单位：${v.org}\n角色：${v.role}\n有效期至：${v.expires}\n仅可使用一次，请当面或通过可信渠道交给本人，由其发送“绑定 ${v.code}”。`, secret: true }] };
      },
    }),
    command({
      words: ['撤销职务'],
      args: [text({ what: '单位', optional: true })],
      who: ['admin'],
      denied: '只有管理员可以撤销职务。',
      help: '撤销职务 [单位] —— 撤销某人的职务',
      run: (t, [orgText]) => startRevoke(t, orgText ?? ''),
    }),
  ],
};
