// The dashboard over plain HTTP: who gets in (the token), who may act (CSRF), the headers on every
// answer, no secrets in any page, and the run page's figures being `status`'s own.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStatus } from '../../src/bulk/index.js';
import { groupThousands } from '../../src/bulk/money.js';
import { startDashboard } from '../../src/dashboard/server.js';
import { runAndDashboard, signIn, type DashboardFixture } from './support.js';

let fixture: DashboardFixture;
let cookie: string;
beforeAll(async () => {
  fixture = await runAndDashboard();
  cookie = await signIn(fixture.dashboard);
});
afterAll(() => fixture.close());

const at = (path: string) => new URL(path, fixture.dashboard.origin);
const get = (path: string, headers: Record<string, string> = {}) => fetch(at(path), { headers: { cookie, ...headers }, redirect: 'manual' });
const formToken = async () => /name="form_token" value="([^"]+)"/.exec(await (await get('/local')).text())![1]!;
const post = (path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(at(path), {
    method: 'POST',
    headers: { cookie, origin: fixture.dashboard.origin, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
    redirect: 'manual',
  });

describe('the token', () => {
  it('is refused when missing (401) or wrong (403), on pages and assets alike', async () => {
    for (const path of ['/', '/runs', '/local', '/assets/app.js', `/runs/${fixture.runId}/report.csv`]) {
      expect((await fetch(at(path), { redirect: 'manual' })).status).toBe(401);
      expect((await fetch(at(path), { headers: { cookie: cookie.replace(/=.*/, '=wrong') }, redirect: 'manual' })).status).toBe(403);
      expect((await fetch(at(`${path}?token=wrong`), { redirect: 'manual' })).status).toBe(403);
    }
  });

  it('moves from the URL into an HttpOnly SameSite=Strict cookie, and the URL is cleaned', async () => {
    const url = new URL(fixture.dashboard.url);
    const token = url.searchParams.get('token')!;
    expect(token).toMatch(/^[\w-]{43}$/); // 32 random bytes
    const response = await fetch(`${fixture.dashboard.origin}/runs?token=${token}&q=x`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/runs?q=x');
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toContain(token);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
  });

  it('is needed with a Host other than the loopback address (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(at('/runs'), { headers: { host: `attacker.example:${at('/').port}`, cookie } }, (res) => resolve(res.statusCode!));
      req.on('error', reject).end();
    });
    expect(status).toBe(403);
  });

  it('comes with a server that listens on loopback addresses only', async () => {
    await expect(startDashboard({ host: '0.0.0.0' })).rejects.toThrow(/loopback addresses only .*not "0.0.0.0"/);
    await expect(startDashboard({ host: '192.168.1.10' })).rejects.toThrow(RangeError);
  });
});

