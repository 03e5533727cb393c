// Each row is paid once, whoever runs the file, from wherever, however it was edited: the built CLI
// as operators run it, against the local PayPal, whose ledger is the truth. Each test has its own
// HOME (so its own default store, never the real ~/.local/state) and its own folders.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planFile } from '../../src/bulk/index.js';
import { PayoutsClient } from '../../src/index.js';
import { startLocalPayPal, type LocalPayPal } from '../../src/testing/index.js';
import { CLI, runCli, tempDir, writeWebFile, type Exit } from './support.js';

let paypal: LocalPayPal;
beforeAll(async () => {
  paypal = await startLocalPayPal({ clock: 'instant' });
});
afterAll(() => paypal.close());

/** A machine: its own HOME, so its own default store. */
function machine() {
  const home = tempDir();
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, PAYPAL_CLIENT_ID: paypal.clientId, PAYPAL_CLIENT_SECRET: paypal.clientSecret, PAYPAL_BASE_URL: paypal.url };
  delete env.XDG_STATE_HOME;
  delete env.PAYPAL_PAYOUTS_STORE;
  /** Runs the CLI in folder `cwd`; `killAfter` SIGKILLs it once stdout shows that many sent batches. */
  const run = (cwd: string, args: string[], killAfter?: number): Promise<Exit> =>
    runCli([...args, ...(args[0] === 'send' ? ['--poll-interval', '0.01'] : [])], {
      cwd,
      env,
      onStdout: (_, stdout, child) => {
        if (killAfter !== undefined && (stdout.match(/"message":"sent batch/g)?.length ?? 0) >= killAfter) child.kill('SIGKILL');
      },
    });
  return { home, run };
}

/** Items the local PayPal holds for these sender_item_ids. */
const paid = (ids: string[]) => paypal.ledger.items().filter((item) => item.senderItemId !== undefined && ids.includes(item.senderItemId));

const idsOf = (file: string) => readFileSync(file, 'utf8').trim().split(/\r?\n/).map((line) => line.split(',')[3]!);

/** Every row of `file` paid exactly once, in its amount and currency. */
function expectEachRowPaidOnce(file: string) {
  const rows = readFileSync(file, 'utf8').trim().split(/\r?\n/).map((line) => line.split(','));
  const items = paid(rows.map((row) => row[3]!));
  expect(items.map((item) => item.senderItemId).sort()).toEqual(rows.map((row) => row[3]).sort());
  for (const [receiver, value, currency, id] of rows) expect(items.find((item) => item.senderItemId === id)).toMatchObject({ receiver, amount: { value, currency } });
}

describe('paypal-payouts send pays each row once', () => {
  it('resumes a run from another folder with another --batch-size, sending only the rest', async () => {
    const { run } = machine();
    const first = tempDir();
    const file = writeWebFile(first, 30, 'march.csv', 'MOVE');
    const killed = await run(first, ['send', 'march.csv', '--batch-size', '10', '--json'], 1);
    expect(killed.signal).toBe('SIGKILL');
    expect(paid(idsOf(file)).length).toBeGreaterThan(0);
    expect(paid(idsOf(file)).length).toBeLessThan(30);

    const second = tempDir();
    copyFileSync(file, join(second, 'march.csv'));
    const resumed = await run(second, ['send', 'march.csv', '--batch-size', '7']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expectEachRowPaidOnce(file);
  });

  it('refuses the paid rows of an edited file re-run from another folder under another name, naming the earlier run', async () => {
    const { run } = machine();
    const first = tempDir();
    const file = writeWebFile(first, 20, 'april.csv', 'EDIT');
    expect((await run(first, ['send', 'april.csv', '--batch-size', '10'])).code).toBe(0);
    const runId = /Run (run-[0-9a-f]+)/.exec((await run(first, ['send', 'april.csv', '--dry-run'])).stdout)?.[1];

    const second = tempDir();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    lines[4] = lines[4]!.replace('Monthly payout', 'Monthly payout (fixed)');
    writeFileSync(join(second, 'april-fixed.csv'), `${lines.join('\n')}\n`);
    const before = paypal.ledger.items().length;
    const again = await run(second, ['send', 'april-fixed.csv', '--batch-size', '5']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`run ${runId} batch 1`);
    expect(again.stderr).toContain('PayPal: SUCCESS');
    expect(again.stderr).toContain('--allow-repay');
    expect(again.stderr).not.toMatch(/pass another --run-id/);
    expect(paypal.ledger.items().length).toBe(before);
    expectEachRowPaidOnce(file);
  });

  it('pays a different file sent under a reused --run-id on another machine, adopting nothing', async () => {
    const dir = tempDir();
    const march = writeWebFile(dir, 12, 'march.csv', 'MAR');
    const april = writeWebFile(dir, 12, 'april.csv', 'APR');
    expect((await machine().run(dir, ['send', 'march.csv', '--run-id', 'payouts-monthly'])).code).toBe(0);

    const other = machine();
    const next = await other.run(dir, ['send', 'april.csv', '--run-id', 'payouts-monthly']);
    expect(next.code, next.stderr).toBe(0);
    expectEachRowPaidOnce(march);
    expectEachRowPaidOnce(april);

    // On the first machine the run ID names March's file: refused, nothing sent.
    const reused = machine();
    expect((await reused.run(dir, ['send', 'march.csv', '--run-id', 'may'])).code).toBe(0);
    const refused = await reused.run(dir, ['send', 'april.csv', '--run-id', 'may']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/run ID may already names a run of another file/);
  });

  it('reads mixed CRLF and LF line endings and trailing commas as one row a line', async () => {
    const { run } = machine();
    const dir = tempDir();
    const rows = ['mixed-1@example.com,1.00,USD,MIX1,one,PAYPAL', 'mixed-2@example.com,2.00,USD,MIX2,two,PAYPAL', 'mixed-3@example.com,3.00,USD,MIX3,three,PAYPAL'];
    writeFileSync(join(dir, 'mixed.csv'), `${rows[0]},\r\n${rows[1]}\n${rows[2]},\r\n`);
    const sent = await run(dir, ['send', 'mixed.csv']);
    expect(sent.code, sent.stderr).toBe(0);
    const items = paid(['MIX1', 'MIX2', 'MIX3']);
    expect(items.map((item) => [item.senderItemId, item.receiver, item.amount.value])).toEqual([
      ['MIX1', 'mixed-1@example.com', '1.00'],
      ['MIX2', 'mixed-2@example.com', '2.00'],
      ['MIX3', 'mixed-3@example.com', '3.00'],
    ]);
  });

  it('stops with exit 3 when PayPal holds other items under the planned sender_batch_id, marking nothing paid', async () => {
    const { run } = machine();
    const dir = tempDir();
    const file = writeWebFile(dir, 6, 'may.csv', 'MAY');
    const planned = (await planFile(file)).batches[0]!.senderBatchId;
    // Someone else's batch under the same sender_batch_id: the same rows but one amount differs.
    const client = new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, baseUrl: paypal.url });
    const items = readFileSync(file, 'utf8').trim().split('\n').map((line, index) => {
      const [receiver, value, currency, id] = line.split(',');
      return { receiver: receiver!, amount: { value: index === 2 ? '999' : value!, currency: currency! }, sender_item_id: id, recipient_type: 'EMAIL' };
    });
    const other = await client.payouts.create({ sender_batch_header: { sender_batch_id: planned }, items });
    const otherId = other.batch_header!.payout_batch_id!;

    const sent = await run(dir, ['send', 'may.csv', '--report', join(dir, 'report.csv')]);
    expect(sent.code).toBe(3);
    expect(sent.stderr).toContain(otherId);
    expect(sent.stderr).toContain(planned);
    expect(sent.stderr).not.toMatch(/run the same command again/);
    expect(paypal.ledger.batches().filter((batch) => batch.senderBatchId === planned)).toHaveLength(1);
    // Nothing of the planned rows is marked paid: the run's status shows them as not sent.
    // Its rows stay blocked (PayPal's batch may have paid them): even a dry run says so and stops.
    const dry = await run(dir, ['send', 'may.csv', '--dry-run']);
    expect(dry.code).toBe(3);
    expect(dry.stderr).toMatch(/stay blocked in the ledger/);
    const status = await run(dir, ['status', (await planFile(file)).runId]);
    expect(status.code, status.stderr).toBe(1);
    expect(status.stdout).toMatch(/NOT_SENT +\w+ [\d.,]+ \(6\)|NOT_SENT/);
    expect(status.stdout).not.toMatch(/SUCCESS/);
  });

  it('imports a journal of an earlier version from .paypal-payouts and sends only the rows it did not send', async () => {
    const { run } = machine();
    const dir = tempDir();
    const file = writeWebFile(dir, 20, 'legacy.csv', 'OLD');
    const plan = await planFile(file);
    const runId = plan.runId;
    // What the earlier version left: batch 1 of 2 (rows 1 to 10) sent as `<run>-1`, then killed.
    const client = new PayoutsClient({ clientId: paypal.clientId, clientSecret: paypal.clientSecret, baseUrl: paypal.url });
    const items = readFileSync(file, 'utf8').trim().split('\n').slice(0, 10).map((line) => {
      const [receiver, value, currency, id] = line.split(',');
      return { receiver: receiver!, amount: { value: value!, currency: currency! }, sender_item_id: id, recipient_type: 'EMAIL', note: 'Monthly payout', recipient_wallet: 'PAYPAL' };
    });
    const created = await client.payouts.create({ sender_batch_header: { sender_batch_id: `${runId}-1` }, items }, { requestId: 'legacy-r1' });
    mkdirSync(join(dir, '.paypal-payouts'));
    const journal = [
      { t: 'plan', at: '2026-11-30T10:00:00.000Z', plan: { runId, file, sha256: plan.sha256, batchSize: 10, rows: 20, invalid: 0, batches: [], totals: {} } },
      { t: 'sending', at: '2026-11-30T10:00:01.000Z', batch: 0, requestId: 'legacy-r1' },
      { t: 'sent', at: '2026-11-30T10:00:02.000Z', batch: 0, payoutBatchId: created.batch_header!.payout_batch_id },
    ];
    writeFileSync(join(dir, '.paypal-payouts', `${runId}.journal`), journal.map((entry) => `${JSON.stringify(entry)}\n`).join(''));

    const resumed = await run(dir, ['send', 'legacy.csv']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`imported run ${runId} (1 batches) from .paypal-payouts/${runId}.journal`);
    expectEachRowPaidOnce(file);
  });

  it('Ctrl-C or an error at a terminal ends the run and leaves the resume line on screen', async () => {
    const { home } = machine();
    const dir = tempDir();
    writeWebFile(dir, 40, 'june.csv');
    mkdirSync(join(home, '.local'), { recursive: true });
    paypal.faults.add({ operation: 'payouts.create', kind: 'delay', delayMs: 300, times: Infinity });
    // A pseudo-terminal (python's pty module): progress bars on, Ctrl-C typed once sending started.
    const script = `
import os, pty, sys, time, select, signal
pid, fd = pty.fork()
if pid == 0:
    os.execvpe(sys.argv[1], sys.argv[1:], os.environ)
out = b''
sent = False
while True:
    ready, _, _ = select.select([fd], [], [], 30)
    if not ready:
        print('STILL RUNNING'); os.kill(pid, signal.SIGKILL); break
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
    if not sent and b'sending' in out:
        time.sleep(0.2); os.write(fd, b'\\x03'); sent = True
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode('utf8', 'replace'))
print('EXIT', os.waitstatus_to_exitcode(status))
`;
    const env = { ...process.env, HOME: home, PAYPAL_CLIENT_ID: paypal.clientId, PAYPAL_CLIENT_SECRET: paypal.clientSecret, PAYPAL_BASE_URL: paypal.url, XDG_STATE_HOME: '' };
    const child = spawn('python3', ['-c', script, process.execPath, CLI, 'send', 'june.csv', '--batch-size', '5'], { cwd: dir, env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    await new Promise((resolve) => child.on('close', resolve));
    paypal.faults.clear();
    expect(output).not.toContain('STILL RUNNING');
    expect(output).toContain('EXIT 130');
    expect(output).toContain('Resume with: paypal-payouts send june.csv --batch-size 5');
  }, 60_000);
});
