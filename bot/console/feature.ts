/**
 * 控制台: a member of staff asks chat for a one-time sign-in code of the web console (5
 * minutes, single use, bound to the person, stored hashed). The reply carries a credential:
 * it is marked secret, so a redelivered message or a retried request never shows it again.
 */
import { createHash, randomInt } from 'node:crypto';
import { CONSOLE_CODE_ALPHABET, CONSOLE_CODE_LENGTH, CONSOLE_CODE_MS, groupConsoleCode, mayUseConsole, parseConsoleCode } from '../../domain/console';
import { formatLocal } from '../../domain/calendar/calendar';
import type { Feature, Outcome } from '../feature';
import { command } from '../router/command';
import type { Turn } from '../turn';

export const newConsoleCode = (): string =>
  groupConsoleCode(Array.from({ length: CONSOLE_CODE_LENGTH }, () => CONSOLE_CODE_ALPHABET[randomInt(CONSOLE_CODE_ALPHABET.length)]).join(''));

/** The stored form of a code (as typed: any case or separators). */
export const hashConsoleCode = (code: string): string =>
  createHash('sha256').update(`xietong-console:${parseConsoleCode(code) ?? code}`).digest('hex');

export const CONSOLE_PATH = '/console';

/** Issues a new code (the person's earlier ones stop working). */
async function issueConsoleCode(t: Turn): Promise<Outcome> {
  const code = newConsoleCode();
  await t.store.console.issueCode(t.actor.personId, hashConsoleCode(code), t.now);
  const until = formatLocal(new Date(t.now.getTime() + CONSOLE_CODE_MS));
  return {
    replies: [{
      text: [
        '控制台登录码（只显示这一次，5 分钟内有效，只能使用一次，请勿转发）：',
        code,
        `有效期至：${until}`,
        `请在浏览器中打开本系统网址 ${CONSOLE_PATH} 并输入登录码；在本系统的网页对话中也可直接打开 ${CONSOLE_PATH}/login?code=${code}`,
        '您此前的登录码已作废。',
      ].join('\n'),
      secret: true,
    }],
  };
}

export const consoleFeature: Feature = {
  name: 'console',
  flows: [],
  commands: [
    command({
      words: ['控制台', '登录控制台', '网页控制台'],
      who: (t) => mayUseConsole(t.actor),
      denied: '控制台供执法单位工作人员使用。群众可发送“查询 编号”查看自己的投诉举报。',
      help: '控制台 —— 获取网页控制台的一次性登录码：各类台账的筛选、检索、导出和办理过程',
      run: issueConsoleCode,
    }),
  ],
};
