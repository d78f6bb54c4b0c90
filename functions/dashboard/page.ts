import type { AssetName } from './assets.js';

// The dashboard's one HTML page: no data in it, only where its script and style are (content
// hashes in the URLs, so they cache forever) and how to sign in: the local token form, or the
// Cognito hosted sign-in (authorization code with PKCE) of the page's own app client.

export type SignIn = { mode: 'local' } | { mode: 'cognito'; /** https://<prefix>.auth.<region>.amazoncognito.com */ domain: string; clientId: string };

const escapeJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** The page's Content-Security-Policy: its own script, style and API, plus the sign-in domain. */
export function contentSecurityPolicy(signIn: SignIn): string {
  const connect = signIn.mode === 'cognito' ? `'self' ${signIn.domain}` : "'self'";
  return `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src ${connect}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;
}

export function renderDashboardPage(signIn: SignIn, hashes: Record<AssetName, string>): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>团队看板 · foster</title>
<link rel="stylesheet" href="/team/dashboard/assets/app.css?v=${hashes['app.css']}">
<script id="foster-config" type="application/json">${escapeJson({ signIn })}</script>
<script defer src="/team/dashboard/assets/app.js?v=${hashes['app.js']}"></script>
</head>
<body>
<header class="bar">
  <h1>团队看板</h1>
  <div class="controls" hidden id="controls">
    <label>月份 <input type="month" id="month"></label>
    <button type="button" id="sign-out">退出</button>
  </div>
</header>
<main>
  <section id="sign-in" class="card" hidden>
    <h2>登录</h2>
    <form id="local-sign-in" hidden>
      <label>工号 <input name="sub" required autocomplete="username" placeholder="SUP-T06"></label>
      <label>角色
        <select name="role">
          <option value="supervisor">主管</option>
          <option value="deptManager">部经理</option>
          <option value="districtManager">区经理</option>
          <option value="admin">管理员</option>
        </select>
      </label>
      <button type="submit">登录</button>
    </form>
    <button type="button" id="cognito-sign-in" hidden>使用公司账号登录</button>
    <p class="error" id="sign-in-error" hidden></p>
  </section>
  <p id="status" class="status" aria-live="polite"></p>
  <section id="board" hidden>
    <div id="totals" class="totals"></div>
    <div class="charts">
      <figure class="card"><figcaption>各次拜访完成数</figcaption><div class="chart" id="chart-visits-box"><canvas id="chart-visits"></canvas></div></figure>
      <figure class="card"><figcaption>评价短信回复率</figcaption><div class="chart" id="chart-replies-box"><canvas id="chart-replies"></canvas></div></figure>
      <figure class="card"><figcaption>寿险 / 卡单（业务员报告与承保）</figcaption><div class="chart" id="chart-sales-box"><canvas id="chart-sales"></canvas></div></figure>
      <figure class="card" id="quadrants-card" hidden><figcaption>团队客户四象限</figcaption><div class="chart"><canvas id="chart-quadrants"></canvas></div></figure>
    </div>
    <section class="card">
      <h2>业务员明细</h2>
      <div class="table-wrap"><table id="agents"></table></div>
    </section>
    <section class="card">
      <h2>提醒</h2>
      <ul id="alerts" class="alerts"></ul>
      <button type="button" id="more-alerts" hidden>更多提醒</button>
    </section>
  </section>
</main>
</body>
</html>
`;
}
