/**
 * The reference web app in a real browser against the real hub with the demo district: each of four
 * roles opens 东湖镇's dossier and sees its parts and only its parts; the leader prints it as a
 * 巡前通报 PDF; the analyst reads the year's figures; pages on other origins call the gateway only
 * when the CORS allow-list names them; the leader lists what is overdue as of a day in 2021. Every
 * request the browser makes is recorded: none may leave this machine.
 */
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { STATIONED_GROUPS, UNITS } from '@hub/demo';
import type { Role } from '@hub/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevIdentity } from '../../gateway/src/web.ts';
import { isLocal, launchChromium, pdfText, recordRequests } from '../support/browser.ts';
import { freshDatabases, type Hub, startHub } from '../support/hub.ts';
import { prepareRound } from '../support/seed-inspection.ts';

const ARTIFACTS = path.resolve('test-artifacts/web');
const DONGHU = UNITS.donghu;
const SECTIONS = ['registry', 'signals', 'timeline', 'petitions', 'cases', 'inspections', 'findings', 'stationed', 'special'] as const;
type SectionId = (typeof SECTIONS)[number];

/** A page on its own origin (another port on this machine), for the CORS checks. */
async function otherOrigin(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>其他前端</title><p>other origin</p>'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let hub: Hub;
let browser: Browser;
let base: string;
let listed: Awaited<ReturnType<typeof otherOrigin>>;
let unlisted: Awaited<ReturnType<typeof otherOrigin>>;
const identities: DevIdentity[] = [];
const requests: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // Launch first: without Chromium there is nothing to test, and the suite says so.
  browser = await launchChromium();
  listed = await otherOrigin();
  unlisted = await otherOrigin();
  hub = await startHub({ databases: await freshDatabases() }, { demo: true, corsOrigins: [listed.origin], devIdentities: async () => identities });
  base = new URL(hub.url).origin.replace('127.0.0.1', 'localhost');
  // A team of a new round, still in 巡前准备, assigned to 东湖镇.
  const round = await prepareRound(hub, { unitCodes: [DONGHU.code], year: 2026, number: 1, startOn: '2026-11-02' });
  const add = async (label: string, role: Role, scopes?: Record<string, string[]>) =>
    identities.push({ label, role, staffName: label, token: await hub.tokenFor({ role, scopes }, 1800) });
  await add('委领导', 'leader');
  await add('第一巡察组组员（巡前准备）', 'inspection_officer', { inspectionTeamIds: [round.teamId] });
  await add('派驻第一纪检组干部', 'stationed_officer', { stationedGroupIds: [STATIONED_GROUPS[0]!.id] });
  await add('统计分析人员', 'analyst');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await listed?.close();
  await unlisted?.close();
});

/** Signs in through the development sign-in page as the identity of `role`. */
async function signIn(role: Role): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await recordRequests(context, requests);
  const page = await context.newPage();
  await page.goto(`${base}/app/`);
  await page.locator(`button[data-role="${role}"]`).click();
  await page.getByTestId('signed-in-as').waitFor();
  return page;
}

/** Finds 东湖镇 by name, opens its dossier and states the purpose once. */
async function openDonghu(page: Page): Promise<void> {
  await page.locator('input[name=unit]').fill('东湖镇');
  await page.getByRole('button', { name: '查询' }).click();
  await page.getByRole('link', { name: DONGHU.name, exact: true }).click();
  await page.locator('input[name=purpose]').fill('巡前通报准备');
  await page.getByRole('button', { name: '确定' }).click();
  await page.locator(`article.dossier[data-unit="${DONGHU.code}"]`).waitFor({ timeout: 30_000 });
}

/** Which sections say 无权查看, and the text of each section. */
async function sections(page: Page): Promise<{ withheld: SectionId[]; text: Record<SectionId, string> }> {
  const withheld: SectionId[] = [];
  const text = {} as Record<SectionId, string>;
  for (const id of SECTIONS) {
    const section = page.locator(`[data-section="${id}"]`);
    expect(await section.count(), `section ${id} is on the page`).toBe(1);
    text[id] = await section.innerText();
    if ((await section.locator('.withheld').count()) > 0) withheld.push(id);
  }
  return { withheld, text };
}

