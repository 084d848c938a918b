import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_IMPORT_LIMITS } from './drafts/import/refusals';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'], { error: 'must be one of true, false, 1, 0, on, off, yes, no' })
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  FILES_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  DB_POOL_SIZE: z.coerce.number({ error: 'must be a whole number of connections' }).int().min(1).max(1000).default(10),
  BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://gopy.example.gov.vn' }).optional(),
  SESSION_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z.string().min(3).default('Gopy <no-reply@gopy.example.org>'),
  REMINDER_DAYS: z.coerce.number({ error: 'must be a whole number of days' }).int().min(0).max(60).default(2),
  OUTBOX_INTERVAL_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(1000).default(10000),
  DEMO: booleanFlag.default(true),
  // true means the one reverse proxy in front; a number, that many proxies in a chain.
  TRUST_PROXY: z.union([booleanFlag.transform((on) => (on ? 1 : 0)), z.coerce.number({ error: 'must be true, false or a number of proxies' }).int().min(0).max(10)]).default(0),
  OVERLOAD_MAX_LAG_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(0).max(10_000).default(50),
  MAX_IN_FLIGHT: z.coerce.number({ error: 'must be a whole number of requests' }).int().min(1).max(100_000).default(256),
  DB_BUSY_TIMEOUT_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(0).max(60_000).default(1000),
  SESSION_IDLE_HOURS: z.coerce.number({ error: 'must be a number of hours' }).min(0.1).max(24 * 30).default(12),
  SESSION_MAX_DAYS: z.coerce.number({ error: 'must be a number of days' }).min(0.1).max(365).default(7),
  IMPORT_WORKERS: z.coerce.number({ error: 'must be a whole number of workers' }).int().min(1).max(64).default(2),
  IMPORT_MAX_TEXT_BYTES: z.coerce.number({ error: 'must be a number of bytes' }).int().min(1024).max(1024 * 1024 * 1024).default(DEFAULT_IMPORT_LIMITS.maxTextBytes),
  PUBLIC_COMMENTS_PER_ADDRESS_HOUR: z.coerce.number({ error: 'must be a whole number of comments' }).int().min(1).max(1_000_000).default(30),
  PUBLIC_COMMENTS_PER_EMAIL_HOUR: z.coerce.number({ error: 'must be a whole number of comments' }).int().min(1).max(1_000_000).default(10),
  PUBLIC_COMMENTS_PER_EMAIL_CONSULTATION: z.coerce.number({ error: 'must be a whole number of comments' }).int().min(1).max(1_000_000).default(30),
  PUBLIC_COMMENT_CONFIRM_HOURS: z.coerce.number({ error: 'must be a number of hours' }).min(0.1).max(24 * 30).default(48),
  PUBLIC_COMMENT_MIN_FILL_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).min(0).max(600).default(3),
  PUBLIC_INTAKE_MAX_QUEUE: z.coerce.number({ error: 'must be a whole number of comments' }).int().min(1).max(1_000_000).default(2000),
  IMPORT_MAX_CLAUSES: z.coerce.number({ error: 'must be a whole number of clauses' }).int().min(1).max(1_000_000).default(DEFAULT_IMPORT_LIMITS.maxClauses),
  OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'must be the provider\'s http(s) issuer URL, e.g. https://sso.example.gov.vn' }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_PROVIDER_NAME: z.string().min(1).default('OpenID Connect'),
}).superRefine((c, ctx) => {
  // Citizen sign-in is on with an issuer and a client id; one without the other is a mistake, not "off".
  const oidcSet = c.OIDC_ISSUER || c.OIDC_CLIENT_ID || c.OIDC_CLIENT_SECRET;
  if (oidcSet && !c.OIDC_ISSUER) ctx.addIssue({ code: 'custom', path: ['OIDC_ISSUER'], message: 'must be set, with OIDC_CLIENT_ID, for citizen sign-in; unset every OIDC_ variable to leave it off' });
  if (oidcSet && !c.OIDC_CLIENT_ID) ctx.addIssue({ code: 'custom', path: ['OIDC_CLIENT_ID'], message: 'must be set, with OIDC_ISSUER, for citizen sign-in; unset every OIDC_ variable to leave it off' });
});

