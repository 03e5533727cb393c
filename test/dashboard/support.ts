// A real run made against the local PayPal, in a store of runs, and a dashboard showing it and the
// local PayPal: what both the HTTP and the browser tests look at.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PayoutsClient } from '../../src/index.js';
import { sendPayoutFile } from '../../src/bulk/index.js';
import type { Summary } from '../../src/bulk/report.js';
import { FileRunStore } from '../../src/bulk/store/file.js';
import { storeRuns } from '../../src/dashboard/runs-source.js';
import { startDashboard, type Dashboard } from '../../src/dashboard/server.js';
import { startLocalPayPal, type ClockMode, type LocalPayPal } from '../../src/testing/index.js';
import { tempDir } from '../bulk/support.js';
import { startServer, type LocalServer } from '../support/local-server.js';

/** Receivers whose words choose their outcome in the local PayPal (itemOutcome): one of each, over three currencies. */
const ROWS = [
  'creator-1@example.com,10.00,USD,D001,Thanks,PAYPAL',
  'creator-2@example.com,20.50,USD,D002,Thanks,PAYPAL',
  'creator-3@example.com,7.25,EUR,D003,Thanks,PAYPAL',
  'unclaimed-4@example.com,15.00,USD,D004,Thanks,PAYPAL',
  'fail-5@example.com,3.10,EUR,D005,Thanks,PAYPAL',
  'hold-6@example.com,1200,JPY,D006,Thanks,PAYPAL',
  'block-7@example.com,4.00,USD,D007,Thanks,PAYPAL',
  'creator-8@example.com,900,JPY,D008,Thanks,PAYPAL',
];

export interface DashboardFixture {
  paypal: LocalPayPal;
  client: PayoutsClient;
  /** The store the run is in, open. */
  store: FileRunStore;
  runId: string;
  /** What `paypal-payouts send` reported at the end of the run. */
  summary: Summary;
  dashboard: Dashboard;
  /** The webhook listener: it answers 503 to the first delivery (retried a minute later, emulator time), 200 to the others. */
  listener: LocalServer;
  close(): Promise<void>;
}

/**
 * With the `manual` clock the run ends before PayPal processes its batches (the send stops waiting at
 * once), so the run page shows a run still under way until `paypal.clock.settle()`.
 */
export async function runAndDashboard(clock: ClockMode = 'instant'): Promise<DashboardFixture> {
  let answered = 0;
  const listener = await startServer((_, res) => void (answered++ === 0 ? res.writeHead(503).end('busy') : res.writeHead(200).end('ok')));
  const paypal = await startLocalPayPal({ clock, webhooks: { listeners: [{ url: `${listener.url}/hook` }] } });
  const client = new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, baseUrl: paypal.url });
  const dir = tempDir();
  const file = join(dir, 'june.csv');
  writeFileSync(file, `${ROWS.join('\n')}\n`);
  const result = await sendPayoutFile(file, { client, storeDir: join(dir, 'store'), batchSize: 5, wait: { intervalMs: 1, maxIntervalMs: 5, timeoutMs: clock === 'manual' ? 0 : undefined } });
  if (result.outcome !== 'done') throw new Error(`the fixture's run ended ${result.outcome}`);
  await paypal.deliveries.settled();
  const store = await FileRunStore.open(join(dir, 'store'));
  const dashboard = await startDashboard({ runs: storeRuns({ store, client: () => client, freshMs: 0 }), local: paypal });
  return {
    paypal,
    client,
    store,
    runId: result.plan.runId,
    summary: result.summary,
    dashboard,
    listener,
    close: async () => void (await Promise.all([dashboard.close(), store.close(), paypal.close(), listener.close()])),
  };
}

/** Opens the dashboard's URL as a browser does first: returns the cookie it sets. */
export async function signIn(dashboard: Dashboard): Promise<string> {
  const response = await fetch(dashboard.url, { redirect: 'manual' });
  const cookie = response.headers.get('set-cookie');
  if (response.status !== 303 || !cookie) throw new Error(`signing in answered ${response.status}`);
  return cookie.split(';')[0]!;
}
