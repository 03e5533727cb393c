import { APIError, DuplicateBatchError, PayoutsClient, ValidationError } from 'paypal-payouts';

const client = new PayoutsClient();
try {
  await client.payouts.create({
    sender_batch_header: { sender_batch_id: 'payouts_2026_11_21' },
    items: [{ recipient_type: 'EMAIL', amount: { value: '10.001', currency: 'USD' }, receiver: 'seller@example.com' }],
  });
} catch (error) {
  if (error instanceof ValidationError) {
    for (const issue of error.issues) console.log(issue.path, issue.message); // items[0].amount.value must be at most 2 decimals for USD
  } else if (error instanceof DuplicateBatchError) {
    console.log('this sender_batch_id was already paid in batch', error.originalBatchId);
  } else if (error instanceof APIError) {
    console.log(error.status, error.code, error.debugId, error.requestId);
  } else {
    throw error;
  }
}
