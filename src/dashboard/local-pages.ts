// The local PayPal's page: its batches, items and ledger, every webhook delivery with its attempts,
// and the actions a developer drives it with. Each action is a plain form (works without the script).
import { groupThousands } from '../bulk/money.js';
import type { FaultKind, Operation } from '../testing/faults.js';
import { ITEM_DECISIONS, type ItemDecision } from '../testing/item-decisions.js';
import type { LocalPayPal } from '../testing/local-paypal.js';
import { html, type Html } from './html.js';
import type { Page } from './page.js';

/** What the page shows and drives: the local PayPal's public API. */
export type LocalPayPalControls = Pick<LocalPayPal, 'url' | 'ledger' | 'faults' | 'clock' | 'deliveries' | 'decideItem'>;

/** Our choice: the operations a person targets by hand; tests reach every one through `faults.add`. */
const FAULT_OPERATIONS = ['payouts.create', 'payouts.get', 'payoutItems.get', 'payoutItems.cancel', 'oauth2.token', 'webhooks.verifySignature'] as const satisfies readonly Operation[];
const FAULT_KINDS = {
  'error-before-commit': 'answer 500 before doing anything',
  'error-after-commit': 'do the work, then answer 500',
  'reset-after-commit': 'do the work, then drop the connection',
  'rate-limit': 'answer 429',
  delay: 'answer after a second',
} as const satisfies Partial<Record<FaultKind, string>>;
/** Our choice of steps: a delivery's next retry (minutes to hours), a day, an unclaimed item's return (30 days). */
const ADVANCES: Record<string, number> = { '1 minute': 60_000, '1 hour': 3_600_000, '1 day': 86_400_000, '30 days': 30 * 86_400_000 };
const DECISIONS: Record<ItemDecision, string> = { claim: 'Claim', fail: 'Fail', return: 'Return' };

/** Forms post the form token; the server checks it with the cookie and the Origin. */
const tokenField = (formToken: string) => html`<input type="hidden" name="form_token" value="${formToken}">`;

export function localPage(paypal: LocalPayPalControls, formToken: string, notice: { message?: string; error?: string }): Page {
  return {
    title: 'Local PayPal',
    lead: html`The emulator at <code>${paypal.url}</code>, batches moving <code>${typeof paypal.clock.mode === 'object' ? `every ${paypal.clock.mode.stepMs} ms` : paypal.clock.mode}</code>, its time <time>${paypal.clock.now().toISOString()}</time>.${
      notice.error ? html`<span class="alert" role="alert">${notice.error}</span>` : notice.message ? html`<span class="notice" role="status">${notice.message}</span>` : ''
    }`,
    sections: [
      { id: 'actions', title: 'Drive it', body: actions(formToken) },
      { id: 'batches', title: 'Batches', body: batches(paypal), live: true },
      { id: 'items', title: 'Items', body: items(paypal, formToken), live: true },
      { id: 'ledger', title: 'Ledger', body: ledger(paypal), live: true },
      { id: 'deliveries', title: 'Webhook deliveries', body: deliveries(paypal, formToken), live: true },
    ],
  };
}

function actions(formToken: string): Html {
  return html`<div class="actions">
<form method="post" action="/local/clock">${tokenField(formToken)}
  <fieldset><legend>Batches</legend>
  <button type="submit" name="step" value="tick">Advance one step</button>
  <button type="submit" name="step" value="settle">Complete every batch</button></fieldset>
</form>
<form method="post" action="/local/clock">${tokenField(formToken)}
  <fieldset><legend>Time</legend>
  <label for="advance-by">Advance the clock by</label>
  <select id="advance-by" name="advance">${Object.keys(ADVANCES).map((label) => html`<option>${label}</option>`)}</select>
  <button type="submit">Advance</button></fieldset>
</form>
<form method="post" action="/local/faults">${tokenField(formToken)}
  <fieldset><legend>Fault for the next request</legend>
  <label for="fault-operation">Operation</label>
  <select id="fault-operation" name="operation">${FAULT_OPERATIONS.map((operation) => html`<option>${operation}</option>`)}</select>
  <label for="fault-kind">Fault</label>
  <select id="fault-kind" name="kind">${Object.entries(FAULT_KINDS).map(([kind, text]) => html`<option value="${kind}">${kind}: ${text}</option>`)}</select>
  <button type="submit">Inject</button></fieldset>
</form>
</div>`;
}