/** The portal's configuration, as the rest of the code reads it: its type is derived from the schema. */
const configSchema = schema.transform((c) => ({
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    dataDir: c.DATA_DIR,
    /** Uploaded files, by SHA-256 (DATA_DIR/files unless FILES_DIR says): several instances may share one folder. */
    filesDir: c.FILES_DIR ?? path.join(c.DATA_DIR, 'files'),
    /** PostgreSQL when set (postgres://…); otherwise the SQLite file DATA_DIR/gopy.sqlite. */
    databaseUrl: c.DATABASE_URL,
    /** Connections each instance keeps to PostgreSQL at most. */
    dbPoolSize: c.DB_POOL_SIZE,
    baseUrl: (c.BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/u, ''),
    sessionSecret: c.SESSION_SECRET,
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    /** Days before the deadline when invited agencies that have not replied get an automatic reminder; 0 turns it off. */
    reminderDays: c.REMINDER_DAYS,
    outboxIntervalMs: c.OUTBOX_INTERVAL_MS,
    demo: c.DEMO,
    /**
     * How many reverse proxies stand in front (0: none). Only their X-Forwarded-* entries are believed:
     * the client's address is the one the nearest proxy saw, never an address the client claimed
     * itself, so rate limits cannot be slipped by writing X-Forwarded-For.
     */
    trustProxy: c.TRUST_PROXY,
    /** Event-loop lag past which requests are answered 503 at once; 0 turns load shedding off. */
    overloadMaxLagMs: c.OVERLOAD_MAX_LAG_MS,
    maxInFlight: c.MAX_IN_FLIGHT,
    /** How long a write waits for another process's lock on the database before answering 503. */
    dbBusyTimeoutMs: c.DB_BUSY_TIMEOUT_MS,
    /** A staff session ends after this long unused (sliding), and in any case this long after sign-in (absolute). */
    session: { idleMs: c.SESSION_IDLE_HOURS * 60 * 60 * 1000, maxMs: c.SESSION_MAX_DAYS * 24 * 60 * 60 * 1000 },
    /** Draft imports: workers running at once (the rest queue), and what one draft may hold. */
    /**
     * Public comments: at most this many per client address and per e-mail address an hour, and per
     * e-mail address in one consultation; how long a mailed link confirms; how quickly a person can
     * fill the form; comments waiting for the next group commit past which new ones are refused (503).
     */
    publicComments: {
      perAddressHour: c.PUBLIC_COMMENTS_PER_ADDRESS_HOUR,
      perEmailHour: c.PUBLIC_COMMENTS_PER_EMAIL_HOUR,
      perEmailConsultation: c.PUBLIC_COMMENTS_PER_EMAIL_CONSULTATION,
      confirmMs: c.PUBLIC_COMMENT_CONFIRM_HOURS * 60 * 60 * 1000,
      minFillMs: c.PUBLIC_COMMENT_MIN_FILL_SECONDS * 1000,
      maxQueue: c.PUBLIC_INTAKE_MAX_QUEUE,
    },
    import: { workers: c.IMPORT_WORKERS, maxTextBytes: c.IMPORT_MAX_TEXT_BYTES, maxClauses: c.IMPORT_MAX_CLAUSES },
    /** Citizen sign-in with an OpenID Connect provider (VNeID, a provincial SSO); null when off. */
    oidc: c.OIDC_ISSUER && c.OIDC_CLIENT_ID ? { issuer: c.OIDC_ISSUER, clientId: c.OIDC_CLIENT_ID, clientSecret: c.OIDC_CLIENT_SECRET, providerName: c.OIDC_PROVIDER_NAME } : null,
}));

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the environment once; empty strings count as unset. A bad value throws naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return parsed.data;
}
