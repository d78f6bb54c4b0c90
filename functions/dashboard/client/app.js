// The managers' dashboard in the browser: signs in (local token form, or Cognito hosted sign-in
// with PKCE), then reads GET /team/metrics and GET /team/alerts with the bearer token and draws
// them. No framework: the DOM, fetch and Chart.js (tree-shaken, bundled by esbuild).
import { ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip, DoughnutController, ArcElement);

const config = JSON.parse(document.getElementById('foster-config').textContent);
const TOKEN_KEY = 'foster.dashboard.token';
const PKCE_KEY = 'foster.dashboard.pkce';
const $ = (id) => document.getElementById(id);

/** Every figure the page can show for an agent, in table order; `optional` ones appear only when the API sends them. */
const FIELDS = [
  { key: 'assigned', label: '分配客户' },
  { key: 'attempts', label: '邀约次数' },
  { key: 'visitsDone', label: '完成拜访' },
  { key: 'visitsByNumber.1', label: '首次拜访' },
  { key: 'visitsByNumber.2', label: '二次拜访' },
  { key: 'visitsByNumber.3', label: '三次拜访' },
  { key: 'ratingRequests', label: '评价短信' },
  { key: 'undelivered', label: '未送达', optional: true },
  { key: 'ratingReplies', label: '评价回复' },
  { key: 'replyRate', label: '回复率', format: 'percent' },
  { key: 'averageRating', label: '平均评分' },
  { key: 'healthTests', label: '健康检测' },
  { key: 'soldLife', label: '寿险（报告）' },
  { key: 'soldCard', label: '卡单（报告）' },
  { key: 'issuedLife', label: '寿险（承保）', optional: true },
  { key: 'issuedCard', label: '卡单（承保）', optional: true },
  { key: 'lateInvitations', label: '邀约逾期' },
  { key: 'neverContacted', label: '从未联系' },
  { key: 'unreachable', label: '无法联系' },
  { key: 'maintenance', label: '日常维护' },
];
const QUADRANTS = [
  { key: 'develop', label: '开发' },
  { key: 'maintain', label: '维系' },
  { key: 'cultivate', label: '耕耘' },
  { key: 'pamper', label: '宠爱' },
];
const ALERT_KINDS = {
  lateInvitation: '邀约逾期',
  neverContacted: '从未联系',
  visitPastDue: '拜访逾期未邀约',
  overdueAssignment: '分配超期',
  unmatchedReply: '未匹配回复',
};
const COLORS = ['#1f6feb', '#2da44e', '#bf8700', '#cf222e', '#8250df', '#0a7ea4'];

const valueAt = (item, key) => key.split('.').reduce((v, k) => (v === null || v === undefined ? undefined : v[k]), item);
/** How a figure reads on the page (the browser test formats the API's value the same way). */
export function formatFigure(value, format) {
  if (value === null || value === undefined) return '—';
  if (format === 'percent') return `${(value * 100).toFixed(1)}%`;
  return String(value);
}

// --- Sign-in -----------------------------------------------------------------------------------

const b64url = (bytes) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const callbackUrl = () => `${location.origin}${location.pathname}`;

async function startCognitoSignIn() {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const url = new URL('/oauth2/authorize', config.signIn.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.signIn.clientId,
    redirect_uri: callbackUrl(),
    scope: 'openid email profile',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state,
  }).toString();
  location.assign(url.toString());
}

/** Back from the hosted sign-in with ?code=: trades it (and the PKCE verifier) for tokens; the ID token carries foster's claims. */
async function finishCognitoSignIn(params) {
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) || 'null');
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', callbackUrl());
  if (!saved || saved.state !== params.get('state')) throw new Error('登录状态不匹配，请重新登录');
  const res = await fetch(new URL('/oauth2/token', config.signIn.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.signIn.clientId,
      code: params.get('code'),
      redirect_uri: callbackUrl(),
      code_verifier: saved.verifier,
    }),
  });
  if (!res.ok) throw new Error(`登录失败（${res.status}）`);
  const tokens = await res.json();
  sessionStorage.setItem(TOKEN_KEY, tokens.id_token);
}

