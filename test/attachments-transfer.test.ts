/**
 * A transfer (案件移送) whose materials are files (issue 17): the township's officer sends the
 * files at the material steps over the web chat (the same Step.files path as a complaint's
 * photos), the head approves, the department receives and downloads them — the same bytes,
 * the same hash — by signed links that ask the transfer's policy: the supervising bureau
 * may; the receiver not before the transfer is sent; a body that is neither sender,
 * receiver nor supervisor never.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueInvite } from '../bot/invites';
import { unitOfWork } from '../db/store';
import type { Directory } from '../domain/organisation';
import { numberIn } from './support/chat';
import { type TestDatabase, onPostgres, testDatabase } from './support/db';
import { type TestFiles, fetchLink, jpegWithExif, linksIn, sha256, testFileDesk, upload } from './support/files';
import { WebClient } from './support/http';
import { inboxText, staffMember } from './support/staff';
import { type WebApp, serveEngine } from './support/web-app';

let database: TestDatabase;
let files: TestFiles;
let app: WebApp;
let directory: Directory;
const now = () => new Date();

beforeAll(async () => {
  database = await testDatabase();
  files = await testFileDesk(unitOfWork(database.db), 'filesystem');
  app = await serveEngine({ uow: unitOfWork(database.db), db: () => database.db, dbKind: onPostgres ? 'postgres' : 'pglite', files: files.desk });
  directory = app.directory; // not a second engine: the app's own
});
afterAll(async () => {
  await app?.close();
  await files?.close();
  await database?.close();
});

const staff = (id: string, org: string, role: string) => staffMember({ engine: app.engine, db: database.db, directory, now }, id, org, role);

/** An officer in the browser: bound by an invitation like any member of staff. */
async function webStaff(org: string, role: string): Promise<WebClient> {
  const r = await unitOfWork(database.db).run((s) => issueInvite(s, directory, org, role, now()));
  if (!r.ok) throw new Error(r.reason);
  const c = new WebClient(app.url);
  expect(await c.say(`绑定 ${r.value.code}`)).toContain('绑定成功');
  return c;
}

const personOf = async (externalId: string) =>
  Number(((await database.db.execute(`SELECT person_id FROM accounts WHERE external_id = '${externalId}'`)) as any).rows[0].person_id);

/** A scanned letter as a PDF: whole (it ends with %%EOF). */
const letterPdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\n% 台营移〔2026〕7号 案件移送书\ntrailer <</Root 1 0 R>>\n%%EOF\n');
const reportScan = jpegWithExif(41);

describe('a transfer whose materials are files', () => {
  it('is approved and received; the receiver downloads them as sent; a body outside it gets 404', async () => {
    const officer = await webStaff('台营镇', '执法人员');
    const head = await staff('ys-head', '台营镇', 'head');
    const receiver = await staff('ys-receiver', '农业农村局', 'officer');
    const justice = await staff('ys-sfj', '司法局', 'justice');
    await staff('ys-outsider', '住建局', 'officer');

    for (const t of ['立案', '销售假农药，货值较大', '《农药管理条例》第五十五条', '2万', '今天', '赵某', '自然人', '群众', '无', '无', '否', '当事人已登记完毕', '属于本单位管辖']) await officer.say(t);
    const caseNo = numberIn('AJ', await officer.say('确认登记'));
    for (const t of [`移送 ${caseNo}`, '农业农村局', '涉及的法律法规不属本单位执法权限', '销售假农药属农业部门查处']) await officer.say(t);
    expect(await officer.say('否')).toContain('可同时发送该材料的文件');

    // 案件移送书: the PDF with its number; 调查报告: the scan first, its title after.
    const letter = await upload(officer, '台营移〔2026〕7号', [{ name: '移送书.pdf', bytes: letterPdf, type: 'application/pdf' }]);
    const letterSaid = letter.body.replies.map((r: { text: string }) => r.text).join('\n');
    expect(letterSaid).toContain('已收到案件移送书的文件 1 个');
    expect(letterSaid).toContain('案件调查报告');
    const report = await upload(officer, '', [{ name: '调查报告.jpg', bytes: reportScan, type: 'image/jpeg' }]);
    expect(report.body.replies.map((r: { text: string }) => r.text).join('\n')).toContain('已收到案件调查报告的文件 1 个');
    await officer.say('关于赵某销售假农药的调查报告');
    // 涉案物品清单 declared absent with a file: the file is not kept with the transfer (README, readings).
    const none = await upload(officer, '无', [{ name: '清单.jpg', bytes: jpegWithExif(42), type: 'image/jpeg' }]);
    expect(none.body.replies.map((r: { text: string }) => r.text).join('\n')).toContain('检验报告');
    for (const t of ['无', '基本违法事实说明一份']) await officer.say(t);
    const check = await officer.say('无');
    expect(check).toContain('案件移送书：台营移〔2026〕7号（附件：移送书.pdf');
    expect(check).toContain('案件调查报告：关于赵某销售假农药的调查报告（附件：调查报告.jpg');
    expect(check).not.toContain('清单.jpg');
    const transferNo = numberIn('YS', await officer.say('提交审批'));

    // Before approval the receiver gets nothing, even by a link made out to it.
    const own = linksIn(await officer.say(`查询 ${transferNo}`));
    expect(own).toHaveLength(2);
    const ids = own.map((l) => Number(l.match(/\/files\/(\d+)/)![1]));
    const receiverId = await personOf('ys-receiver');
    expect((await fetchLink(app.url, files.desk.links.url(ids[0]!, receiverId))).status).toBe(404);

    expect(await inboxText(head)).toContain('案件移送书：台营移〔2026〕7号（附件 1 个');
    expect(await head.text(`批准 ${transferNo}`)).toContain('名义移送');
    expect(await inboxText(receiver)).toContain(`附件 1 个，“查询 ${transferNo}”获取下载链接`);
    expect(await receiver.text(`接收 ${transferNo}`)).toContain('现由贵单位办理');

    // The receiver's own links: the same bytes, the same hash, as a download.
    const status = await receiver.text(`查询 ${transferNo}`);
    expect(status).toContain('已接收');
    expect(status).toContain(sha256(letterPdf).slice(0, 16));
    const links = linksIn(status);
    expect(links).toHaveLength(2);
    const got = await Promise.all(links.map((l) => fetchLink(app.url, l)));
    expect(got.map((g) => g.status)).toEqual([200, 200]);
    expect(got.map((g) => sha256(g.bytes))).toEqual([sha256(letterPdf), sha256(reportScan)]);
    expect(got[0]!.headers.get('content-type')).toBe('application/pdf');
    expect(got[0]!.headers.get('content-disposition')).toMatch(/^attachment;/);

    // The supervising bureau may; a department that is neither sender, receiver nor supervisor may not.
    const supervised = linksIn(await justice.text(`查询 ${transferNo}`));
    expect((await fetchLink(app.url, supervised[1]!)).status).toBe(200);
    const outsider = await personOf('ys-outsider');
    const refused = await fetchLink(app.url, files.desk.links.url(ids[0]!, outsider));
    expect(refused.status).toBe(404);
    expect(refused.error).toContain('无权查看');
  });
});