function batches({ ledger }: LocalPayPalControls): Html {
  const list = ledger.batches();
  if (!list.length) return html`<p>No batch yet.</p>`;
  return html`<table><caption class="visually-hidden">Batches PayPal committed</caption>
  <thead><tr><th scope="col">payout_batch_id</th><th scope="col">sender_batch_id</th><th scope="col">Status</th><th scope="col" class="num">Items</th></tr></thead>
  <tbody>${list.map((batch) => html`<tr><td><code>${batch.payoutBatchId}</code></td><td><code>${batch.senderBatchId}</code></td><td><span class="dot status-${batch.status}"></span>${batch.status}</td><td class="num">${batch.items}</td></tr>`)}</tbody></table>`;
}

/** Items shown at most: a 15,000-item batch would make the page unusable; the ledger API has them all. */
const ITEMS_SHOWN = 200;

function items({ ledger }: LocalPayPalControls, formToken: string): Html {
  const list = ledger.items();
  if (!list.length) return html`<p>No item yet.</p>`;
  return html`<table><caption class="visually-hidden">Items, newest batch last${list.length > ITEMS_SHOWN ? `, the first ${ITEMS_SHOWN} of ${list.length}` : ''}</caption>
  <thead><tr><th scope="col">payout_item_id</th><th scope="col">sender_item_id</th><th scope="col">Receiver</th><th scope="col" class="num">Amount</th><th scope="col">Status</th><th scope="col">Set outcome</th></tr></thead>
  <tbody>${list.slice(0, ITEMS_SHOWN).map(
    (item) => html`<tr><td><code>${item.payoutItemId}</code></td><td><code>${item.senderItemId ?? ''}</code></td><td>${item.receiver}</td><td class="num">${item.amount.currency} ${groupThousands(item.amount.value)}</td>
    <td><span class="dot status-${item.status}"></span>${item.status}</td>
    <td><form method="post" action="/local/items/${item.payoutItemId}/outcome" class="inline">${tokenField(formToken)}
      ${Object.entries(DECISIONS)
        .filter(([decision]) => (ITEM_DECISIONS[decision as ItemDecision].from as readonly string[]).includes(item.status))
        .map(([decision, label]) => html`<button type="submit" name="decision" value="${decision}" aria-label="${label} ${item.senderItemId ?? item.payoutItemId}">${label}</button>`)}
    </form></td></tr>`,
  )}</tbody></table>`;
}

function ledger({ ledger }: LocalPayPalControls): Html {
  const rows: Array<[string, Record<string, string>]> = [
    ['Committed', ledger.totals()],
    ['Paid (SUCCESS)', ledger.totals(['SUCCESS'])],
    ['Unclaimed', ledger.totals(['UNCLAIMED'])],
    ['Returned', ledger.totals(['RETURNED'])],
    ['Failed', ledger.totals(['FAILED'])],
  ];
  const currencies = Object.keys(rows[0]![1]);
  if (!currencies.length) return html`<p>Nothing committed yet.</p>`;
  return html`<table><caption class="visually-hidden">Amounts per currency</caption>
  <thead><tr><th scope="col">Items</th>${currencies.map((currency) => html`<th scope="col" class="num">${currency}</th>`)}</tr></thead>
  <tbody>${rows.map(([label, totals]) => html`<tr><th scope="row">${label}</th>${currencies.map((currency) => html`<td class="num">${totals[currency] ? groupThousands(totals[currency]) : '–'}</td>`)}</tr>`)}</tbody></table>`;
}