async function localSignIn(form) {
  const data = new FormData(form);
  const res = await fetch('/_local/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub: String(data.get('sub')).trim(), role: data.get('role') }),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(body.error ? body.error.message : `登录失败（${res.status}）`);
  sessionStorage.setItem(TOKEN_KEY, body.token);
}

function showSignIn(message) {
  $('board').hidden = true;
  $('controls').hidden = true;
  $('sign-in').hidden = false;
  $('local-sign-in').hidden = config.signIn.mode !== 'local';
  $('cognito-sign-in').hidden = config.signIn.mode !== 'cognito';
  $('sign-in-error').hidden = !message;
  $('sign-in-error').textContent = message || '';
}

// --- API ---------------------------------------------------------------------------------------

class SignedOut extends Error {}

async function api(path) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) throw new SignedOut();
  const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (res.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    throw new SignedOut('登录已过期，请重新登录');
  }
  const body = await res.json();
  if (!res.ok) throw new Error(body.error ? body.error.message : `请求失败（${res.status}）`);
  return body;
}

// --- Drawing -----------------------------------------------------------------------------------

const charts = {};

function barChart(id, labels, datasets, options = {}) {
  const canvas = $(id);
  canvas.dataset.series = JSON.stringify({ labels, datasets: Object.fromEntries(datasets.map((d) => [d.key, d.data])) });
  // Horizontal bars: one row per agent reads on a phone as well as on a desktop.
  $(`${id}-box`).style.height = `${Math.max(160, labels.length * (datasets.length > 2 ? 34 : 26) + 70)}px`;
  if (charts[id]) charts[id].destroy();
  charts[id] = new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets: datasets.map((d, i) => ({ label: d.label, data: d.data, backgroundColor: COLORS[i % COLORS.length] })) },
    options: {
      indexAxis: 'y',
      maintainAspectRatio: false,
      animation: false,
      responsive: true,
      scales: { x: { beginAtZero: true, stacked: !!options.stacked, ...(options.max ? { max: options.max } : {}) }, y: { stacked: !!options.stacked } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}

function drawTotals(metrics) {
  const t = metrics.totals;
  const cards = [
    ['完成拜访', t.visitsDone],
    ['回复率', formatFigure(t.replyRate, 'percent')],
    ['健康检测', t.healthTests],
    ['邀约逾期', t.lateInvitations],
    ['从未联系', t.neverContacted],
    ['无法联系', t.unreachable],
  ];
  $('totals').replaceChildren(
    ...cards.map(([label, value]) => {
      const div = document.createElement('div');
      div.className = 'total';
      div.innerHTML = '<span class="value"></span><span class="label"></span>';
      div.querySelector('.value').textContent = String(value);
      div.querySelector('.label').textContent = label;
      return div;
    }),
  );
}

function drawTable(metrics, fields) {
  const table = $('agents');
  const head = document.createElement('tr');
  for (const text of ['业务员', ...fields.map((f) => f.label)]) {
    const th = document.createElement('th');
    th.textContent = text;
    head.append(th);
  }
  const rows = metrics.items.map((item) => {
    const tr = document.createElement('tr');
    tr.dataset.agent = item.agentId;
    const name = document.createElement('th');
    name.scope = 'row';
    name.textContent = `${item.name}（${item.agentId}）`;
    tr.append(name);
    for (const f of fields) {
      const td = document.createElement('td');
      const value = valueAt(item, f.key);
      td.dataset.agent = item.agentId;
      td.dataset.field = f.key;
      td.dataset.value = JSON.stringify(value ?? null);
      td.textContent = formatFigure(value, f.format);
      tr.append(td);
    }
    return tr;
  });
  const thead = document.createElement('thead');
  thead.append(head);
  const tbody = document.createElement('tbody');
  tbody.append(...rows);
  table.replaceChildren(thead, tbody);
}

function drawCharts(metrics) {
  const items = metrics.items;
  const labels = items.map((i) => i.name);
  barChart(
    'chart-visits',
    labels,
    ['1', '2', '3'].map((n, i) => ({ key: `visitsByNumber.${n}`, label: ['首次', '二次', '三次'][i], data: items.map((it) => it.visitsByNumber[n]) })),
    { stacked: true },
  );
  barChart(
    'chart-replies',
    labels,
    [{ key: 'replyRate', label: '回复率 %', data: items.map((it) => (it.replyRate === null ? 0 : Math.round(it.replyRate * 1000) / 10)) }],
    { max: 100 },
  );
  const sales = [
    { key: 'soldLife', label: '寿险（报告）' },
    { key: 'soldCard', label: '卡单（报告）' },
    { key: 'issuedLife', label: '寿险（承保）' },
    { key: 'issuedCard', label: '卡单（承保）' },
  ].filter((s) => items.some((it) => it[s.key] !== undefined));
  barChart(
    'chart-sales',
    labels,
    sales.map((s) => ({ ...s, data: items.map((it) => it[s.key] ?? 0) })),
  );

  // The team's quadrant mix: one doughnut of the totals (not per agent, so `data-totals`, not `data-series`).
  const quadrants = metrics.totals.quadrants;
  $('quadrants-card').hidden = !quadrants;
  if (quadrants) {
    const canvas = $('chart-quadrants');
    const values = QUADRANTS.map((q) => quadrants[q.key] ?? 0);
    canvas.dataset.totals = JSON.stringify(Object.fromEntries(QUADRANTS.map((q, i) => [q.key, values[i]])));
    if (charts.quadrants) charts.quadrants.destroy();
    charts.quadrants = new Chart(canvas, {
      type: 'doughnut',
      // The counts in the legend: a doughnut alone shows shares, and a manager asks "how many".
      data: { labels: QUADRANTS.map((q, i) => `${q.label} ${values[i]}`), datasets: [{ data: values, backgroundColor: COLORS.slice(0, 4) }] },
      options: { animation: false, plugins: { legend: { position: 'bottom' } } },
    });
  }
}

let alertsNext;
let agentNames = new Map();

function drawAlerts(page, append) {
  const list = $('alerts');
  const rows = page.items.map((a) => {
    const li = document.createElement('li');
    li.className = `alert ${a.kind}`;
    li.dataset.kind = a.kind;
    const who = a.agentId ? `业务员 ${agentNames.get(a.agentId) || ''}（${a.agentId}）` : a.ownerId ? `待主管 ${a.ownerId} 分配` : '业务员未知';
    li.innerHTML = '<span class="kind"></span><span class="who"></span><span class="age"></span>';
    li.querySelector('.kind').textContent = ALERT_KINDS[a.kind] || a.kind;
    li.querySelector('.who').textContent = `客户 ${a.customerName ? `${a.customerName} ` : ''}${a.customerId || '未知'} · ${who}`;
    li.querySelector('.age').textContent = `${a.ageDays} 天`;
    return li;
  });
  if (!append) list.replaceChildren();
  if (!append && !rows.length) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = '暂无提醒';
    rows.push(li);
  }
  list.append(...rows);
  alertsNext = page.next;
  $('more-alerts').hidden = !alertsNext;
}

