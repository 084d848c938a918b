import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { resolveSessionSecret } from '../../src/secrets';

describe('config', () => {
  it('when nothing is set, then it serves port 3000 from ./data with the demo on', () => {
    expect(loadConfig({})).toMatchObject({ port: 3000, dataDir: './data', demo: true, baseUrl: 'http://localhost:3000', smtpUrl: undefined, reminderDays: 2, outboxIntervalMs: 10000 });
  });

  it('reads every variable and treats empty strings as unset', () => {
    const c = loadConfig({ PORT: '8080', DATA_DIR: '/srv/gopy', BASE_URL: 'https://gopy.example.gov.vn/', SMTP_URL: 'smtp://mail.example:25', DEMO: 'off', SESSION_SECRET: '', REMINDER_DAYS: '3', OUTBOX_INTERVAL_MS: '5000' });
    expect(c).toMatchObject({ port: 8080, dataDir: '/srv/gopy', baseUrl: 'https://gopy.example.gov.vn', smtpUrl: 'smtp://mail.example:25', demo: false, sessionSecret: undefined, reminderDays: 3, outboxIntervalMs: 5000 });
  });

  it('when the import settings are unset then 2 workers run at once and a draft holds at most 5 MB of text and 20,000 clauses; when set, they are taken', () => {
    expect(loadConfig({}).import).toEqual({ workers: 2, maxTextBytes: 5 * 1024 * 1024, maxClauses: 20_000 });
    expect(loadConfig({ IMPORT_WORKERS: '4', IMPORT_MAX_TEXT_BYTES: '1048576', IMPORT_MAX_CLAUSES: '500' }).import).toEqual({ workers: 4, maxTextBytes: 1048576, maxClauses: 500 });
  });

  it.each([
    [undefined, 0],
    ['false', 0],
    ['true', 1],
    ['on', 1],
    ['2', 2],
  ])('when TRUST_PROXY is %p, then that many proxies are trusted, never every X-Forwarded-For entry', (value, hops) => {
    expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy).toBe(hops);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['BASE_URL', 'gopy.local'],
    ['SMTP_URL', 'http://mail.example'],
    ['DEMO', 'maybe'],
    ['SESSION_SECRET', 'short'],
    ['REMINDER_DAYS', 'two'],
    ['REMINDER_DAYS', '1.5'],
    ['OUTBOX_INTERVAL_MS', '10'],
    ['TRUST_PROXY', 'maybe'],
    ['TRUST_PROXY', '-1'],
    ['IMPORT_WORKERS', '0'],
    ['IMPORT_MAX_TEXT_BYTES', '10'],
    ['IMPORT_MAX_CLAUSES', 'many'],
  ])('when %s is %p, then it refuses to start, naming the variable', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`${name}:`);
  });
});

describe('citizen sign-in (OpenID Connect) config', () => {
  const refusal = (env: Record<string, string>): string => {
    try {
      loadConfig(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('the configuration was accepted');
  };

  it('when no OIDC variable is set, then citizen sign-in is off', () => {
    expect(loadConfig({}).oidc).toBeNull();
  });

  it('when the issuer and the client are set, then they are taken, the provider named "OpenID Connect" unless OIDC_PROVIDER_NAME says', () => {
    expect(loadConfig({ OIDC_ISSUER: 'https://sso.example.gov.vn/realms/gialai', OIDC_CLIENT_ID: 'gopy', OIDC_CLIENT_SECRET: 's3cret' }).oidc).toEqual({ issuer: 'https://sso.example.gov.vn/realms/gialai', clientId: 'gopy', clientSecret: 's3cret', providerName: 'OpenID Connect' });
    expect(loadConfig({ OIDC_ISSUER: 'https://vneid.example', OIDC_CLIENT_ID: 'gopy', OIDC_PROVIDER_NAME: 'VNeID' }).oidc).toEqual({ issuer: 'https://vneid.example', clientId: 'gopy', clientSecret: undefined, providerName: 'VNeID' });
  });

  it.each([
    [{ OIDC_ISSUER: 'https://sso.example.gov.vn' }, 'OIDC_CLIENT_ID:'],
    [{ OIDC_CLIENT_ID: 'gopy' }, 'OIDC_ISSUER:'],
    [{ OIDC_CLIENT_SECRET: 's3cret' }, 'OIDC_ISSUER:'],
    [{ OIDC_ISSUER: 'sso.example.gov.vn', OIDC_CLIENT_ID: 'gopy' }, 'OIDC_ISSUER:'],
    [{ OIDC_ISSUER: 'ftp://sso.example.gov.vn', OIDC_CLIENT_ID: 'gopy' }, 'OIDC_ISSUER:'],
  ])('when only part of it is set or the issuer is not an http(s) URL (%p), then it refuses to start, naming %s', (env, name) => {
    expect(refusal(env)).toContain(name);
  });
});

describe('session secret', () => {
  it('is generated once under DATA_DIR, kept private, and reused', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gopy-secret-'));
    try {
      const first = resolveSessionSecret(dir, undefined);
      expect(first.length).toBeGreaterThanOrEqual(48);
      expect(resolveSessionSecret(dir, undefined)).toBe(first);
      expect(readFileSync(path.join(dir, 'session-secret'), 'utf8').trim()).toBe(first);
      expect(statSync(path.join(dir, 'session-secret')).mode & 0o077).toBe(0);
      expect(resolveSessionSecret(dir, 'x'.repeat(40))).toBe('x'.repeat(40));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