describe('every answer', () => {
  it('carries the security headers, refusals included', async () => {
    for (const response of [await get('/runs'), await get('/assets/app.js'), await fetch(at('/runs'))]) {
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-inline|https?:/);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('has no inline script and no other origin in its pages', async () => {
    for (const path of ['/runs', `/runs/${fixture.runId}`, '/local']) {
      const page = await (await get(path)).text();
      expect(page).toContain('<script type="module" src="/assets/app.js"></script>');
      expect(page).not.toMatch(/<script(?![^>]*src="\/assets\/)/);
      expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    }
  });

  it('shows no secret: no client secret, access token or session token', async () => {
    const { access_token } = (await (
      await fetch(`${fixture.paypal.url}/v1/oauth2/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${btoa(`${fixture.paypal.clientId}:${fixture.paypal.clientSecret}`)}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      })
    ).json()) as { access_token: string };
    const token = new URL(fixture.dashboard.url).searchParams.get('token')!;
    for (const path of ['/runs', `/runs/${fixture.runId}`, '/local', `/runs/${fixture.runId}/report.csv`]) {
      const page = await (await get(path)).text();
      for (const secret of [fixture.paypal.clientSecret, access_token, token]) expect(page).not.toContain(secret);
    }
  });
});

describe('actions', () => {
  it('are refused from another origin, without Origin or Sec-Fetch-Site, or without the form token', async () => {
    const form = await formToken();
    const cases: Array<[Record<string, string>, Record<string, string>, number]> = [
      [{ step: 'tick', form_token: form }, { origin: 'https://attacker.example', 'sec-fetch-site': 'cross-site' }, 403],
      [{ step: 'tick', form_token: form }, { 'sec-fetch-site': 'same-site' }, 403],
      [{ step: 'tick' }, {}, 403],
      [{ step: 'tick', form_token: 'forged' }, {}, 403],
      [{ step: 'tick', form_token: form }, { cookie: '' }, 401],
    ];
    for (const [body, headers, status] of cases) expect((await post('/local/clock', body, headers)).status).toBe(status);
    // Without Origin and Sec-Fetch-Site (not a browser's POST): refused too.
    const bare = (headers: Record<string, string>) =>
      fetch(at('/local/clock'), { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: `step=tick&form_token=${form}`, redirect: 'manual' });
    expect((await bare({})).status).toBe(403);
    // An older browser sends Origin alone: another site's is refused, ours accepted.
    expect((await bare({ origin: 'https://attacker.example' })).status).toBe(403);
    expect((await bare({ origin: fixture.dashboard.origin })).status).toBe(303);
  });

  it("act when they come from the page: setting an item's outcome changes the local PayPal's item", async () => {
    const unclaimed = fixture.paypal.ledger.items().find((item) => item.status === 'UNCLAIMED')!;
    const response = await post(`/local/items/${unclaimed.payoutItemId}/outcome`, { decision: 'claim', form_token: await formToken() });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/^\/local\?message=/);
    expect(fixture.paypal.ledger.items().find((item) => item.payoutItemId === unclaimed.payoutItemId)!.status).toBe('SUCCESS');
    // A decision that does not apply is refused with the reason, and changes nothing.
    const again = await post(`/local/items/${unclaimed.payoutItemId}/outcome`, { decision: 'return', form_token: await formToken() });
    expect(at(again.headers.get('location')!).searchParams.get('error')).toContain('is SUCCESS; "return" applies to UNCLAIMED items');
  });

  it('move the clock on by a chosen step only, naming the value refused', async () => {
    const before = fixture.paypal.clock.now().getTime();
    const moved = await post('/local/clock', { advance: '1 day', form_token: await formToken() });
    expect(at(moved.headers.get('location')!).searchParams.get('message')).toMatch(/^The clock moved on 1 day/);
    expect(fixture.paypal.clock.now().getTime() - before).toBeGreaterThanOrEqual(86_400_000);
    const refused = await post('/local/clock', { advance: '-5 days', form_token: await formToken() });
    expect(at(refused.headers.get('location')!).searchParams.get('error')).toBe('advance must be one of 1 minute, 1 hour, 1 day, 30 days, not "-5 days"');
  });

  it('do not exist for runs: the runs pages are read-only', async () => {
    expect((await post(`/runs/${fixture.runId}`, { form_token: await formToken() })).status).toBe(404);
  });
});

describe('a run', () => {
  it("is shown with status's own figures, and its CSV is the report's", async () => {
    const summary = await runStatus(fixture.runId, { client: fixture.client, store: fixture.store });
    const page = await (await get(`/runs/${fixture.runId}`)).text();
    for (const [status, byCurrency] of Object.entries(summary.byStatus)) {
      for (const [currency, { sum }] of Object.entries(byCurrency)) expect(page).toContain(`${currency} ${groupThousands(sum)}`);
      expect(page).toContain(status);
    }
    const csv = await (await get(`/runs/${fixture.runId}/report.csv`)).text();
    const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((row) => row.sender_item_id)).toEqual(['D001', 'D002', 'D003', 'D004', 'D005', 'D006', 'D007', 'D008']);
  });

  it('is found by a search on receiver or sender_item_id', async () => {
    const page = await (await get(`/runs/${fixture.runId}?q=fail-5`)).text();
    expect(page).toContain('1 row matches');
    expect(page).toContain('D005');
    expect(await (await get(`/runs/${fixture.runId}?q=nobody-here`)).text()).toContain('0 rows match');
  });

  it('answers 404 for a run the folder does not hold', async () => {
    expect((await get('/runs/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
  });
});
