// POST /v1/oauth2/token: client credentials (HTTP Basic) for a bearer token.
import { zOauth2TokenBody } from '../../generated/zod.js';
import type { Handler } from './context.js';
import { paypalTime } from './ids.js';
import { check } from './validate.js';

/** OAuth2 errors have their own shape: { error, error_description } (RFC 6749 section 5.2). */
const oauthError = (status: number, error: string, description: string) => ({ status, body: { error, error_description: description } });

export const token: Handler = ({ tokens, clientId, clientSecret }, { headers, body }) => {
  const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
  if (headers.authorization !== expected) return oauthError(401, 'invalid_client', 'Client Authentication failed');
  const form = Object.fromEntries(new URLSearchParams(body));
  if (!check(zOauth2TokenBody, form).ok) return oauthError(400, 'unsupported_grant_type', 'unsupported grant_type');
  const { token: accessToken, expiresIn } = tokens.issue();
  return {
    status: 200,
    body: {
      scope: 'https://uri.paypal.com/services/payments/payouts https://uri.paypal.com/payments/payouts',
      access_token: accessToken,
      token_type: 'Bearer',
      app_id: 'APP-80W284485P519543T',
      expires_in: expiresIn,
      nonce: `${paypalTime()}${accessToken.slice(5, 20)}`,
    },
  };
};
