// Starts the local PayPal (paypal-payouts/testing) on port 8787 with fixed demo credentials, for the
// README's bulk walkthrough. Ctrl-C stops it. Run `npm run build` first.
import { startLocalPayPal } from '../dist/src/testing/index.js';

const paypal = await startLocalPayPal({ port: Number(process.env.PORT ?? 8787), clientId: 'demo-client', clientSecret: 'demo-secret' });
console.log(`local PayPal on ${paypal.url}`);
console.log(`export PAYPAL_BASE_URL=${paypal.url} PAYPAL_CLIENT_ID=${paypal.clientId} PAYPAL_CLIENT_SECRET=${paypal.clientSecret}`);
process.once('SIGINT', () => paypal.close());
process.once('SIGTERM', () => paypal.close());
