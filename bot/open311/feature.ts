/**
 * 开放接口密钥: an administrator issues (and revokes) the API key of a civic app that files
 * complaints through Open311 GeoReport v2 (/open311/v2, adapters/web/open311). The key is
 * shown once — never kept in the replies stored for a redelivered message — and stored
 * only as a hash; each client has a name, unique among its live keys.
 */
import { formatLocal } from '../../domain/calendar/calendar';
import { isAdmin } from '../../domain/roles';
import type { Feature, Outcome } from '../feature';
import { text } from '../router/args';
import { command } from '../router/command';
import type { Turn } from '../turn';
import { hashOpen311Key, newOpen311Key } from './keys';

const ISSUE = '开放接口密钥';
const REVOKE = '撤销开放接口密钥';
const WHO = '开放接口（Open311）密钥由管理员签发和撤销。';
const NAME_MAX = 40;

async function revokeKey(t: Turn, name: string): Promise<string> {
  const revoked = await t.store.open311.revokeKey(name, t.actor.personId, t.now);
  return revoked ? `已撤销开放接口密钥“${name}”，使用它的请求将被拒绝（403）。` : `没有名为“${name.slice(0, NAME_MAX)}”的有效密钥。发送“${ISSUE}”查看有效密钥。`;
}

async function listKeys(t: Turn): Promise<string> {
  const keys = await t.store.open311.liveKeys();
  if (!keys.length) return `目前没有有效的开放接口密钥。签发：${ISSUE} 名称（如：${ISSUE} 抚宁随手拍）。`;
  return [
    '有效的开放接口密钥：',
    ...keys.map((k) => `· ${k.name}：签发于 ${formatLocal(k.createdAt)}，${k.lastUsedAt ? `最近使用 ${formatLocal(k.lastUsedAt)}` : '尚未使用'}`),
    `撤销：${REVOKE} 名称`,
  ].join('\n');
}

async function issueKey(t: Turn, name: string): Promise<Outcome | string> {
  if (name.length < 2 || name.length > NAME_MAX) return `密钥名称应为 2–${NAME_MAX} 个字（写明接入的应用或单位，如“抚宁随手拍”）。`;
  if (await t.store.open311.liveKey(name)) return `已有名为“${name}”的有效密钥。如需更换，请先发送“${REVOKE} ${name}”。`;
  const key = newOpen311Key();
  await t.store.open311.issueKey({ name, keyHash: hashOpen311Key(key), issuedBy: t.actor.personId, at: t.now });
  return {
    replies: [{
      text: [
        `开放接口（Open311）密钥“${name}”（只显示这一次，请妥善保存并交给该应用的管理人员，不要转发他人）：`,
        key,
        '用法：POST /open311/v2/requests.json，参数 api_key=<密钥>（查询 GET /open311/v2/requests.json 同样需要）；服务列表：GET /open311/v2/services.json。',
        `发送“${REVOKE} ${name}”可随时作废本密钥。`,
      ].join('\n'),
      secret: true,
    }],
  };
}

export const open311: Feature = {
  name: 'open311',
  flows: [],
  commands: [
    command({
      words: [ISSUE],
      args: [text({ what: '密钥名称', example: '抚宁随手拍', optional: true })],
      who: (t) => isAdmin(t.actor),
      denied: WHO,
      help: `${ISSUE} 名称 / ${REVOKE} 名称 —— 签发或撤销随手拍等应用接入投诉举报的开放接口（Open311）密钥；“${ISSUE}”列出有效密钥`,
      run: (t, [name]) => (name ? issueKey(t, name) : listKeys(t)),
    }),
    command({
      words: [REVOKE],
      // Optional, so the bare word is a command inside a dialogue too (free text is not): it says how to write it.
      args: [text({ what: '要撤销的密钥名称', example: '抚宁随手拍', optional: true })],
      who: (t) => isAdmin(t.actor),
      denied: WHO,
      run: (t, [name]) => (name ? revokeKey(t, name) : `请写明要撤销的密钥名称，如：${REVOKE} 抚宁随手拍。发送“${ISSUE}”查看有效密钥。`),
    }),
  ],
};
