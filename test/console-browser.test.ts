/**
 * The staff console in a real browser (headless Chromium, test/support/browser.ts): sign in
 * with a code from chat, filter and search a ledger, open a record's timeline, export XLSX
 * and read it back with exceljs, sign out. With SCREENSHOTS=1 the run rewrites the README's
 * screenshots (docs/console-*.png); otherwise it leaves the working tree alone.
 */
import { mkdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { unitOfWork } from '../db/store';
import { Directory } from '../domain/organisation';
import { launchChromium } from './support/browser';
import { Person, last, trackingNoIn } from './support/chat';
import { type TestDatabase, testDatabase } from './support/db';
import { staffMember } from './support/staff';
import { type WebApp, serveEngine } from './support/web-app';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 240_000 });

let database: TestDatabase;
let web: WebApp;
let browser: Browser;
let context: BrowserContext;
let directory: Directory;
let justice: Person;
const filed: string[] = [];
const PHONE = '13812345678';

async function file(p: Person, what: string, accused: string, contact: string): Promise<string> {
  for (const t of ['投诉', what, '骊城街道某超市', '最近一个月']) await p.say(t);
  if (!last(await p.say(accused)).text.includes('5/5')) await p.say('抚宁区市场监督管理局');
  await p.say(contact);
  return trackingNoIn(await p.text('确认提交'));
}

beforeAll(async () => {
  database = await testDatabase();
  directory = new Directory(await unitOfWork(database.db).run((s) => s.directory.all()));
  web = await serveEngine({ uow: unitOfWork(database.db), db: () => database.db, dbKind: database.kind, console: true });
  justice = await staffMember({ engine: web.engine, db: database.db, directory, now: () => new Date() }, 'cb-sfj', '司法局', 'justice');
  filed.push(await file(new Person(web.engine, 'cb-c1'), '超市长期销售过期变质食品，市场监督局执法人员收了超市好处不处理', '市场监督局执法人员张某', `李四 ${PHONE}`));
  filed.push(await file(new Person(web.engine, 'cb-c2'), '小区门口的饭馆油烟直排，熏得没法开窗', '跳过', '王五 13900001111'));
  await justice.text(`受理 ${filed[0]}`);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  context.setDefaultTimeout(60_000);
});
afterAll(async () => {
  await context?.close().catch(() => {});
  await browser?.close();
  await web?.close();
  await database?.close();
});

const total = async (page: Page) => Number(await page.locator('#total').textContent());

