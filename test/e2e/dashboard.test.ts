import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../local/demo.js';
import { generateDemo } from '../../local/demo-data.js';
import { busiestDemoChain, startTestRuntime } from '../support/runtime.js';

// The managers' dashboard in Debian's headless Chromium, driven by playwright-core, against the
// local runtime with demo data and a month of work on one team: the supervisor signs in through
// the local form and every figure the page shows for one agent is checked against
// GET /team/metrics. Screenshots at 360 px and 1280 px go to test-output/. No Chromium, no pass.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const OUTPUT = join(dirname(new URL(import.meta.url).pathname), '../../test-output');

/** A GET whose body stays as sent (fetch would decode gzip itself). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

const valueAt = (item: any, key: string) => key.split('.').reduce((v, k) => (v === null || v === undefined ? undefined : v[k]), item);
const format = (value: unknown, field: string) =>
  value === null || value === undefined ? '—' : field === 'replyRate' ? `${((value as number) * 100).toFixed(1)}%` : JSON.stringify(value);

describe('dashboard page in headless Chromium', () => {
  let t: Awaited<ReturnType<typeof startTestRuntime>>;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const demo = generateDemo({ customers: 400 });
  // The demo agent with the most customers leaves.
  const { leaver, supervisor, deptManager, districtManager } = busiestDemoChain(demo);
  const teamAgents = demo.staff.filter((s) => s.supervisorId === supervisor.id && s.kind === 'formal' && s.id !== leaver);
  const [worker, second] = teamAgents as [(typeof teamAgents)[0], (typeof teamAgents)[0]];
  /** The 8 orphans approved to the team. */
  let listed: { id: string; customerId: string }[] = [];

  beforeAll(async () => {
    // Fails here, loudly, when the browser is missing: this test is never skipped.
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install the Debian package chromium (apt-get install -y chromium)`);
    t = await startTestRuntime({ config: { monthlyCap: 20 } });
    await loadDemo(t.runtime.deps, { customers: 400 });

    // A month of work on the supervisor's team: 6 orphans to `worker`, 2 to `second`.
    const admin = await t.token('ADMIN01', 'admin');
    const sup = await t.token(supervisor.id, 'supervisor');
    const mgr = await t.token(deptManager.id, 'deptManager');
    const dm = await t.token(districtManager.id, 'districtManager');
    const agent = await t.token(worker.id, 'agent');
    expect((await t.request('POST', `/admin/staff/${leaver}/departure`, { token: admin })).status).toBe(200);
    listed = (await t.request('GET', '/assignments?state=preAssigned&limit=8', { token: sup })).body.items as { id: string; customerId: string }[];
    for (const [i, a] of listed.entries()) {
      const id = encodeURIComponent(a.id);
      expect((await t.request('POST', `/assignments/${id}/proposal`, { token: sup, body: { agentId: i < 6 ? worker.id : second.id } })).status).toBe(200);
      expect((await t.request('POST', `/assignments/${id}/review`, { token: mgr, body: { decision: 'accept' } })).status).toBe(200);
    }
    expect((await t.request('POST', '/assignments/approval', { token: dm, body: { ids: listed.map((a) => a.id) } })).body.failed).toEqual([]);
    const visit = (i: number, n: number) => encodeURIComponent(`${listed[i]!.id}~${n}`);
    for (const i of [0, 1, 2]) {
      await t.request('POST', `/visits/${visit(i, 1)}/attempts`, { token: agent, body: { outcome: 'accepted' } });
      await t.request('POST', `/visits/${visit(i, 1)}/completion`, { token: agent, body: { services: ['policyService'], sold: i === 0 ? 'card' : 'none' } });
    }
    await t.request('POST', `/visits/${visit(0, 2)}/attempts`, { token: agent, body: { outcome: 'accepted' } });
    await t.request('POST', `/visits/${visit(0, 2)}/completion`, { token: agent, body: { services: ['needsAnalysis'], sold: 'life' } });
    await t.runtime.tick();
    const sent = (await t.request('GET', '/_local/sms')).body as { messageId: string; to: string; body: string }[];
    const phone = demo.customers.find((c) => c.id === listed[0]!.customerId)!.phone;
    const request = sent.filter((m) => m.to === phone).at(-1)!; // the rating request of visit 2
    await t.request('POST', '/_local/sms/inbound', { body: { from: phone, body: '4分', inReplyTo: request.messageId } });
    // A week on, still November: `second` has called nobody (late invitations, alerts).
    await t.request('POST', '/_local/clock', { body: { now: '2026-11-30T03:00:00Z' } });

    userDataDir = mkdtempSync(join(tmpdir(), 'foster-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    mkdirSync(OUTPUT, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await t?.runtime.close();
  });

  it('serves the page, its script and its style without a token, with no data in them', async () => {
    const html = await fetch(`${t.url}/team/dashboard`);
    const text = await html.text();
    const script = text.match(/src="([^"]+app\.js[^"]*)"/)![1]!;
    const js = await fetch(`${t.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });

    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(text).not.toContain(worker.name);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${t.url}/team/dashboard/assets/secrets.txt`)).status).toBe(404);
    expect((await fetch(`${t.url}/team/metrics`)).status).toBe(401);
    const raw = await rawGet(`${t.url}${script}`, { 'accept-encoding': 'gzip' });
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(raw.body).toString('utf8')).toBe(await js.text());
  });

  it("signs a supervisor in and shows exactly GET /team/metrics's figures for an agent, in the table and the charts", async () => {
    await page.goto(`${t.url}/team/dashboard`);
    await page.fill('#local-sign-in input[name=sub]', supervisor.id);
    await page.selectOption('#local-sign-in select[name=role]', 'supervisor');
    await page.click('#local-sign-in button[type=submit]');
    await page.waitForSelector('body[data-loaded]');

    const metrics = (await t.request('GET', '/team/metrics', { token: await t.token(supervisor.id, 'supervisor') })).body;
    const item = metrics.items.find((i: { agentId: string }) => i.agentId === worker.id);
    const cells = await page.$$eval(`td[data-agent="${worker.id}"]`, (tds) =>
      tds.map((td) => ({ field: td.getAttribute('data-field')!, value: td.getAttribute('data-value')!, text: td.textContent })),
    );
    const series = await page.$$eval('canvas[data-series]', (canvases) =>
      canvases.map((c) => ({ id: c.id, series: JSON.parse(c.getAttribute('data-series')) })),
    );
    const row = metrics.items.findIndex((i: { agentId: string }) => i.agentId === worker.id);

    expect(item).toMatchObject({ visitsDone: 4, ratingRequests: 4, ratingReplies: 1, soldLife: 1, soldCard: 1 });
    expect(cells.length).toBeGreaterThanOrEqual(17);
    for (const cell of cells) {
      expect({ field: cell.field, value: JSON.parse(cell.value) }).toEqual({ field: cell.field, value: valueAt(item, cell.field) ?? null });
      expect({ field: cell.field, text: cell.text }).toEqual({ field: cell.field, text: format(valueAt(item, cell.field), cell.field) });
    }
    const charted = series.flatMap(({ id, series: s }) =>
      Object.entries(s.datasets as Record<string, number[]>).map(([field, values]) => ({ id, field, shown: values[row] })),
    );
    expect(charted.map((c) => c.field)).toEqual(
      expect.arrayContaining(['visitsByNumber.1', 'visitsByNumber.2', 'visitsByNumber.3', 'replyRate', 'soldLife', 'soldCard']),
    );
    for (const c of charted) {
      const expected = c.field === 'replyRate' ? (item.replyRate === null ? 0 : Math.round(item.replyRate * 1000) / 10) : valueAt(item, c.field);
      expect(c).toEqual({ ...c, shown: expected });
    }
    expect(await page.$$eval('canvas[data-series]', (cs) => cs.map((c) => JSON.parse(c.getAttribute('data-series')).labels.length))).toEqual(
      series.map(() => metrics.items.length),
    );
  });

  it("charts the team's quadrant mix exactly as GET /team/metrics totals it", async () => {
    const metrics = (await t.request('GET', '/team/metrics', { token: await t.token(supervisor.id, 'supervisor') })).body;

    const card = await page.$eval('#quadrants-card', (el) => ({ hidden: el.hasAttribute('hidden'), caption: el.querySelector('figcaption')!.textContent }));
    const shown = JSON.parse((await page.getAttribute('#chart-quadrants', 'data-totals'))!);

    // Every current customer of the listed agents has a segment (their upload gave one): their own
    // customers as uploaded, and the 8 orphans approved to them from the agent who left.
    const listedAgents = new Set((metrics.items as { agentId: string }[]).map((i) => i.agentId));
    const approved = new Set(listed.map((a) => a.customerId));
    const current = demo.customers.filter((c) => (approved.has(c.id) ? true : c.agentId !== leaver && listedAgents.has(c.agentId)));
    expect(approved.size).toBe(8);
    expect(Object.values(metrics.totals.quadrants as Record<string, number>).reduce((n, v) => n + v, 0)).toBe(current.length);
    expect(card).toEqual({ hidden: false, caption: '团队客户四象限' });
    expect(shown).toEqual(metrics.totals.quadrants);
  });

  it('lists the alerts GET /team/alerts gives, with kind labels and ages', async () => {
    const alerts = (await t.request('GET', '/team/alerts?limit=20', { token: await t.token(supervisor.id, 'supervisor') })).body;

    const shown = await page.$$eval('#alerts li[data-kind]', (lis) => lis.map((li) => li.getAttribute('data-kind')));

    expect(alerts.items.some((a: { agentId: string; kind: string }) => a.agentId === second.id && a.kind === 'lateInvitation')).toBe(true);
    expect(shown).toEqual(alerts.items.map((a: { kind: string }) => a.kind));
    expect(await page.textContent('#alerts')).toContain('邀约逾期');
  });

  it('changes month with the picker and saves screenshots at 1280 px and 360 px', async () => {
    await page.fill('#month', '2026-10');
    await page.dispatchEvent('#month', 'change');
    await page.waitForSelector('body[data-loaded="2026-10"]');
    const october = await page.$$eval(`td[data-agent="${worker.id}"][data-field="visitsDone"]`, (tds) => tds.map((td) => td.textContent));
    await page.fill('#month', '2026-11');
    await page.dispatchEvent('#month', 'change');
    await page.waitForSelector('body[data-loaded="2026-11"]');

    await page.screenshot({ path: join(OUTPUT, 'dashboard-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 360, height: 780 });
    await page.waitForTimeout(300); // Chart.js redraws on resize
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    await page.screenshot({ path: join(OUTPUT, 'dashboard-360.png'), fullPage: true });

    expect(october).toEqual(['0']);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(existsSync(join(OUTPUT, 'dashboard-1280.png')) && existsSync(join(OUTPUT, 'dashboard-360.png'))).toBe(true);
  });
});
