// `paypal-payouts dashboard`: the runs of a store in a browser, until interrupted.
import { parseArgs } from 'node:util';
import { client, type Values } from '../bulk/cli.js';
import { FileRunStore } from '../bulk/store/file.js';
import { storeDir } from '../bulk/store/location.js';
import { storeRuns } from './runs-source.js';
import { startDashboard } from './server.js';

const HELP = `Usage: paypal-payouts dashboard [options]

Serves a read-only dashboard of the payout runs in your store on a loopback port until interrupted (Ctrl-C), and
prints its address with an access token: open it in a browser. Run pages ask PayPal what
\`paypal-payouts status\` asks, with the same credentials.

Options:
  --store <dir>           the store of runs, as for send and status (default: PAYPAL_PAYOUTS_STORE,
                          else your per-user state folder)
  --port <n>              port to listen on (default: 0, a free one)
  --host <address>        loopback address to listen on (default: 127.0.0.1; others are refused)
  --client-id <id>        PayPal credentials (default: PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET)
  --client-secret <s>
  --environment <env>     sandbox or live (default: PAYPAL_ENVIRONMENT, else sandbox)
  --base-url <url>        another PayPal, such as \`paypal-payouts local\`'s
  -h, --help              show this help

The local PayPal has a page of its own: paypal-payouts local --dashboard.`;

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      store: { type: 'string' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      environment: { type: 'string' },
      'base-url': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void console.log(HELP);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError(`--port must be a port number, not "${values.port}"`);
  const store = await FileRunStore.open(storeDir({ flag: values.store }));
  const dashboard = await startDashboard({ port, host: values.host, runs: storeRuns({ store, client: () => client(values as Values) }) }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  console.log(`Dashboard of the runs in the store at ${store.location}:\n\n    ${dashboard.url}\n\nOpen it in a browser; the token in it is the key. Ctrl-C stops it.`);
  await new Promise<void>((resolve) => {
    const stop = () => void Promise.all([dashboard.close(), store.close()]).then(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
