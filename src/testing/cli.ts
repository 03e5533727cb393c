// `paypal-payouts local`: runs the local PayPal in the foreground and prints how to reach it.
import { parseArgs } from 'node:util';
import type { ClockMode } from './clock.js';
import { startLocalPayPal } from './local-paypal.js';

const HELP = `Usage: paypal-payouts local [options]

Runs a local PayPal Payouts emulator until interrupted (Ctrl-C).

Options:
  --port <n>            port to listen on (default: 0, a free one)
  --host <address>      interface to listen on (default: 127.0.0.1)
  --clock <mode>        when batches move on: on-read (default), instant, manual, or milliseconds per step
  --client-id <id>      client ID to accept (default: generated)
  --client-secret <s>   client secret to accept (default: generated)
  --webhook <url>       deliver signed webhook events to this listener (repeatable)
  --dashboard           also serve a page of its batches, items, ledger and deliveries, with
                        actions (advance the clock, set an item's outcome, faults, redelivery)
  -h, --help            show this help`;

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      clock: { type: 'string', default: 'on-read' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      webhook: { type: 'string', multiple: true, default: [] },
      dashboard: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError(`--port must be a port number, not "${values.port}"`);

  const paypal = await startLocalPayPal({
    port,
    host: values.host,
    clock: clockMode(values.clock),
    clientId: values['client-id'],
    clientSecret: values['client-secret'],
    webhooks: { listeners: values.webhook.map((url) => ({ url })) },
    dashboard: values.dashboard,
  });
  warnIfExposed(values.host, paypal.url);
  console.log(`Local PayPal listening on ${paypal.url}\n`);
  console.log(`PAYPAL_BASE_URL=${paypal.url}`);
  console.log(`PAYPAL_CLIENT_ID=${paypal.clientId}`);
  console.log(`PAYPAL_CLIENT_SECRET=${paypal.clientSecret}`);
  for (const listener of paypal.deliveries.listeners) console.log(`\nWebhook events go to ${listener.url} (webhook ID ${listener.webhookId})`);
  // Another process cannot reach the test certificates offline; PayPal's postback check works from anywhere.
  if (paypal.deliveries.listeners.length) console.log(`Verify them with POST ${paypal.url}/v1/notifications/verify-webhook-signature`);
  if (paypal.dashboard) console.log(`\nDashboard (the token in it is the key): ${paypal.dashboard.url}`);

  await new Promise<void>((resolve) => {
    const stop = () => void paypal.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

function clockMode(value: string): ClockMode {
  if (value === 'on-read' || value === 'instant' || value === 'manual') return value;
  const stepMs = Number(value);
  if (Number.isFinite(stepMs) && stepMs > 0) return { stepMs };
  throw new RangeError(`--clock must be on-read, instant, manual or milliseconds per step, not "${value}"`);
}

/** Loopback names and addresses: only this machine reaches them. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/;

/**
 * Anything but loopback lets other machines in, with test credentials and no TLS: said loudly. The
 * client takes http on loopback only, so from elsewhere it needs an https proxy in front.
 */
function warnIfExposed(host: string, url: string): void {
  if (LOOPBACK.test(host)) return;
  console.error(`Warning: --host ${host} accepts connections from other machines, over plain http, with test credentials.`);
  const local = LOOPBACK.test(new URL(url).hostname);
  console.error(
    local
      ? `On this machine use ${url}. The client accepts http only on loopback: from another machine, put an https proxy in front.`
      : `The client refuses ${url} (it accepts http only on loopback): put an https proxy in front, or listen on 127.0.0.1 or 0.0.0.0.`,
  );
}
