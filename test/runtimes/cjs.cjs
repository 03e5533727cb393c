// Runs the smoke test on the package loaded with `require()`: node cjs.cjs BASE_URL (or bun).
const payouts = require('paypal-payouts');
const webhooks = require('paypal-payouts/webhooks');

import('./smoke.js')
  .then(({ smoke }) => smoke(payouts, webhooks, process.argv.at(-1) ?? ''))
  .then((passed) => console.log(JSON.stringify(passed)))
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