function deliveries({ deliveries }: LocalPayPalControls, formToken: string): Html {
  if (!deliveries.listeners.length) return html`<p>No webhook listener. Add one with <code>--webhook URL</code> or <code>deliveries.listen({ url })</code>.</p>`;
  const list = deliveries.list;
  if (!list.length) return html`<p>No event delivered yet; listeners: ${deliveries.listeners.map((l, i) => html`${i ? ', ' : ''}<code>${l.url}</code>`)}.</p>`;
  return html`<table><caption class="visually-hidden">Every delivery, oldest first</caption>
  <thead><tr><th scope="col">Event</th><th scope="col">Listener</th><th scope="col">Attempts: the listener's answers</th><th scope="col">Delivered</th><th scope="col">Signature check by postback</th><th scope="col">Again</th></tr></thead>
  <tbody>${list.map((delivery) => {
    const verdict = deliveries.verdicts.get(new Headers(delivery.headers).get('paypal-transmission-id') ?? '');
    return html`<tr><td>${delivery.eventType}<br><code class="muted">${delivery.eventId}</code></td><td><code>${delivery.url}</code></td>
    <td><ol class="attempts">${delivery.attempts.map(
      (attempt) => html`<li><span class="${attempt.status >= 200 && attempt.status < 300 ? 'ok' : 'bad'}">${attempt.status || 'no answer'}</span> <span class="muted">${attempt.at}</span>${attempt.answer ? html` <code>${attempt.answer.slice(0, 80)}</code>` : ''}</li>`,
    )}</ol>${delivery.nextAttemptAt ? html`<span class="muted">next attempt at ${delivery.nextAttemptAt}</span>` : ''}</td>
    <td>${delivery.delivered ? 'yes' : 'no'}</td>
    <td>${verdict ? html`<span class="${verdict === 'SUCCESS' ? 'ok' : 'bad'}">${verdict === 'SUCCESS' ? 'verified' : 'failed'}</span>` : html`<span class="muted">not asked</span>`}</td>
    <td><form method="post" action="/local/events/${delivery.eventId}/redeliver" class="inline">${tokenField(formToken)}<button type="submit" aria-label="Redeliver ${delivery.eventType} ${delivery.eventId}">Redeliver</button></form></td></tr>`;
  })}</tbody></table>`;
}

/** Applies a posted action; returns what to tell the person. @throws RangeError for a value it cannot take. */
export function localAction(paypal: LocalPayPalControls, path: string, form: URLSearchParams): string {
  const item = /^\/local\/items\/([^/]+)\/outcome$/.exec(path);
  const event = /^\/local\/events\/([^/]+)\/redeliver$/.exec(path);
  if (path === '/local/clock' && form.has('advance')) {
    const by = form.get('advance') ?? '';
    if (!Object.hasOwn(ADVANCES, by)) throw new RangeError(`advance must be one of ${Object.keys(ADVANCES).join(', ')}, not ${JSON.stringify(by)}`);
    paypal.clock.advance(ADVANCES[by]!);
    return `The clock moved on ${by}: it is now ${paypal.clock.now().toISOString()}.`;
  }
  if (path === '/local/clock') {
    const step = form.get('step');
    if (step === 'tick') paypal.clock.tick();
    else if (step === 'settle') paypal.clock.settle();
    else throw new RangeError(`step must be tick or settle, not ${JSON.stringify(step)}`);
    return step === 'tick' ? 'The clock moved every open batch one step.' : 'Every batch is complete.';
  }
  if (path === '/local/faults') {
    const operation = form.get('operation') ?? '';
    const kind = form.get('kind') ?? '';
    if (!(FAULT_OPERATIONS as readonly string[]).includes(operation)) throw new RangeError(`operation must be one of ${FAULT_OPERATIONS.join(', ')}, not ${JSON.stringify(operation)}`);
    if (!Object.hasOwn(FAULT_KINDS, kind)) throw new RangeError(`kind must be one of ${Object.keys(FAULT_KINDS).join(', ')}, not ${JSON.stringify(kind)}`);
    paypal.faults.add({ operation: operation as Operation, kind: kind as keyof typeof FAULT_KINDS });
    return `The next ${operation} request gets ${kind}.`;
  }
  if (item) {
    const decision = form.get('decision') ?? '';
    const id = decodeURIComponent(item[1]!);
    paypal.decideItem(id, decision as ItemDecision);
    return `Item ${id}: ${decision} done.`;
  }
  if (event) {
    const id = decodeURIComponent(event[1]!);
    if (!paypal.deliveries.resend(id)) throw new RangeError(`no event ${JSON.stringify(id)}`);
    return `Event ${id} sent again.`;
  }
  throw new RangeError(`no action at ${path}`);
}