async function load(month) {
  $('status').textContent = '加载中…';
  const query = month ? `?month=${encodeURIComponent(month)}` : '';
  const [metrics, alerts] = await Promise.all([api(`/team/metrics${query}`), api('/team/alerts?limit=20')]);
  agentNames = new Map(metrics.items.map((i) => [i.agentId, i.name]));
  $('month').value = metrics.month;
  const fields = FIELDS.filter((f) => !f.optional || metrics.items.some((i) => valueAt(i, f.key) !== undefined));
  drawTotals(metrics);
  drawCharts(metrics);
  drawTable(metrics, fields);
  drawAlerts(alerts, false);
  $('sign-in').hidden = true;
  $('controls').hidden = false;
  $('board').hidden = false;
  $('status').textContent = `${metrics.month} · ${metrics.items.length} 名业务员`;
  document.body.dataset.loaded = metrics.month;
}

async function run(action) {
  try {
    await action();
  } catch (error) {
    if (error instanceof SignedOut) showSignIn(error.message);
    else $('status').textContent = error.message;
  }
}

$('local-sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  void run(async () => {
    try {
      await localSignIn(event.target);
    } catch (error) {
      return showSignIn(error.message);
    }
    await load();
  });
});
$('cognito-sign-in').addEventListener('click', () => void run(startCognitoSignIn));
$('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  showSignIn();
});
$('month').addEventListener('change', (event) => void run(() => load(event.target.value)));
$('more-alerts').addEventListener(
  'click',
  () => void run(async () => drawAlerts(await api(`/team/alerts?limit=20&next=${encodeURIComponent(alertsNext)}`), true)),
);

void run(async () => {
  const params = new URLSearchParams(location.search);
  if (config.signIn.mode === 'cognito' && params.has('code')) await finishCognitoSignIn(params);
  if (!sessionStorage.getItem(TOKEN_KEY)) return showSignIn();
  await load();
});
