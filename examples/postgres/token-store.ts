import { PayoutsClient } from 'paypal-payouts';
import { createPostgresTokenStore } from 'paypal-payouts/postgres';

const tokenStore = createPostgresTokenStore({ connectionString: process.env.DATABASE_URL! });
const client = new PayoutsClient({ tokenStore });
console.log((await client.payouts.get(process.env.PAYOUT_BATCH_ID!)).batch_header?.batch_status);
