// The built package's commands: `paypal-payouts dashboard` and `local --dashboard` print a URL that
// works, with the page script and stylesheet served from dist/ (nothing from elsewhere).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ROOT } from '../support/paths.js';
import { tempDir } from '../bulk/support.js';

const BIN = path.join(ROOT, 'dist', 'cli', 'index.js');
let child: ChildProcess | undefined;
afterEach(() => void child?.kill());

function start(args: string[]): { output: () => string; exited: Promise<number | null> } {
  const running = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child = running;
  let output = '';
  running.stdout.on('data', (chunk) => (output += chunk));
  running.stderr.on('data', (chunk) => (output += chunk));
  return { output: () => output, exited: new Promise((resolve) => running.once('exit', resolve)) };
}

/** Opens the printed URL as a browser does, then fetches `paths` with the cookie it got. */
async function visit(url: string, paths: string[]): Promise<Array<{ status: number; type: string | null; body: string }>> {
  const first = await fetch(url, { redirect: 'manual' });
  const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
  return Promise.all(
    paths.map(async (p) => {
      const response = await fetch(new URL(p, url), { headers: { cookie } });
      return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
    }),
  );
}

it('`local --dashboard` prints a dashboard URL whose page and assets come from the package', async () => {
  const run = start(['local', '--clock', 'instant', '--dashboard']);
  await expect.poll(run.output, { timeout: 15_000 }).toMatch(/Dashboard .*: http:\/\/127\.0\.0\.1:\d+\/\?token=\S+\n/);
  const url = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(run.output().split('Dashboard')[1]!)![1]!;
  const [page, script, style] = await visit(url, ['/local', '/assets/app.js', '/assets/app.css']);
  expect(page!.body).toContain('<h1>Local PayPal</h1>');
  expect(script).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
  expect(script!.body).toContain("section[data-live]");
  expect(style).toMatchObject({ status: 200, type: 'text/css; charset=utf-8' });
  child!.kill('SIGTERM');
  expect(await run.exited).toBe(0);
});

it('`dashboard` serves an empty store, and refuses a host that is not loopback', async () => {
  const run = start(['dashboard', '--store', tempDir()]);
  await expect.poll(run.output, { timeout: 15_000 }).toMatch(/\?token=\S+\n/);
  const url = /(http:\/\/\S+\?token=\S+)/.exec(run.output())![1]!;
  const [runs] = await visit(url, ['/runs']);
  expect(runs!.body).toContain('No runs yet.');
  child!.kill('SIGTERM');
  expect(await run.exited).toBe(0);

  const refused = start(['dashboard', '--host', '0.0.0.0']);
  expect(await refused.exited).toBe(1);
  expect(refused.output()).toContain('loopback addresses only (127.0.0.1, ::1, localhost), not "0.0.0.0"');
});
