/**
 * What people do with 干预记录 (M12): an officer appends one; the supervising body is told,
 * lists, reads and verifies them. Each viewer sees the recorder only where
 * domain/interference-access.ts allows it.
 */
import { createHash } from 'node:crypto';
import { localYear } from '../../domain/calendar/calendar';
import {
  type Digest, type InterferenceFacts, type InterferenceRecord, describeCheck, draft, parseWitnesses, seal, shortHash, verifyChain,
} from '../../domain/interference';
import {
  type Supervisors, canSeeRecorder, canView, recorderOrgs, supervisedScopes, supervisesAny, supervisorOf, witnessOf,
} from '../../domain/interference-access';
import { ORG } from '../../domain/organisation';
import type { Reply } from '../../domain/ports';
import { SERIES } from '../../domain/record-no';
import { type Result, fail, ok } from '../../domain/result';
import type { Actor } from '../../domain/roles';
import type { Turn } from '../turn';
import { headNotice, listLine, recordText, recorderLine } from './render';

/** SHA-256 of the text's UTF-8 bytes, lower-case hex: the chain's digest. */
export const sha256: Digest = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

export function supervisors(t: Turn): Supervisors {
  const dir = t.services.directory;
  return { justiceBureauId: dir.byCode(ORG.justiceBureau)!.id, coordinationOfficeId: dir.byCode(ORG.coordinationOffice)!.id };
}

export const NOT_RECORDER = '只有执法单位的执法人员或负责人可以记录干预情况。工作人员请先发送“绑定 邀请码”绑定单位和角色。';
export const NOT_SUPERVISOR = '干预记录由司法局存档备查（涉及司法局的，由执法协调小组办公室存档），您无权查看或核验。';
export const NOT_FOUND = (no: string) => `未找到干预记录 ${no}，或您无权查看。`;

/** The text of a record for one viewer. */
async function textFor(t: Turn, r: InterferenceRecord, viewer: Actor): Promise<string> {
  const visible = canSeeRecorder(viewer, r, supervisors(t));
  const name = visible ? await t.store.people.displayName(r.recorderPersonId) : null;
  return recordText(r, t.services.directory, recorderLine(r, t.services.directory, visible, name));
}

/** Appends the record to the chain and tells the supervising body; the reply to the recorder. */
export async function appendRecord(t: Turn, recorderOrgId: number, facts: InterferenceFacts): Promise<Result<Reply>> {
  if (!recorderOrgs(t.actor).includes(recorderOrgId)) return fail(NOT_RECORDER);
  const dir = t.services.directory;
  const recordNo = await t.store.numbers.next(SERIES.interference, localYear(t.now));
  const d = draft(facts, { personId: t.actor.personId, orgId: recorderOrgId }, recordNo, t.now);
  if (!d.ok) return d;
  const r = await t.store.interference.append((head) => seal(sha256, head, d.value));
  const sup = supervisorOf(r, supervisors(t));
  const keepers = await t.store.people.staffOf(sup.orgId, sup.roles);
  for (const personId of keepers) {
    if (personId === t.actor.personId) continue;
    const viewer = { personId, grants: await t.store.people.grantsOf(personId) };
    await t.notify(personId, {
      text: [`【干预记录】${dir.name(sup.orgId)}收到一条新的干预记录，请存档备查。`, await textFor(t, r, viewer), '请保留本通知：其中的校验值可用于核验记录未被改动。'].join('\n'),
      options: [`查询 ${r.recordNo}`, '核验干预记录'],
    });
  }
  // The chain head to the other supervising body: a copy the keeping body cannot reach.
  const witness = witnessOf(r, supervisors(t));
  for (const personId of await t.store.people.staffOf(witness.orgId, witness.roles)) {
    if (personId === t.actor.personId || keepers.includes(personId)) continue;
    await t.notify(personId, { text: headNotice(r, dir.name(witness.orgId)), options: ['核验干预记录'] });
  }
  const named = r.interfererOrgId != null ? `，记录人身份不会告知${dir.name(r.interfererOrgId)}` : '';
  return ok({
    text: [
      `已记录。干预记录编号：${r.recordNo}`,
      `记录已报送${dir.name(sup.orgId)}存档备查${named}。`,
      '记录提交后不能修改或删除；如需补充或更正，请再记录一条并注明原编号。',
      `校验值：${shortHash(r.hash)}`,
    ].join('\n'),
  });
}

/** 查询 GY-…: the record, if the person may see it; "not found" otherwise, so existence does not leak. */
export async function showRecord(t: Turn, recordNo: string): Promise<string> {
  const r = await t.store.interference.byNo(recordNo);
  if (!r || !canView(t.actor, r, supervisors(t))) return NOT_FOUND(recordNo);
  return textFor(t, r, t.actor);
}

export const LIST_LIMIT = 20;

/** 干预记录列表: the newest records the person supervises. */
export async function listRecords(t: Turn): Promise<Result<Reply>> {
  const s = supervisors(t);
  const scopes = supervisedScopes(t.actor, s);
  if (!scopes.namingJusticeBureau && !scopes.others) return fail(NOT_SUPERVISOR);
  const dir = t.services.directory;
  const lines: string[] = [];
  const numbers: string[] = [];
  const section = async (title: string, filter: { naming: number } | { notNaming: number }) => {
    const rows = await t.store.interference.latest(filter, LIST_LIMIT);
    lines.push(`${title}（最近 ${rows.length} 条）：`, ...(rows.length ? rows.map((r) => listLine(r, dir)) : ['· 暂无']));
    numbers.push(...rows.map((r) => r.recordNo));
  };
  if (scopes.others) await section(`干预记录（${dir.name(s.justiceBureauId)}存档）`, { notNaming: s.justiceBureauId });
  if (scopes.namingJusticeBureau) await section(`涉及${dir.name(s.justiceBureauId)}的干预记录（${dir.name(s.coordinationOfficeId)}存档）`, { naming: s.justiceBureauId });
  lines.push('发送“查询 编号”查看详情，“核验干预记录”核验记录是否被改动。');
  return ok({ text: lines.join('\n'), options: [...numbers.slice(0, 5).map((no) => `查询 ${no}`), '核验干预记录'] });
}

/**
 * 核验干预记录 [GY-… / 第N条 校验值 …]: walks the whole chain (it is short: interference is
 * rare), checking each link, every anchor kept since and the hashes the supervisor kept
 * from notices.
 */
export async function verifyRecords(t: Turn, witnessText: string): Promise<Result<string>> {
  if (!supervisesAny(t.actor, supervisors(t))) return fail(NOT_SUPERVISOR);
  const witnesses = parseWitnesses(witnessText);
  if (!witnesses.ok) return witnesses;
  if (witnessText.trim() && !witnesses.value.length) return fail('格式：核验干预记录，或 核验干预记录 GY-2026-000001 通知中的校验值。');
  const records = await t.store.interference.chain();
  const anchors = await t.store.interference.anchors();
  const check = verifyChain(sha256, records, witnesses.value, anchors);
  if (!check.ok) return ok(describeCheck(check));
  return ok([
    describeCheck(check),
    ...(anchors.length ? [`已逐条与 ${anchors.length} 份存证核对。`] : []),
    ...(witnesses.value.length ? [`已对照您提供的 ${witnesses.value.length} 个校验值。`] : []),
  ].join('\n'));
}
