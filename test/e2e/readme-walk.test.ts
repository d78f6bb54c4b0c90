import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from '../../lib/domain/zod.js';
import { ROUTES, type RouteSpec } from '../../functions/http/routes.js';
import { createConfig } from '../../lib/config.js';
import { localDate } from '../../lib/domain/time.js';
import { matchRoute } from '../../local/api-event.js';
import { generateDemo } from '../../local/demo-data.js';
import { castLines, demoCast, loadDemo, type DemoCast } from '../../local/demo.js';
import { localClockStart } from '../../local/runtime.js';
import { undocumentedAnswer } from '../support/contract.js';
import { startTestRuntime } from '../support/runtime.js';

// The README's walk through the chain, run as written: its shell block is taken from README.md and
// run by bash against the local runtime loaded with the demo data (what `npm start -- --demo` does),
// every curl call recorded (status, method, URL, answer). Each call must succeed, and each answer of
// a contract route must match the route's documented response schema. The README's request-body
// examples are parsed with their routes' schemas.

const root = join(dirname(new URL(import.meta.url).pathname), '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The fenced block of a README section. */
function block(heading: string, fence: string): string {
  const section = readme.slice(readme.indexOf(`## ${heading}`));
  const start = section.indexOf(`\`\`\`${fence}\n`);
  return section.slice(start + fence.length + 4, section.indexOf('\n```', start + 1));
}

const walk = block('A walk through the chain locally', 'sh');

/** Every curl call as bash ran it: status, method, URL, the answer's media type and text. */
interface Call {
  status: number;
  method: string;
  url: URL;
  contentType: string;
  text: string;
}

function run(script: string, dir: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { cwd: dir, env: { ...process.env, WALK: dir }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('README walk (local runtime with the demo data)', () => {
  let t: Awaited<ReturnType<typeof startTestRuntime>>;
  let cast: DemoCast;
  let calls: Call[] = [];
  let outcome: { code: number | null; stderr: string };
  const dir = mkdtempSync(join(tmpdir(), 'foster-walk-'));

  beforeAll(async () => {
    // Today's date, as `npm start` would: the walk must not depend on it.
    const clockStart = localClockStart(new Date(), createConfig());
    t = await startTestRuntime({ clockStart });
    const loaded = await loadDemo(t.runtime.deps, { today: localDate(clockStart) });
    cast = loaded.cast;

    const [first, ...rest] = walk.split('\n');
    expect(first).toBe('npm start -- --demo');
    const port = new URL(t.url).port;
    // Each curl of the walk answers as usual and also notes its status, method, URL and answer.
    const recorder = `curl() { local f; f=$(mktemp "$WALK/answer.XXXXXX"); command curl -o "$f" -w "%{http_code} %{method} %{url_effective} $f %{content_type}\\n" "$@" >> "$WALK/calls"; cat "$f"; }`;
    const script = ['set -euo pipefail', recorder, ...rest].join('\n').replaceAll('localhost:3000', `127.0.0.1:${port}`);
    outcome = await run(script, dir);
    calls = readFileSync(join(dir, 'calls'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const [status, method, url, file, ...contentType] = line.split(' ') as [string, string, string, string, ...string[]];
        return { status: Number(status), method, url: new URL(url), contentType: contentType.join(' '), text: readFileSync(file, 'utf8') };
      });
  }, 300_000);

  afterAll(async () => {
    await t?.runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs to the end, every call answered 2xx', () => {
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    expect(calls.filter((c) => c.status < 200 || c.status > 299).map((c) => `${c.status} ${c.method} ${c.url.pathname}: ${c.text}`)).toEqual([]);
    expect(calls.length).toBeGreaterThan(20);
  });

  it('gets answers that match the documented response schema of their route', () => {
    const seen = new Set<string>();
    for (const call of calls) {
      if (call.url.pathname.startsWith('/_local/')) continue;
      const { route } = matchRoute(call.method, call.url.pathname);
      expect(route, `${call.method} ${call.url.pathname}`).toBeDefined();
      expect(undocumentedAnswer(route!.key, call.status, call.contentType, call.text)).toBeUndefined();
      seen.add(route!.key);
    }
    // The walk shows the chain from departure to the customer's rating.
    expect([...seen].sort()).toEqual(
      [
        'POST /admin/staff/{id}/departure',
        'GET /assignments',
        'GET /assignments/{id}/candidates',
        'POST /assignments/{id}/proposal',
        'POST /assignments/{id}/review',
        'POST /assignments/approval',
        'GET /me/customers',
        'GET /assignments/{id}/letter',
        'GET /customers/{id}',
        'POST /visits/{id}/attempts',
        'POST /visits/{id}/completion',
        'GET /team/metrics',
      ].sort(),
    );
  });

  it('takes the customer from departure to a filed rating', () => {
    const departure = calls.find((c) => c.url.pathname.endsWith('/departure'))!;
    const last = calls.filter((c) => c.url.pathname === `/customers/${cast.customer}`).at(-1)!;
    const agentPhone = generateDemo().staff.find((s) => s.id === cast.agent)!.phone;

    expect(JSON.parse(departure.text)).toMatchObject({ orphans: cast.departingCustomers });
    expect(JSON.parse(last.text)).toMatchObject({
      agentId: cast.agent,
      optedOut: false,
      visits: [{ number: 1, state: 'done', rating: 5, services: ['policyService', 'healthCareCard'], note: '保单已讲解' }, { number: 2, state: 'open' }, {}],
    });
    // The clock step reached visit 1's due date: the agent got the reminder.
    expect(t.runtime.sms.sent().filter((m) => m.to === agentPhone && m.body.includes('第1次约访'))).not.toEqual([]);
    expect(readFileSync(join(dir, 'letter.html'), 'utf8')).toContain('<html');
  });

  it('shows what its comments say: the supervisor prompt, the invitation to call with', () => {
    const departing = generateDemo().staff.find((s) => s.id === cast.departing)!;
    const supervisorPhone = generateDemo().staff.find((s) => s.id === cast.supervisor)!.phone;
    const mine = JSON.parse(calls.find((c) => c.url.pathname === '/me/customers')!.text) as { items: { customerId: string; nextVisit: unknown }[] };

    expect(walk).toContain(`业务员${departing.name}（${departing.id}）已离司，其${cast.departingCustomers}名孤儿单客户已预分配给您`);
    expect(t.runtime.sms.sent().filter((m) => m.to === supervisorPhone && m.body.includes(`${departing.name}（${departing.id}）已离司`))).toHaveLength(1);
    expect(mine.items.find((i) => i.customerId === cast.customer)?.nextVisit).toMatchObject({
      number: 1,
      invitation: { reason: 'policyService', alternates: ['newsletter', 'companyEvent', 'giftCard'] },
    });
  });

  it('uses the ids the --demo banner prints, one per role, all of one chain', () => {
    const tokens = [...walk.matchAll(/\$\(tok (\S+) (\S+)\)/g)].map(([, id, role]) => [role!, id!] as const);
    const byRole = new Map<string, Set<string>>();
    for (const [role, id] of tokens) byRole.set(role, new Set([...(byRole.get(role) ?? []), id]));

    expect(Object.fromEntries([...byRole].map(([role, ids]) => [role, [...ids]]))).toEqual({
      admin: [cast.admin],
      supervisor: [cast.supervisor],
      deptManager: [cast.deptManager],
      districtManager: [cast.districtManager],
      agent: [cast.agent],
    });
    expect(walk).toContain(`A=${cast.customer}~${cast.departing} `);
    expect(walk).toContain(`/admin/staff/${cast.departing}/departure`);
    expect(walk).toContain(`{"agentId":"${cast.agent}"}`);
    const banner = castLines(cast);
    for (const [role, ids] of byRole) expect(banner).toContain(`${role.padEnd(16)}${[...ids][0]}`);
  });

  it('serves its OpenAPI document without a token, as the README says', async () => {
    const res = await t.request('GET', '/openapi.json');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ openapi: '3.1.0' });
    expect(readme).toContain('`GET /openapi.json`');
  });
});

describe('README request bodies', () => {
  const table = readme.slice(readme.indexOf('## Request bodies'));
  const rows = new Map(
    [...table.matchAll(/^\| `([A-Z]+ \/[^`]*)` \| (.*) \|$/gm)].map(([, key, examples]) => [
      key!,
      [...examples!.matchAll(/`(\{.*?\}|\[.*?\])`/g)].map(([, json]) => json!),
    ]),
  );

  it('has an example for every route that takes a body, each one its route accepts', () => {
    const withBody = (ROUTES as readonly RouteSpec[]).filter((r) => r.body);

    for (const route of withBody) {
      const examples = rows.get(route.key) ?? [];
      expect(examples.length, `no example body for ${route.key}`).toBeGreaterThan(0);
      for (const example of examples) {
        const parsed = z.safeParse(route.body!, JSON.parse(example));
        expect(parsed.success, `${route.key} ${example}: ${parsed.error?.message}`).toBe(true);
      }
    }
    expect(withBody.length).toBeGreaterThanOrEqual(8);
  });

  it('shows JSON for the local routes too', () => {
    for (const key of ['POST /_local/token', 'POST /_local/clock', 'POST /_local/sms/inbound']) {
      expect(rows.get(key)?.length, key).toBe(1);
      expect(() => JSON.parse(rows.get(key)![0]!)).not.toThrow();
    }
  });
});

describe('demoCast', () => {
  it('names the same people whatever the day the demo starts on', () => {
    const a = demoCast(generateDemo({ today: '2026-11-23' }), '2026-11-23');
    const b = demoCast(generateDemo({ today: '2027-08-31' }), '2027-08-31');

    expect(b).toEqual(a);
  });
});
