/**
 * 撤销职务 (administrators): the unit, then one of its role holders picked from a numbered
 * list (name, role, platforms, since when, and the person's number to tell namesakes
 * apart), then 确认撤销. The list is kept in the dialogue, so the number picked means the
 * person shown even if the list changes meanwhile.
 */
import { formatLocal } from '../../domain/calendar/calendar';
import { ROLE_LABEL, type StaffRole, isAdmin } from '../../domain/roles';
import { type Outcome, openFlow, say } from '../feature';
import { type Flow, done, invalid, isConfirm, next, needs } from '../flow';
import type { Turn } from '../turn';
import { platformLabel } from './accounts';

interface Pick {
  personId: number;
  role: StaffRole;
  /** The option text (short); the list line adds `detail`. */
  label: string;
  detail: string;
}

interface RevokeData {
  orgId?: number;
  picks?: Pick[];
  chosen?: Pick;
}

const CONFIRM = '确认撤销';
const MAX_LISTED = 50;

async function holdersOf(t: Turn, orgId: number): Promise<Pick[]> {
  const holders = await t.store.identity.holders(orgId);
  return holders.slice(0, MAX_LISTED).map((h) => ({
    personId: h.personId,
    role: h.role,
    label: `${h.displayName ?? '未留名'} · ${ROLE_LABEL[h.role]} · 人员编号${h.personId}`,
    detail: `${h.platforms.map(platformLabel).join('、') || '无账号'}，${formatLocal(h.grantedAt).split(' ')[0]} 起`,
  }));
}

export const revokeFlow: Flow<RevokeData, 'pick' | 'confirm'> = {
  name: 'revoke-role',
  title: '撤销职务',
  help: '先发送单位名称，再回复序号选择要撤销职务的人员，最后发送“确认撤销”。发送“取消”退出。',
  first: 'pick',
  steps: {
    pick: {
      prompt(d, t) {
        if (d.orgId === undefined || !d.picks) return { text: '【撤销职务 1/2】请发送单位名称或简称（如“市场监管局”“sfj”）：' };
        const lines = d.picks.map((p, i) => `${i + 1}. ${p.label}（${p.detail}）`);
        return {
          text: [`【撤销职务 1/2】${t.services.directory.name(d.orgId)} 持有职务的人员：`, ...lines, '请回复序号选择要撤销的职务。'].join('\n'),
          options: d.picks.slice(0, 20).map((p) => p.label),
        };
      },
      async answer(text, d, t) {
        const a = text.trim();
        if (d.orgId === undefined || !d.picks) {
          const org = t.services.directory.find(a);
          if (!org) return invalid(`没有找到单位“${a.slice(0, 40)}”。请发送单位全称、简称或代码。`);
          const picks = await holdersOf(t, org.id);
          if (!picks.length) return done({ text: `${org.name} 目前没有持有职务的人员。` });
          return next('pick', { orgId: org.id, picks });
        }
        const chosen = /^\d{1,3}$/.test(a) ? d.picks[Number(a) - 1] : d.picks.find((p) => p.label === a);
        if (!chosen) return invalid(`请回复 1–${d.picks.length} 的序号。`);
        if (chosen.personId === t.actor.personId && chosen.role === 'admin') return invalid('不能撤销您本人的管理员职务；如确需撤销，请由其他管理员办理。');
        return next('confirm', { ...d, chosen });
      },
    },
    confirm: needs(['orgId', 'chosen'], {
      prompt: (d, t) => ({
        text: `【撤销职务 2/2】将撤销 ${t.services.directory.name(d.orgId)} ${d.chosen.label} 的“${ROLE_LABEL[d.chosen.role]}”职务。撤销后其不再能以该职务办理或查看本单位事项。确认请发送“${CONFIRM}”。`,
        options: [CONFIRM, '取消'],
      }),
      async answer(text, d, t) {
        if (!isConfirm(text, CONFIRM)) return invalid(`请回复“${CONFIRM}”或“取消”。`);
        if (!isAdmin(t.actor)) return done({ text: '只有管理员可以撤销职务。' }); // revoked meanwhile
        const org = t.services.directory.name(d.orgId);
        const role = ROLE_LABEL[d.chosen.role];
        if (!(await t.store.identity.revoke(d.chosen.personId, d.orgId, d.chosen.role))) return done({ text: `该人员已不再持有 ${org} 的“${role}”职务，无需撤销。` });
        await t.notify(d.chosen.personId, { text: `您在 ${org} 的“${role}”职务已由管理员撤销。如有疑问，请联系管理员。` });
        return done({ text: `已撤销：${org} ${d.chosen.label}。已通知本人。` });
      },
    }),
  },
};

/** 撤销职务 [单位]. */
export async function startRevoke(t: Turn, orgText: string): Promise<Outcome> {
  if (!isAdmin(t.actor)) return say('只有管理员可以撤销职务。');
  if (!orgText) return openFlow(revokeFlow, {});
  const org = t.services.directory.find(orgText);
  if (!org) return say(`没有找到单位“${orgText.slice(0, 40)}”。请发送“撤销职务 单位名称”，如“撤销职务 市场监管局”。`);
  const picks = await holdersOf(t, org.id);
  if (!picks.length) return say(`${org.name} 目前没有持有职务的人员。`);
  return openFlow(revokeFlow, { orgId: org.id, picks });
}
