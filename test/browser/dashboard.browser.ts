// The dashboard in Debian's Chromium, against a store holding a real run made against the local
// PayPal: what a person sees, finds and does there. Screenshots go to test-results/dashboard/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStatus } from '../../src/bulk/index.js';
import { groupThousands } from '../../src/bulk/money.js';
import { runAndDashboard, type DashboardFixture } from '../dashboard/support.js';
import { launch, type Browser } from './chromium.js';
import { postbackFor, rawCaller } from '../support/raw-paypal.js';

let fixture: DashboardFixture;
let browser: Browser;
beforeAll(async () => {
  [fixture, browser] = await Promise.all([runAndDashboard(), launch()]);
  await signIn();
});

/** Opens the printed URL, as a person does first: the browser keeps the cookie for the other tests. */
async function signIn() {
  const { page } = await browser.open();
  await page.goto(fixture.dashboard.url);
  await page.close();
}
afterAll(async () => {
  await browser?.close();
  await fixture?.close();
});

const at = (path: string) => new URL(path, fixture.dashboard.origin).href;

describe('a run still under way', () => {
  it('shows its progress, and follows it live as the local PayPal completes its batches', async () => {
    const underWay = await runAndDashboard('manual');
    try {
      const { page, errors } = await browser.open();
      await page.goto(underWay.dashboard.url);
      await page.goto(new URL(`/runs/${underWay.runId}`, underWay.dashboard.origin).href);
      const settled = page.locator('#progress div', { hasText: 'Items settled' });
      await expect(settled.textContent()).resolves.toContain('0 of 8');
      await expect(page.locator('#progress').textContent()).resolves.toContain('not yet');
      await browser.screenshot(page, 'run-under-way');

      const local = await browser.open();
      await local.page.goto(underWay.dashboard.url);
      await local.page.goto(new URL('/local', underWay.dashboard.origin).href);
      await local.page.getByRole('button', { name: 'Complete every batch' }).click();
      await local.page.getByRole('status').filter({ hasText: 'Every batch is complete.' }).waitFor();

      await settled.filter({ hasText: '8 of 8' }).waitFor(); // the run page, left alone, caught up
      await browser.screenshot(page, 'run-completed');
      expect([...errors, ...local.errors]).toEqual([]);
      await Promise.all([page.close(), local.page.close()]);
    } finally {
      await underWay.close();
    }
  });
});

