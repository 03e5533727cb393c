// `paypal-payouts dashboard`: the runs of a runs folder in a browser, until interrupted.
import { parseArgs } from 'node:util';
import { client, type Values } from '../bulk/cli.js';
import { journalRuns } from './runs-source.js';
import { startDashboard } from './server.js';

const HELP = `Usage: paypal-payouts dashboard [options]

Serves a read-only dashboard of your payout runs on a loopback port until interrupted (Ctrl-C), and
prints its address with an access token: open it in a browser. Run pages ask PayPal what
\`paypal-payouts status\` asks, with the same credentials.

Options:
  --runs-dir <dir>        where the runs' journals are (default: .paypal-payouts)
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
      'runs-dir': { type: 'string' },
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
  const runs = journalRuns({ runsDir: values['runs-dir'], client: () => client(values as Values) });
  const dashboard = await startDashboard({ port, host: values.host, runs });
  console.log(`Dashboard of the runs in ${runs.where}:\n\n    ${dashboard.url}\n\nOpen it in a browser; the token in it is the key. Ctrl-C stops it.`);
  await new Promise<void>((resolve) => {
    const stop = () => void dashboard.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
