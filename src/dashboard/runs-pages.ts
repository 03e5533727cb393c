// The runs pages: every run of the store, and one run as `status` sees it, live while it moves.
import { groupThousands } from '../bulk/money.js';
import { barChart } from './charts.js';
import { html, type Html } from './html.js';
import type { Page } from './page.js';
import type { ReportRow, RunListing, RunsSource, RunView } from './runs-source.js';

/** Count and sum per currency. */
type CurrencyTotals = RunListing['totals'];

/** Item statuses that need a person, as the issue names them: failed, unclaimed, on hold, blocked. */
const NEEDS_A_PERSON = ['FAILED', 'UNCLAIMED', 'ONHOLD', 'BLOCKED'];
/** Statuses of rows still on their way: PayPal's PENDING, and the report's rows without an answer yet. */
const UNDER_WAY = ['PENDING', 'NOT_SENT', 'UNKNOWN'];
/** Search results shown at most; the report CSV has every row. */
const RESULTS_SHOWN = 100;

const money = (totals: CurrencyTotals): Html =>
  html`${Object.entries(totals).map(([currency, { sum, count }], i) => html`${i ? html`<br>` : ''}${currency} ${groupThousands(sum)} <span class="muted">(${groupThousands(count)})</span>`)}`;

export const runHref = (runId: string) => `/runs/${encodeURIComponent(runId)}`;

export async function runsListPage(source: RunsSource): Promise<Page> {
  const runs = await source.list();
  const table = runs.length
    ? html`<table>
  <caption class="visually-hidden">Runs, newest first</caption>
  <thead><tr><th scope="col">Run</th><th scope="col">File</th><th scope="col">Started</th><th scope="col">Status</th><th scope="col" class="num">Rows</th><th scope="col" class="num">Totals</th></tr></thead>
  <tbody>${runs.map(
    (run) => html`<tr><th scope="row"><a href="${runHref(run.runId)}">${run.runId}</a></th><td class="path">${run.file}</td><td>${time(run.startedAt)}</td><td>${run.state}</td>
    <td class="num">${groupThousands(run.rows)}</td><td class="num">${money(run.totals)}</td></tr>`,
  )}</tbody>
</table>`
    : html`<p>No runs yet. Start one with <code>paypal-payouts send FILE</code>.</p>`;
  return { title: 'Runs', lead: html`Runs in the store at <code>${source.where}</code>.`, sections: [{ id: 'runs', title: 'All runs', body: table, live: true }] };
}

const time = (iso: string | undefined) => (iso ? html`<time datetime="${iso}">${iso.slice(0, 19).replace('T', ' ')} UTC</time>` : 'unknown');

export async function runPage(source: RunsSource, runId: string, query: string): Promise<Page> {
  const view = await source.view(runId);
  const { listing, summary } = view;
  return {
    title: `Run ${runId}`,
    lead: html`<span class="path">${listing.file}</span> · started ${time(listing.startedAt)} · <a href="${runHref(runId)}/report.csv" download>Download the report (CSV)</a>`,
    sections: [
      { id: 'progress', title: 'Progress', body: progress(view), live: true },
      { id: 'totals', title: 'Totals by status', body: totals(view), live: true },
      { id: 'attention', title: 'Rows that need a person', body: attention(view), live: true },
      { id: 'search', title: 'Find a row', body: search(runId, view, query) },
      { id: 'batches', title: 'Batches', body: batches(summary), live: true },
    ],
  };
}

function progress({ listing, summary, checkedAt }: RunView): Html {
  const underWay = UNDER_WAY.reduce((n, status) => n + count(summary.byStatus[status]), 0);
  const toPay = summary.rows - count(summary.byStatus.REJECTED); // invalid rows are never sent
  const settled = toPay - underWay;
  return html`<dl class="facts">
  <div><dt><label for="batches-sent">Batches sent</label></dt><dd><progress id="batches-sent" max="${listing.batches}" value="${listing.batchesSent}"></progress> ${listing.batchesSent} of ${listing.batches}</dd></div>
  <div><dt><label for="items-settled">Items settled</label></dt><dd><progress id="items-settled" max="${toPay}" value="${settled}"></progress> ${groupThousands(settled)} of ${groupThousands(toPay)}</dd></div>
  <div><dt>Every row paid</dt><dd>${summary.allPaid ? 'yes' : underWay > 0 ? 'not yet' : 'no: see the rows that need a person'}</dd></div>
  <div><dt>PayPal asked at</dt><dd>${time(checkedAt.toISOString())}</dd></div>
</dl>${summary.duplicates.length ? html`<p class="alert" role="alert">Paid twice (sent outside this run too): ${summary.duplicates.join(', ')}</p>` : ''}`;
}

const count = (totals: CurrencyTotals | undefined) => Object.values(totals ?? {}).reduce((n, { count: c }) => n + c, 0);

