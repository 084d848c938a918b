import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AccountError } from '../auth/service';
import { loadConfig } from '../config';
import { migrateToLatest } from '../db/migrate';
import { createDeps } from '../deps';
import { ensurePrivateDir } from '../private-files';
import { resolveSessionSecret } from '../secrets';
import { promptHidden } from './prompt';

export type Out = { log: (s: string) => void; error: (s: string) => void };

export interface CliContext {
  out: Out;
  env: NodeJS.ProcessEnv;
  /** The password when there is a terminal to ask on; null when there is none. */
  askPassword: (() => Promise<string>) | null;
}

export function defaultAskPassword(): (() => Promise<string>) | null {
  if (!process.stdin.isTTY) return null;
  return async () => {
    const first = await promptHidden('Password: ');
    const again = await promptHidden('Repeat the password: ');
    if (first !== again) throw new AccountError('The two passwords differ.');
    return first;
  };
}

async function withDeps<T>(env: NodeJS.ProcessEnv, run: (deps: ReturnType<typeof createDeps>) => Promise<T>): Promise<T> {
  const config = loadConfig(env);
  ensurePrivateDir(config.dataDir);
  const deps = createDeps(config, { sessionSecret: resolveSessionSecret(config.dataDir, config.sessionSecret) });
  try {
    await migrateToLatest(deps.db);
    return await run(deps);
  } finally {
    await deps.database.close();
  }
}

const userAddArgs = z.object({
  email: z.email({ error: '--email must be an e-mail address' }),
  name: z.string({ error: '--name is required' }).trim().min(1, '--name is required'),
  role: z.enum(['officer', 'admin'], { error: '--role must be officer or admin' }).default('officer'),
  office: z.string().trim().min(1).optional(),
});

/** `gopy user add --email E --name N --role officer|admin [--office NAME]` */
export async function userAdd(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, office: { type: 'string' } }, strict: true });
  const parsed = userAddArgs.safeParse(values);
  if (!parsed.success) {
    ctx.out.error(`gopy user add: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    return 2;
  }
  let password = ctx.env.GOPY_PASSWORD;
  if (!password) {
    if (!ctx.askPassword) {
      ctx.out.error('gopy user add: no terminal to ask for the password; set GOPY_PASSWORD');
      return 2;
    }
    password = await ctx.askPassword();
  }
  const input = { email: parsed.data.email, name: parsed.data.name, role: parsed.data.role, officeName: parsed.data.office, password };
  try {
    const result = await withDeps(ctx.env, (deps) => deps.services.auth.addUser(input));
    ctx.out.log(`${result.created ? 'Created' : 'Updated'} ${parsed.data.role} ${parsed.data.email} (user ${result.id}, office ${result.officeId})`);
    return 0;
  } catch (err) {
    if (err instanceof AccountError) {
      ctx.out.error(`gopy user add: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

/** `gopy user disable --email E` signs the account out everywhere and refuses it; `gopy user enable --email E` lets it back in. */
export async function userAccess(action: 'disable' | 'enable', args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' } }, strict: true });
  if (!values.email) {
    ctx.out.error(`Usage: gopy user ${action} --email E`);
    return 2;
  }
  const email = values.email;
  try {
    if (action === 'disable') {
      const result = await withDeps(ctx.env, (deps) => deps.services.auth.disableUser(email));
      ctx.out.log(result.alreadyDisabled ? `${email} was already disabled` : `Disabled ${email}: its sessions are ended and its API tokens revoked`);
    } else {
      const result = await withDeps(ctx.env, (deps) => deps.services.auth.enableUser(email));
      ctx.out.log(result.alreadyEnabled ? `${email} was not disabled` : `Enabled ${email}: it can sign in again (create a new API token if it needs one)`);
    }
    return 0;
  } catch (err) {
    if (err instanceof AccountError) {
      ctx.out.error(`gopy user ${action}: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

/** `gopy token create --email E` prints the new token and nothing else; `gopy token revoke --email E`. */
export async function token(args: string[], ctx: CliContext): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { email: { type: 'string' } }, strict: true });
  if ((action !== 'create' && action !== 'revoke') || !values.email) {
    ctx.out.error('Usage: gopy token create --email E | gopy token revoke --email E');
    return 2;
  }
  const email = values.email;
  try {
    if (action === 'create') {
      ctx.out.log(await withDeps(ctx.env, (deps) => deps.services.auth.createApiToken(email)));
    } else {
      const n = await withDeps(ctx.env, (deps) => deps.services.auth.revokeApiTokens(email));
      ctx.out.log(`Revoked ${n} token(s) of ${email}`);
    }
    return 0;
  } catch (err) {
    if (err instanceof AccountError) {
      ctx.out.error(`gopy token ${action}: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
