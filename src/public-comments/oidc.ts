import * as oidc from 'openid-client';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { Invalid } from '../errors';

/** Who a signed-in citizen is, as their provider vouched: what a comment needs instead of a mailed link. */
export interface CitizenIdentity {
  iss: string;
  sub: string;
  name: string;
  email: string;
}

/** What the browser keeps, signed, between leaving for the provider and coming back. */
export interface SignInFlow {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
  /** Milliseconds since the epoch, by the portal's clock. */
  issuedAt: number;
}

export type OidcConfig = NonNullable<Config['oidc']>;

/** A sign-in started longer ago than this is refused: the provider's code lives far shorter anyway. */
export const SIGN_IN_WINDOW_MS = 10 * 60 * 1000;
export const CALLBACK_PATH = '/sign-in/citizen/callback';
const SCOPE = 'openid profile email';

export type CitizenSignIn = ReturnType<typeof createCitizenSignIn>;

/**
 * Sign-in with the authorization code flow, PKCE, state and nonce. The provider's metadata is
 * discovered on first use and kept; a failed discovery is tried again on the next sign-in.
 */
export function createCitizenSignIn(config: OidcConfig, options: { baseUrl: string; clock: Clock }) {
  const callbackUrl = `${options.baseUrl}${CALLBACK_PATH}`;
  let discovered: Promise<oidc.Configuration> | null = null;

  const discover = (): Promise<oidc.Configuration> => {
    discovered ??= oidc
      .discovery(new URL(config.issuer), config.clientId, undefined, config.clientSecret ? oidc.ClientSecretBasic(config.clientSecret) : oidc.None(), {
        // An http issuer is the operator's choice (OIDC_ISSUER); openid-client refuses one unless told.
        execute: config.issuer.startsWith('http:') ? [oidc.allowInsecureRequests] : [],
      })
      .catch((err: unknown) => {
        discovered = null;
        throw err;
      });
    return discovered;
  };

  return {
    providerName: config.providerName,
    callbackUrl,

    /** Where to send the browser, and what it must bring back. */
    async start(returnTo: string): Promise<{ redirectTo: URL; flow: SignInFlow }> {
      const configuration = await discover();
      const flow: SignInFlow = { verifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce(), returnTo, issuedAt: options.clock.now().getTime() };
      const redirectTo = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: callbackUrl,
        scope: SCOPE,
        code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
        code_challenge_method: 'S256',
        state: flow.state,
        nonce: flow.nonce,
      });
      return { redirectTo, flow };
    },

    /** The provider's answer at the callback (its query string), checked against the flow the browser kept. */
    async finish(query: URLSearchParams, flow: SignInFlow): Promise<CitizenIdentity> {
      const age = options.clock.now().getTime() - flow.issuedAt;
      if (age < 0 || age > SIGN_IN_WINDOW_MS) throw new Invalid('citizen.flow_expired');
      const providerError = query.get('error');
      if (providerError !== null) throw new Invalid({ _form: { key: 'citizen.provider_refused', vars: { error: errorCode(providerError) } } });
      if (query.get('state') !== flow.state) throw new Invalid('citizen.state_mismatch');

      const configuration = await discover();
      const claims = await verifiedClaims(configuration, new URL(`${callbackUrl}?${query.toString()}`), flow);
      return identityOf(configuration.serverMetadata().issuer, claims);
    },
  };
}

/** The ID token's claims, with the UserInfo endpoint's on top where the provider has one (most put the profile there). */
async function verifiedClaims(configuration: oidc.Configuration, currentUrl: URL, flow: SignInFlow): Promise<Record<string, unknown>> {
  try {
    const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true });
    const idClaims = tokens.claims()!;
    if (!configuration.serverMetadata().userinfo_endpoint) return { ...idClaims };
    const userInfo = await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
    return { ...idClaims, ...userInfo, sub: idClaims.sub };
  } catch (err) {
    // The provider refused the code, or its tokens failed a check: the visitor starts again.
    // Anything else (the provider unreachable) is the portal's trouble, a 5xx.
    if (isProtocolError(err)) throw new Invalid('citizen.sign_in_failed');
    throw err;
  }
}

function isProtocolError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('OAUTH_');
}

function identityOf(iss: string, claims: Record<string, unknown>): CitizenIdentity {
  const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
  const email = text(claims.email);
  if (!email) throw new Invalid('citizen.email_missing');
  // Some providers send the flag as a string.
  if (claims.email_verified === false || claims.email_verified === 'false') throw new Invalid('citizen.email_unverified');
  // A Vietnamese name reads family name first ("Nguyễn" + "Văn An"); with no name at all, the address stands in.
  const name = text(claims.name) || [text(claims.family_name), text(claims.given_name)].filter(Boolean).join(' ') || email;
  return { iss, sub: String(claims.sub), name, email };
}

/** The provider's error code as shown to the visitor: OAuth codes are short words, anything else is not echoed. */
function errorCode(error: string): string {
  return /^[a-z_]{1,64}$/u.test(error) ? error : 'error';
}