describe('the dashboard in a browser', () => {
  it('refuses a request without the token', async () => {
    await browser.context.clearCookies();
    const { page } = await browser.open();
    const response = await page.goto(at('/runs'));
    expect(response?.status()).toBe(401);
    expect(await page.textContent('body')).toContain('no token');
    await browser.screenshot(page, 'no-token');
    await page.close();
    await signIn();
  });

  it("lets the printed URL in, cleans it, and shows the run's counts and totals as the report has them", async () => {
    const { page, errors } = await browser.open();
    await page.goto(fixture.dashboard.url);
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    const listed = page.getByRole('row').filter({ has: page.getByRole('link', { name: fixture.runId }) });
    await expect(listed.textContent()).resolves.toMatch(/june\.csv.*sent: 2 of 2 batches.*8.*USD 49\.50 \(4\).*EUR 10\.35 \(2\).*JPY 2,100 \(2\)/s);
    await browser.screenshot(page, 'runs');
    await page.getByRole('link', { name: fixture.runId }).click();
    await page.getByRole('heading', { name: `Run ${fixture.runId}` }).waitFor();

    const summary = await runStatus(fixture.runId, { client: fixture.client, store: fixture.store });
    const table = page.getByRole('table', { name: 'Counts and amounts per status and currency' });
    for (const [status, byCurrency] of Object.entries(summary.byStatus)) {
      const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: status, exact: true }) });
      for (const { sum, count } of Object.values(byCurrency)) await expect(row.textContent()).resolves.toContain(`${groupThousands(sum)} (${count})`);
    }
    // Each chart says its figures to screen readers too.
    const paid = Object.values(summary.byStatus.SUCCESS ?? {}).reduce((n, { count }) => n + count, 0);
    await expect(page.getByRole('img', { name: /^Rows per status\./ }).getAttribute('aria-label')).resolves.toContain(`SUCCESS: ${paid}`);
    const attention = page.locator('#attention');
    for (const id of ['D004', 'D005', 'D006', 'D007']) await expect(attention.textContent()).resolves.toContain(id);
    await expect(attention.textContent()).resolves.toContain('RECEIVER_UNREGISTERED');
    await expect(attention.textContent()).resolves.toMatch(/returns to you on \d{4}-\d{2}-\d{2}/);
    await browser.screenshot(page, 'run');
    expect(errors).toEqual([]); // no CSP violation, no script error
    await page.close();
  });

  it('starts with a skip link to the content, for keyboard users', async () => {
    const { page } = await browser.open();
    await page.goto(at('/local'));
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('Skip to content');
    await page.keyboard.press('Enter');
    await expect(page.evaluate('document.activeElement?.id')).resolves.toBe('main');
    await page.close();
  });

  it('finds a row by receiver or sender_item_id, from the keyboard', async () => {
    const { page } = await browser.open();
    await page.goto(at(`/runs/${fixture.runId}`));
    await page.getByLabel('Receiver or sender_item_id').fill('hold-6');
    await page.keyboard.press('Enter');
    const results = page.getByRole('table', { name: /1 row matches “hold-6”/ });
    await results.waitFor();
    await expect(results.textContent()).resolves.toContain('D006');
    await browser.screenshot(page, 'search');
    await page.close();
  });

  it("changes what the run page shows when an action on the local PayPal's page changes an item", async () => {
    const run = await browser.open();
    await run.page.goto(at(`/runs/${fixture.runId}`));
    const unclaimedRow = run.page.locator('#attention tr', { hasText: 'D004' });
    await unclaimedRow.waitFor();

    const local = await browser.open();
    await local.page.goto(at('/local'));
    await local.page.getByRole('button', { name: 'Claim D004' }).click();
    await local.page.getByRole('status').filter({ hasText: ': claim done.' }).waitFor();
    const item = local.page.locator('#items tr', { hasText: 'D004' });
    await expect(item.textContent()).resolves.toContain('SUCCESS');
    await browser.screenshot(local.page, 'local-paypal');

    // The run page, left open, asks PayPal again by itself: D004 no longer needs a person.
    await unclaimedRow.waitFor({ state: 'detached' });
    await browser.screenshot(run.page, 'run-after-claim');
    expect([...run.errors, ...local.errors]).toEqual([]);
    await Promise.all([run.page.close(), local.page.close()]);
  });

  it("shows each delivery's attempts and answers, retries it when the clock moves on, shows a postback's verdict, and redelivers", async () => {
    const first = fixture.paypal.deliveries.list.find((delivery) => delivery.attempts[0]?.status === 503)!;
    // A listener that checks signatures by postback, as PayPal offers: its verdict shows on the page.
    const received = fixture.listener.requests.find((request) => request.headers['paypal-transmission-id'] === new Headers(first.headers).get('paypal-transmission-id'))!;
    const call = await rawCaller({ baseUrl: fixture.paypal.url, clientId: fixture.paypal.clientId, clientSecret: fixture.paypal.clientSecret });
    const verdict = await call('POST', '/v1/notifications/verify-webhook-signature', { body: postbackFor(received, first.webhookId) });
    expect(verdict.body).toEqual({ verification_status: 'SUCCESS' });

    const { page, errors } = await browser.open();
    await page.goto(at('/local'));
    const row = page.locator('#deliveries tr', { hasText: first.eventId });
    await expect(row.textContent()).resolves.toMatch(/503 .*busy.*next attempt at/s); // PayPal retries later
    await expect(row.textContent()).resolves.toContain('verified');
    await page.getByLabel('Advance the clock by').selectOption('1 minute');
    await page.getByRole('button', { name: 'Advance', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'The clock moved on 1 minute' }).waitFor();
    await row.filter({ hasText: /200 .*ok/s }).waitFor(); // the retry, once due, reached the listener
    await browser.screenshot(page, 'deliveries');

    const before = fixture.listener.requests.length;
    await row.getByRole('button', { name: `Redeliver ${first.eventType} ${first.eventId}` }).click();
    await page.getByRole('status').filter({ hasText: `Event ${first.eventId} sent again.` }).waitFor();
    await fixture.paypal.deliveries.settled();
    expect(fixture.listener.requests.length).toBe(before + 1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('injects a fault for the next request from its form', async () => {
    const { page, errors } = await browser.open();
    await page.goto(at('/local'));
    await page.getByLabel('Operation').selectOption('payouts.get');
    await page.getByLabel('Fault').selectOption('error-before-commit');
    await page.getByRole('button', { name: 'Inject' }).click();
    await page.getByRole('status').filter({ hasText: 'The next payouts.get request gets error-before-commit.' }).waitFor();
    const batch = fixture.paypal.ledger.batches()[0]!;
    const answer = await fetch(`${fixture.paypal.url}/v1/payments/payouts/${batch.payoutBatchId}`, { headers: { authorization: 'Bearer any' } });
    expect(answer.status).toBe(500); // the fault comes before the token check
    expect(errors).toEqual([]);
    await page.close();
  });
});