function totals({ summary }: RunView): Html {
  const statuses = Object.entries(summary.byStatus);
  const currencies = [...new Set(statuses.flatMap(([, byCurrency]) => Object.keys(byCurrency)))];
  const className = (status: string) => `status-${status}`;
  return html`<div class="charts">
  ${barChart('Rows per status', statuses.map(([status, byCurrency]) => ({ label: status, value: count(byCurrency), text: groupThousands(count(byCurrency)), className: className(status) })))}
  ${currencies.map((currency) =>
    barChart(
      `${currency} per status`,
      statuses
        .filter(([, byCurrency]) => byCurrency[currency])
        .map(([status, byCurrency]) => {
          const { sum, count: n } = byCurrency[currency]!;
          return { label: status, value: Number(sum), text: `${currency} ${groupThousands(sum)} (${groupThousands(n)})`, className: className(status) };
        }),
    ),
  )}
</div>
<table>
  <caption>Counts and amounts per status and currency</caption>
  <thead><tr><th scope="col">Status</th>${currencies.map((currency) => html`<th scope="col" class="num">${currency}</th>`)}</tr></thead>
  <tbody>${statuses.map(
    ([status, byCurrency]) =>
      html`<tr><th scope="row"><span class="dot ${className(status)}"></span>${status}</th>${currencies.map((currency) => {
        const cell = byCurrency[currency];
        return html`<td class="num">${cell ? html`${groupThousands(cell.sum)} <span class="muted">(${groupThousands(cell.count)})</span>` : '–'}</td>`;
      })}</tr>`,
  )}
  <tr><th scope="row">Fees</th>${currencies.map((currency) => html`<td class="num">${summary.fees[currency] ? groupThousands(summary.fees[currency].sum) : '–'}</td>`)}</tr></tbody>
</table>`;
}

function rowsTable(caption: string, rows: ReportRow[], returnsOn: Map<string, string | undefined>): Html {
  return html`<table>
  <caption>${caption}</caption>
  <thead><tr><th scope="col" class="num">Line</th><th scope="col">sender_item_id</th><th scope="col">Receiver</th><th scope="col" class="num">Amount</th><th scope="col">Status</th><th scope="col">PayPal's reason, or when the money returns</th></tr></thead>
  <tbody>${rows.map(
    (row) => html`<tr><td class="num">${row.line}</td><td><code>${row.sender_item_id}</code></td><td>${row.receiver}</td><td class="num">${row.currency} ${groupThousands(row.amount ?? '')}</td>
    <td><span class="dot status-${row.transaction_status}"></span>${row.transaction_status}</td>
    <td>${row.error || (row.transaction_status === 'UNCLAIMED' ? `returns to you on ${returnsOn.get(row.line ?? '') ?? 'a date PayPal has not given yet'} unless claimed` : '')}</td></tr>`,
  )}</tbody>
</table>`;
}

const returnDates = ({ summary }: RunView) => new Map(summary.unclaimed.map((item) => [String(item.line), item.returnsOn]));

function attention(view: RunView): Html {
  const rows = view.rows.filter((row) => NEEDS_A_PERSON.includes(row.transaction_status ?? ''));
  if (!rows.length) return html`<p>None: no row is failed, unclaimed, on hold or blocked.</p>`;
  return rowsTable(`${rows.length} rows failed, unclaimed, on hold or blocked`, rows, returnDates(view));
}

function search(runId: string, view: RunView, query: string): Html {
  const form = html`<form method="get" action="${runHref(runId)}#search" role="search">
  <label for="q">Receiver or sender_item_id</label>
  <input id="q" name="q" type="search" value="${query}" autocomplete="off">
  <button type="submit">Search</button>
</form>`;
  const needle = query.trim().toLowerCase();
  if (!needle) return form;
  const found = view.rows.filter((row) => (row.receiver ?? '').toLowerCase().includes(needle) || (row.sender_item_id ?? '').toLowerCase().includes(needle));
  const caption = `${found.length} ${found.length === 1 ? 'row matches' : 'rows match'} “${query}”${found.length > RESULTS_SHOWN ? ` (the first ${RESULTS_SHOWN} shown)` : ''}`;
  return html`${form}${found.length ? rowsTable(caption, found.slice(0, RESULTS_SHOWN), returnDates(view)) : html`<p role="status">${caption}.</p>`}`;
}

function batches(summary: RunView['summary']): Html {
  return html`<table>
  <caption class="visually-hidden">Batches of the run</caption>
  <thead><tr><th scope="col">sender_batch_id</th><th scope="col">payout_batch_id</th><th scope="col">Status</th></tr></thead>
  <tbody>${summary.batches.map((batch) => html`<tr><td><code>${batch.senderBatchId}</code></td><td><code>${batch.payoutBatchId ?? 'not sent'}</code></td><td>${batch.status ?? ''}</td></tr>`)}</tbody>
</table>`;
}
