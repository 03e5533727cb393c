// Runs the smoke test on the package loaded with `import`: node esm.js BASE_URL (or bun, deno).
import * as payouts from 'paypal-payouts';
import * as webhooks from 'paypal-payouts/webhooks';
import { smoke } from './smoke.js';

const baseUrl = /** @type {any} */ (globalThis).Deno?.args[0] ?? process.argv[2];
console.log(JSON.stringify(await smoke(payouts, webhooks, baseUrl)));
