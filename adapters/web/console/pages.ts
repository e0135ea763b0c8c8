/**
 * The console's pages, rendered on the server: a banner, the ledgers' navigation and the
 * main content (ARIA landmarks), labelled form fields, plain links and forms that work
 * without script. The only script (console.js) sends sign-in and sign-out as JSON.
 */
import type { LedgerDef } from '../../../db/ledgers/def';
import type { LedgerRow } from '../../../db/ledgers/query';
import type { TimelineEntry } from '../../../db/ledgers/timeline';
import type { Directory } from '../../../domain/organisation';
import { ROLE_LABEL, type Actor } from '../../../domain/roles';
import { cellText, formatTime } from './format';
import { Html, html, queryString } from './html';
import { documentTitle } from './official';
import type { ParsedQuery } from './filters';
import { PAGE_SIZE } from './filters';

export function layout(title: string, main: Html, nav?: { actor: Actor; dir: Directory; ledgers: readonly LedgerDef[] }, scripts: readonly string[] = []): string {
  const who = nav ? nav.actor.grants.map((g) => `${nav.dir.name(g.orgId)}（${ROLE_LABEL[g.role]}）`).join('、') : '';
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · 执法协同控制台</title><link rel="stylesheet" href="/console/console.css"><script src="/console/console.js" defer></script>${scripts.map((src) => html`<script src="${src}" defer></script>`)}</head>
<body>
<header role="banner"><a class="brand" href="/console">执法协同控制台</a>${nav
    ? html`<span class="who">${who}</span><button type="button" id="signout">退出控制台</button>`
    : ''}</header>
${nav ? html`<nav aria-label="台账"><ul><li><a href="/console/dashboard">统计</a></li>${nav.ledgers.map((l) => html`<li><a href="/console/ledger/${l.kind}">${l.title}</a></li>`)}</ul></nav>` : ''}
<main id="main">${main}</main>
</body></html>`.value;
}

export function loginPage(prefill: string, message?: string): string {
  return layout('登录', html`<h1>登录控制台</h1>
<p>请在对话中发送“控制台”获取一次性登录码（5 分钟内有效，只能使用一次）。</p>
<form id="login" method="post" action="/console/api/login">
<label for="code">登录码</label>
<input id="code" name="code" autocomplete="one-time-code" autocapitalize="characters" required maxlength="20" value="${prefill}">
<button type="submit">登录</button>
</form>
<p id="login-error" role="alert">${message ?? ''}</p>
<noscript><p>登录和退出需要浏览器启用 JavaScript（只发送登录码，防止其他网站冒用）；台账、筛选和导出不需要。</p></noscript>`);
}

export function indexMain(ledgers: readonly LedgerDef[]): Html {
  return html`<h1>台账</h1><ul class="ledgers">${ledgers.map((l) => html`<li><a href="/console/ledger/${l.kind}">${l.title}</a></li>`)}</ul>`;
}

export function messageMain(title: string, text: string): Html {
  return html`<h1>${title}</h1><p role="alert">${text}</p>`;
}

export function ledgerMain(def: LedgerDef, q: ParsedQuery, rows: readonly LedgerRow[], total: number, dir: Directory): Html {
  const p = q.params;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const link = (extra: Record<string, string | number | undefined>) => `/console/ledger/${def.kind}${queryString({ ...p, ...extra })}`;
  const sortLink = (key: string) => link({ sort: key, dir: q.filter.sort === key && q.filter.dir === 'asc' ? 'desc' : 'asc', page: undefined });
  const orgs = dir.all;
  return html`<h1>${def.title}</h1>
<form class="filters" method="get" action="/console/ledger/${def.kind}" role="search" aria-label="筛选">
<label>单位 <select name="org"><option value="">全部</option>${orgs.map((o) => html`<option value="${o.id}"${o.id === q.filter.org ? new Html(' selected') : ''}>${o.name}</option>`)}</select></label>
${def.state ? html`<label>状态 <select name="state"><option value="">全部</option>${Object.entries(def.state.labels).map(([k, v]) => html`<option value="${k}"${k === q.filter.state ? new Html(' selected') : ''}>${v}</option>`)}</select></label>` : ''}
<label>${def.period.label}自 <input type="date" name="from" value="${q.filter.from ?? ''}"></label>
<label>至 <input type="date" name="to" value="${q.filter.to ?? ''}"></label>
${def.overdue ? html`<label><input type="checkbox" name="overdue" value="1"${q.filter.overdue ? new Html(' checked') : ''}> 只看逾期</label>` : ''}
<label>检索 <input type="search" name="q" value="${p.q ?? ''}" maxlength="100"></label>
<button type="submit">筛选</button>
</form>
<p class="count">共 <strong id="total">${total}</strong> 条 · 第 ${q.page}/${pages} 页 ·
<a id="export-xlsx" href="${link({ format: 'xlsx', page: undefined })}">导出 XLSX</a> ·
<a id="export-csv" href="${link({ format: 'csv', page: undefined })}">导出 CSV</a></p>
<div class="table"><table>
<caption class="sr">${def.title}</caption>
<thead><tr>${def.columns.map((c) => html`<th scope="col"${c.key === q.filter.sort ? new Html(` aria-sort="${q.filter.dir === 'asc' ? 'ascending' : 'descending'}"`) : ''}>${c.sortable ? html`<a href="${sortLink(c.key)}">${c.label}</a>` : c.label}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${def.columns.map((c, i) => (i === 0
    ? html`<th scope="row"><a href="/console/ledger/${def.kind}/${encodeURIComponent(r.no)}">${cellText(c, r, dir)}</a></th>`
    : html`<td>${cellText(c, r, dir)}</td>`))}</tr>`)}</tbody>
</table></div>
<nav aria-label="分页" class="pager">${q.page > 1 ? html`<a rel="prev" href="${link({ page: q.page - 1 })}">上一页</a>` : ''} ${q.page < pages ? html`<a rel="next" href="${link({ page: q.page + 1 })}">下一页</a>` : ''}</nav>`;
}

/** The words of timeline entries: events of complaints and cases, lifecycle steps, clocks. */
const ENTRY_LABEL: Record<string, string> = {
  registered: '登记', accepted: '受理', forwarded: '转办', assist_requested: '请求协查', assist_answered: '协查答复', resolved: '办结',
  reassigned: '更改受理单位', handling_changed: '更改受理单位', recorded: '记录', applied: '申请', declined: '不予受理', opinion: '协调意见',
  reported: '报告', ruled: '决定', agreed: '同意', disagreed: '不同意', issued: '发出', returned: '退回', failed: '未通过', proposed: '提出',
  decided: '认定', dismissed: '不予认定', created: '创建', submitted: '提交', filed: '报送', graded: '评定', ratified: '审定',
  commended: '通报表扬', criticised: '通报批评', published: '发布', used: '采用',
  opened: '期限起算', met: '按期完成', missed: '逾期', waived: '免除期限', changed: '期限调整',
};

function documentLink(def: LedgerDef, row: LedgerRow): Html | string {
  const title = documentTitle(def, row);
  return title ? html`<p><a id="document" href="/console/ledger/${def.kind}/${encodeURIComponent(row.no)}/document">下载${title}（DOCX）</a></p>` : '';
}

export function recordMain(def: LedgerDef, row: LedgerRow, timeline: readonly TimelineEntry[], dir: Directory): Html {
  return html`<h1>${def.title} · ${row.no}</h1>
<dl class="record">${def.columns.map((c) => html`<dt>${c.label}</dt><dd>${cellText(c, row, dir) || '—'}</dd>`)}</dl>
${documentLink(def, row)}
<h2>办理过程</h2>
${timeline.length ? html`<ol class="timeline" id="timeline">${timeline.map((e) => html`<li><time datetime="${e.at.toISOString()}">${formatTime(e.at)}</time>
<span class="kind">${e.source === 'reminder' ? '提醒、督办' : (ENTRY_LABEL[e.kind] ?? e.kind)}</span>
${e.orgId != null ? html`<span class="org">${dir.name(e.orgId)}</span>` : ''}${e.toOrgId != null ? html` → <span class="org">${dir.name(e.toOrgId)}</span>` : ''}
${e.note ? html`<span class="note">${e.note}</span>` : ''}</li>`)}</ol>` : html`<p>暂无记录。</p>`}
<p><a href="/console/ledger/${def.kind}">返回${def.title}</a></p>`;
}