describe('the reference web app in Chromium', () => {
  let cadreNames: string[] = [];

  it("the leader reads every part of 东湖镇's dossier, with charts, timeline and signal evidence, and prints it as 巡前通报", async () => {
    const page = await signIn('leader');
    await openDonghu(page);
    const { withheld, text } = await sections(page);
    expect(withheld).toEqual([]);
    expect(await page.locator('h1').innerText()).toBe(DONGHU.name);
    // Enum values appear by their Chinese terms, never as codes.
    expect(await page.locator('.dossier-head .meta').innerText()).toContain('乡镇党委 · 乡镇（街道）');
    expect(text.registry).toContain('事业单位');
    expect(text.registry).toContain('云溪区东湖镇养老服务中心');
    expect(text.inspections).toContain('第九轮');
    expect(text.findings).toContain('养老服务中心将资金存入已去世人员个人账户');
    expect(text.findings).toContain('资金资产资源管理问题');
    expect(text.cases).toMatch(/谈话函询|初步核实|予以了结/);
    expect(text.cases).toContain('立案');
    expect(text.special).toContain('乱发津补贴专项整治');
    expect(text.timeline).toMatch(/巡察[\s\S]*纪律监察|纪律监察[\s\S]*巡察/);
    for (const id of SECTIONS) expect(text[id]).not.toMatch(/\b(TOWNSHIP_PARTY_COMMITTEE|FUNDS_MANAGEMENT|PRELIMINARY_VERIFICATION|PARTY_WARNING)\b/);
    // Charts drawn (SVG) for petitions by year and category and clues by method.
    expect(await page.locator('[data-section="petitions"] .chart svg').count()).toBe(2);
    expect(await page.locator('[data-section="petitions"] .chart svg text', { hasText: '2020年' }).count()).toBeGreaterThan(0);
    // Signals link to the records they rest on, listed on the same page.
    const evidence = page.locator('[data-section="signals"] .evidence a');
    expect(await evidence.count()).toBeGreaterThan(0);
    const target = (await evidence.first().getAttribute('href'))!.slice(1);
    expect(await page.locator(`[id="${target}"]`).count()).toBe(1);
    cadreNames = (await page.locator('[data-section="cases"] tbody tr td:nth-child(3)').allInnerTexts()).map((t) => t.split('（')[0]!).filter(Boolean);
    expect(cadreNames.length).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dossier-leader.png'), fullPage: true });

    await page.emulateMedia({ media: 'print' });
    const pdf = path.join(ARTIFACTS, 'dossier-leader.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    const printed = pdfText(pdf);
    expect(printed).toContain('巡前通报');
    expect(printed).toContain(DONGHU.name);
    expect(printed).toMatch(/截至 \d{4}年\d{1,2}月\d{1,2}日/);
    expect(printed).toContain('访问事由：巡前通报准备');
    expect(printed).toMatch(/第\s*1\s*页\s*\/\s*共\s*(\d+)\s*页/);
    const pages = Number(/共\s*(\d+)\s*页/.exec(printed)![1]);
    expect(pages).toBeGreaterThan(1);
    expect(printed).toMatch(new RegExp(`第\\s*${pages}\\s*页`));
    expect(printed).not.toContain('打印巡前通报'); // the screen controls are not printed
    await page.context().close();
  });

  it('the leader opens 到期事项 as of 2021-05-06 and sees overdue petitions and clue-transfer feedback, by their Chinese rule names', async () => {
    const page = await signIn('leader');
    await page.getByRole('link', { name: '到期事项' }).click();
    await page.locator('input[name=asOf]').waitFor();
    await page.locator('input[name=asOf]').fill('2021-05-06');
    await page.locator('input[name=withinWorkingDays]').fill('10');
    await page.getByRole('button', { name: '查看' }).click();
    await page.waitForURL(/#\/due\/2021-05-06\/10$/);
    await page.getByTestId('due-range').filter({ hasText: '截至 2021年5月6日' }).waitFor({ timeout: 30_000 });
    const overdue = page.locator('[data-due="overdue"] tbody tr');
    expect(await overdue.count()).toBeGreaterThan(0);
    const rules = await overdue.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-rule')));
    expect(rules).toContain('PETITION_ACKNOWLEDGE');
    expect(rules).toContain('TRANSFER_FEEDBACK');
    const text = await page.locator('[data-due="overdue"]').innerText();
    // Rules and owning bodies by their Chinese labels, never as codes.
    expect(text).toContain('告知实名检举控告人受理情况（15个工作日）');
    expect(text).toContain('移交问题线索3个月内反馈办理情况');
    expect(text).toContain('纪律监督、监察监督（区纪委监委机关）');
    expect(text).toContain('巡察监督（巡察办、巡察组）');
    expect(text).not.toMatch(/\b(PETITION_ACKNOWLEDGE|TRANSFER_FEEDBACK|DISCIPLINE|INSPECTION)\b/);
    expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'due-leader-2021-05-06.png'), fullPage: true });

    // Near the end of the loaded calendar (last known day 2026-12-31) the window reaches into 2027:
    // the due-by day is marked 暂定 and the calendar warning is shown; in 2021 it was not.
    expect(await page.getByTestId('calendar-warning').count()).toBe(0);
    await page.locator('input[name=asOf]').fill('2026-12-28');
    await page.getByRole('button', { name: '查看' }).click();
    await page.getByTestId('due-range').filter({ hasText: '截至 2026年12月28日' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('due-range').locator('.tag', { hasText: '暂定' }).count()).toBe(1);
    expect(await page.getByTestId('calendar-warning').innerText()).toContain('2026年12月31日');
    await page.context().close();
  });

  it('an inspection team member in 巡前准备 sees earlier inspections, findings and the counts; case and stationed records are withheld', async () => {
    const page = await signIn('inspection_officer');
    await openDonghu(page);
    const { withheld, text } = await sections(page);
    // DESIGN §6: the team reads counts and disposal status from its assignment in 巡前准备.
    expect(withheld.sort()).toEqual(['cases', 'stationed']);
    expect(text.inspections).toContain('第九轮');
    expect(text.inspections).toContain('2026年');
    expect(text.findings).toContain('养老服务中心将资金存入已去世人员个人账户');
    expect(text.petitions).not.toContain('无权查看');
    expect(await page.locator('[data-section="petitions"] .chart svg').count()).toBeGreaterThan(0);
    for (const name of cadreNames) expect(await page.locator('main').innerText()).not.toContain(name);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dossier-inspection-team.png'), fullPage: true });
    await page.context().close();
  });

  it('a stationed officer of a group not overseeing 东湖镇 sees the registry and earlier inspections only', async () => {
    const page = await signIn('stationed_officer');
    await openDonghu(page);
    const { withheld, text } = await sections(page);
    expect(withheld.sort()).toEqual(['cases', 'findings', 'petitions', 'signals', 'stationed']);
    expect(text.inspections).toContain('第九轮');
    expect(text.special).toContain('乱发津补贴专项整治');
    expect(text.stationed).toMatch(/无权查看[\s\S]*派驻纪检组/);
    for (const name of cadreNames) expect(await page.locator('main').innerText()).not.toContain(name);
    await page.context().close();
  });

  it("an analyst sees counts, charts and signals without the records behind them, and the year's figures", async () => {
    const page = await signIn('analyst');
    await openDonghu(page);
    const { withheld, text } = await sections(page);
    expect(withheld.sort()).toEqual(['cases', 'findings', 'inspections', 'stationed']);
    expect(await page.locator('[data-section="petitions"] .chart svg').count()).toBe(2);
    expect(text.signals).toContain('依据记录仅对有权查看者列出');
    expect(text.cases).toContain('承办部门、案件监督管理室、委领导可查看');
    for (const name of cadreNames) expect(await page.locator('main').innerText()).not.toContain(name);

    await page.getByRole('link', { name: '年度数据' }).click();
    const table = page.getByTestId('district-table');
    await table.waitFor();
    const figure = (name: string) => page.locator(`[data-figure="${name}"]`).innerText();
    expect(await figure('cluesDisposed')).toBe('616 件');
    expect(await figure('casesFiled')).toBe('164 件');
    expect(await figure('personsHandled')).toBe('153 人');
    expect(await figure('personsSanctioned')).toBe('153 人');
    expect(await figure('detentions')).toBe('1 人');
    expect(await figure('transfersToProcuratorate')).toBe('1 人');
    expect(await figure('lossesRecovered')).toBe('¥4,408,700.00');
    expect(await page.locator('.figures .chart svg').count()).toBe(4);
    expect(await page.locator('.figures .chart svg text', { hasText: '谈话函询' }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'figures-2020.png'), fullPage: true });

    // Another year is one input away.
    await page.locator('input[name=year]').fill('2021');
    await page.getByRole('button', { name: '查看' }).click();
    await page.getByRole('heading', { name: /^2021年/ }).waitFor();
    await page.context().close();
  });

  it('Chinese text is drawn with a system CJK font (no web font is loaded)', async () => {
    const page = await signIn('analyst');
    const fonts = await page
      .context()
      .newCDPSession(page)
      .then(async (cdp) => {
        await cdp.send('DOM.enable');
        await cdp.send('CSS.enable');
        const { root } = await cdp.send('DOM.getDocument');
        const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '.brand' });
        return (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts;
      });
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((f) => /CJK|WenQuanYi|Noto Sans SC|Zen Hei/i.test(f.familyName))).toBe(true);
    await page.context().close();
  });

  it('a page on an origin in the CORS allow-list can query the gateway; one not listed cannot', async () => {
    const token = await hub.tokenFor({ role: 'analyst' });
    const context = await browser.newContext();
    await recordRequests(context, requests);
    const page = await context.newPage();
    const ask = (url: string) =>
      page.evaluate(
        async ({ url, token }) => {
          try {
            const response = await fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-access-purpose': encodeURIComponent('统计分析') },
              body: JSON.stringify({ query: '{ statistics(year: 2020) { casesFiled } }' }),
            });
            return { ok: true, body: await response.json() };
          } catch (error) {
            return { ok: false, error: String(error) };
          }
        },
        { url, token },
      );
    await page.goto(`${listed.origin}/`);
    expect(await ask(hub.url)).toEqual({ ok: true, body: { data: { statistics: { casesFiled: 164 } } } });
    await page.goto(`${unlisted.origin}/`);
    const refused = await ask(hub.url);
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/Failed to fetch/);
    await context.close();
  });

  it('no request of any page left this machine', () => {
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.filter((url) => !isLocal(url))).toEqual([]);
  });
});