describe('the console in a browser', () => {
  let page: Page;

  it('signs in with the code from chat, and lands on the ledgers', async () => {
    const code = (await justice.text('控制台')).match(/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/)![0];
    page = await context.newPage();
    await page.goto(`${web.url}/console/ledger/complaints`);
    expect(page.url()).toBe(`${web.url}/console/login`);
    await page.fill('#code', 'WRONG-CODE-HERE');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('#login-error').textContent()).toContain('登录码');
    await page.fill('#code', code.toLowerCase());
    await Promise.all([page.waitForURL(`${web.url}/console`), page.click('button[type=submit]')]);
    expect(await page.locator('nav[aria-label="台账"]').count()).toBe(1);
    expect(await page.locator('main h1').textContent()).toBe('台账');
  });

  it('filters and searches a ledger', async () => {
    await Promise.all([page.waitForURL(/\/console\/ledger\/complaints$/), page.locator('main a', { hasText: '投诉举报登记台账' }).click()]);
    expect(await total(page)).toBe(2);
    await page.selectOption('select[name=state]', 'accepted');
    await Promise.all([page.waitForURL(/state=accepted/), page.click('form.filters button[type=submit]')]);
    expect(await total(page)).toBe(1);
    await page.selectOption('select[name=state]', '');
    await page.fill('input[name=q]', '油烟');
    await Promise.all([page.waitForURL(/q=/), page.press('input[name=q]', 'Enter')]);
    expect(await total(page)).toBe(1);
    expect(await page.locator('tbody tr').first().textContent()).toContain(filed[1]);
    await page.fill('input[name=q]', '');
    await Promise.all([page.waitForURL(/ledger\/complaints/), page.click('form.filters button[type=submit]')]);
    mkdirSync('docs', { recursive: true });
    if (process.env.SCREENSHOTS === '1') await page.screenshot({ path: 'docs/console-ledger.png', fullPage: true });
  });

  it("opens a record's timeline", async () => {
    await Promise.all([page.waitForURL(new RegExp(`/console/ledger/complaints/${filed[0]}$`)), page.locator('tbody a', { hasText: filed[0]! }).click()]);
    const timeline = await page.locator('#timeline').textContent();
    for (const w of ['登记', '受理', '期限起算']) expect(timeline).toContain(w);
    expect(await page.locator('dl.record').textContent()).toContain(PHONE); // 司法局 handles it, and is not the accused
  });

  it('exports XLSX with the rows of the screen', async () => {
    await page.goto(`${web.url}/console/ledger/complaints`);
    const shown = await total(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
    expect(download.suggestedFilename()).toMatch(/^投诉举报登记台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const sheet = book.worksheets[0]!;
    expect(sheet.actualRowCount - 1).toBe(shown);
    const numbers = sheet.getColumn(1).values.slice(2).map(String).sort();
    const onScreen = (await page.locator('tbody th').allTextContents()).sort();
    expect(numbers).toEqual(onScreen);
  });

  it("draws the dashboard with ECharts, each chart's numbers equal to its ledger's count", async () => {
    await page.goto(`${web.url}/console/dashboard`);
    await page.waitForFunction(() => document.querySelectorAll('.chart canvas').length === 8);
    const drawn = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('.chart'), (el) => {
        const option = (window as any).echarts.getInstanceByDom(el).getOption();
        const sum = (ns: number[]) => ns.reduce((q, n) => q + n, 0);
        const figure = JSON.parse(el.dataset.figure!) as { series: { name: string; ledger?: string }[] };
        return {
          id: el.id,
          total: option.series.reduce((p: number, s: any) => p + sum(s.data), 0),
          // A chart joining several ledgers: each drawn series and the ledger it counts.
          series: option.series.map((s: any, i: number) => ({ name: s.name, total: sum(s.data), ledger: figure.series[i]!.ledger })),
        };
      }));
    if (process.env.SCREENSHOTS === '1') await page.screenshot({ path: 'docs/console-dashboard.png', fullPage: true });
    const ledgerTotal = async (path: string) => {
      const p = await context.newPage();
      await p.goto(`${web.url}${path}`);
      const n = await total(p);
      await p.close();
      return n;
    };
    const expected: Record<string, string | null> = {
      'complaints-by-month': '/console/ledger/complaints',
      'accept-on-time': `/console/ledger/deadlines?q=${encodeURIComponent('受理告知')}`,
      'resolve-on-time': `/console/ledger/deadlines?q=${encodeURIComponent('投诉办结')}`,
      'overdue-by-body': '/console/ledger/deadlines?overdue=1',
      'open-by-week': '/console/ledger/deadlines?state=open',
      'duties-by-unit': null, // one ledger per series
      'dispute-flow': '/console/ledger/disputes',
      'transfer-flow': '/console/ledger/transfers',
    };
    expect(drawn.map((d) => d.id).sort()).toEqual(Object.keys(expected).sort());
    for (const d of drawn) {
      const path = expected[d.id];
      if (path) expect(d.total, d.id).toBe(await ledgerTotal(path));
      else for (const s of d.series) expect(s.total, `${d.id} ${s.name}`).toBe(await ledgerTotal(s.ledger!));
    }
    expect(drawn.find((d) => d.id === 'complaints-by-month')!.total).toBe(2);
    expect(drawn.find((d) => d.id === 'open-by-week')!.total).toBeGreaterThan(0); // the 受理告知 and case clocks
  });

  it('signs out', async () => {
    await Promise.all([page.waitForURL(`${web.url}/console/login`), page.click('#signout')]);
    await page.goto(`${web.url}/console`);
    expect(page.url()).toBe(`${web.url}/console/login`);
  });
});
