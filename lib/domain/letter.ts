// The recommendation letter (增值服务业务员推荐函) as one printable HTML page: A4, no scripts, every
// field escaped, so a customer name like <b>王</b> prints as typed and cannot inject markup.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export interface LetterFields {
  companyName: string;
  serviceLine: string;
  customerName: string;
  agentName: string;
  agentPhone: string;
  date: string;
  policies: string[];
}

/** The services the source process lists for the visits, as the letter names them. */
export const LETTER_SERVICES = [
  '保单基础服务（保单检视、信息核对、理赔与变更协助）',
  '客服报递送与讲解',
  '保险需求分析',
  '健康关爱卡与健康检测（健康伴你行）',
  '公司客户活动邀请',
];

export function recommendationLetterHtml(f: LetterFields): string {
  const e = escapeHtml;
  const national = f.agentPhone.replace(/^\+86/, '');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>增值服务业务员推荐函</title>
<style>
  @page { size: A4; margin: 25mm 20mm; }
  body { font-family: "Songti SC", "SimSun", "Noto Serif CJK SC", serif; font-size: 12pt; line-height: 1.8; color: #000; max-width: 170mm; margin: 0 auto; }
  h1 { text-align: center; font-size: 18pt; letter-spacing: 0.2em; margin: 0 0 1.5em; }
  .sign { margin-top: 3em; text-align: right; }
  ul { margin: 0.5em 0 0.5em 1.5em; padding: 0; }
  table { border-collapse: collapse; margin: 0.5em 0; }
  td { padding: 0.2em 1em 0.2em 0; }
  @media print { a { color: inherit; text-decoration: none; } }
</style>
</head>
<body>
<h1>增值服务业务员推荐函</h1>
<p>尊敬的${e(f.customerName)}：</p>
<p>您好！感谢您一直以来对${e(f.companyName)}的信任与支持。为提升服务质量，我司特安排优秀代理人为您提供保单增值服务。</p>
<table>
  <tr><td>服务代理人</td><td>${e(f.agentName)}</td></tr>
  <tr><td>联系电话</td><td>${e(national)}</td></tr>
  ${f.policies.length ? `<tr><td>您的保单</td><td>${f.policies.map(e).join('、')}</td></tr>` : ''}
</table>
<p>${e(f.agentName)}将为您提供以下服务：</p>
<ul>
${LETTER_SERVICES.map((s) => `  <li>${e(s)}</li>`).join('\n')}
</ul>
<p>如有任何疑问，欢迎致电${e(f.companyName)}客服热线${e(f.serviceLine)}。</p>
<p class="sign">${e(f.companyName)}<br>${e(f.date)}</p>
</body>
</html>
`;
}
