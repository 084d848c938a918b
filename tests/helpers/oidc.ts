import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const PROVIDER = path.join(__dirname, 'oidc-provider.mjs');

export interface TestClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

/** Claims a test account releases: email and email_verified may be left out or false. */
export type TestAccount = Record<string, string | boolean>;

export interface TestProvider {
  issuer: string;
  /**
   * A browser at the provider: opens the authorization URL, signs in as `account` (login and
   * consent in one), and returns where the provider sends it back — the app's callback URL.
   */
  signInAs(authorizationUrl: string, account: string): Promise<URL>;
  stop(): Promise<void>;
}

/** oidc-provider 8 as a process of its own (tests/helpers/oidc-provider.mjs) on a loopback port. */
export async function startTestProvider(setup: { clients: TestClient[]; accounts: Record<string, TestAccount> }): Promise<TestProvider> {
  const child = spawn(process.execPath, [PROVIDER], { env: { PATH: process.env.PATH, OIDC_TEST_SETUP: JSON.stringify(setup) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the OpenID provider did not start in 15 s:\n${output}`)), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /^issuer (\S+)$/mu.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the OpenID provider exited (${code}):\n${output}`));
    });
  });
  return { issuer, signInAs: (url, account) => browseProvider(issuer, new URL(url), account), stop: () => stopProcess(child) };
}

async function browseProvider(issuer: string, start: URL, account: string): Promise<URL> {
  const jar = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 10; hop += 1) {
    if (url.origin !== new URL(issuer).origin) return url;
    const interaction = /^\/interaction\/([^/]+)$/u.exec(url.pathname);
    if (interaction) url = new URL(`/interaction/${interaction[1]}/as/${encodeURIComponent(account)}`, issuer);
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`the provider answered ${res.status} without a redirect at ${url.href}:\n${await res.text()}`);
    url = new URL(location, url);
  }
  throw new Error('the provider kept redirecting');
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
