import { startLocalPayPal } from 'paypal-payouts/testing';

const paypal = await startLocalPayPal({ dashboard: true });
console.log(`dashboard: ${paypal.dashboard?.url}`); // open it while your test or demo runs
// … your test or demo, against paypal.url …
await paypal.close(); // stops the dashboard too
