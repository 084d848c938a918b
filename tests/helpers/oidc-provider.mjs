// A real OpenID Connect provider (oidc-provider 8) for the citizen sign-in tests, run as its own
// process: it is ES modules through and through (koa, got, nanoid), which jest's module system on
// Node 20 cannot load. Reads {clients, accounts} as JSON from OIDC_TEST_SETUP, listens on
// 127.0.0.1 port 0 and prints `issuer <url>`.
//
// Login and consent are done by the test itself: the provider sends the browser to
// /interaction/<uid>, and the test asks /interaction/<uid>/as/<account> to finish it as that account.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const { clients, accounts } = JSON.parse(process.env.OIDC_TEST_SETUP ?? '{}');

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', alg: 'RS256', use: 'sig' }] },
  cookies: { keys: ['oidc-test-cookie-key'] },
  claims: { openid: ['sub'], profile: ['name', 'given_name', 'family_name'], email: ['email', 'email_verified'] },
  findAccount: (_ctx, sub) => (accounts[sub] ? { accountId: sub, claims: () => ({ sub, ...accounts[sub] }) } : undefined),
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
});
provider.on('server_error', (_ctx, err) => console.error(err));

server.on('request', async (req, res) => {
  const finish = /^\/interaction\/([^/]+)\/as\/([^/?]+)$/u.exec(req.url ?? '');
  if (!finish) return provider.callback()(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    const accountId = decodeURIComponent(finish[2]);
    const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: false });
  } catch (err) {
    res.statusCode = 500;
    res.end(String(err));
  }
});

console.log(`issuer ${issuer}`);
