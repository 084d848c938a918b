import type { Clock } from '../clock';
import type { Uow } from '../repositories';
import { MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from './password';
import type { AuthQueries, StaffUser } from './repository';
import { hashToken, newSecretToken } from './tokens';
import Tokens from 'csrf';

const csrfTokens = new Tokens();

export class AccountError extends Error {}

export interface StaffSession {
  user: StaffUser;
  csrfSecret: string;
  /** How long the cookie lives from now when the session was slid forward, else null. */
  renewedForMs: number | null;
}

/** A session ends after `idleMs` unused, and `maxMs` after sign-in however much it is used. */
export interface SessionLifetime {
  idleMs: number;
  maxMs: number;
}

export function createAuthService(deps: { uow: Uow; clock: Clock; lifetime: SessionLifetime }) {
  const { uow, clock, lifetime } = deps;
  const iso = (d: Date | number) => new Date(d).toISOString();

  /** Signs the user out everywhere: their sessions are deleted and their API tokens revoked, in the caller's transaction. */
  async function endAccess(q: AuthQueries, userId: number, at: string): Promise<void> {
    await q.deleteSessionsOf(userId);
    await q.revokeApiTokens(userId, at);
  }

  async function accountByEmail(email: string) {
    const user = await uow.read((r) => r.auth.findUserByEmail(email));
    if (!user) throw new AccountError(`No account has the e-mail ${email}.`);
    return user;
  }

  return {
    /** A new session for a right e-mail and password of an active account; null otherwise, with the same cost either way. */
    async login(email: string, password: string): Promise<{ token: string; user: StaffUser; lifetimeMs: number } | null> {
      const found = await uow.read((r) => r.auth.findLogin(email.trim()));
      const ok = await verifyPassword(password, found?.passwordHash ?? null);
      if (!ok || !found?.user) return null;
      const user = found.user;
      const token = newSecretToken();
      const now = clock.now().getTime();
      const lifetimeMs = Math.min(lifetime.idleMs, lifetime.maxMs);
      await uow.write(async (r) => {
        await r.auth.insertSession({
          idHash: hashToken(token),
          userId: user.id,
          officeId: user.officeId,
          csrfSecret: csrfTokens.secretSync(),
          createdAt: iso(now),
          expiresAt: iso(now + lifetimeMs),
        });
        await r.auth.deleteExpiredSessions(iso(now));
        await r.auth.audit({ actorKind: 'user', actorId: user.id, action: 'login', entity: 'user', entityId: user.id, at: iso(now) });
      });
      return { token, user, lifetimeMs };
    },

    async logout(token: string): Promise<void> {
      await uow.write((r) => r.auth.deleteSession(hashToken(token)));
    },

    /**
     * The signed-in user behind a session cookie. A session in use slides forward once half spent,
     * but never past its absolute end, and the renewed cookie lives no longer than that.
     */
    async session(token: string): Promise<StaffSession | null> {
      const now = clock.now().getTime();
      const found = await uow.read((r) => r.auth.findSession(hashToken(token), iso(now), iso(now - lifetime.maxMs)));
      if (!found) return null;
      const expiresAt = new Date(found.expiresAt).getTime();
      const endsAt = Math.min(now + lifetime.idleMs, new Date(found.createdAt).getTime() + lifetime.maxMs);
      let renewedForMs: number | null = null;
      if (expiresAt - now < lifetime.idleMs / 2 && endsAt > expiresAt) {
        renewedForMs = endsAt - now;
        await uow.read((r) => r.auth.extendSession(hashToken(token), iso(endsAt)));
      }
      return { user: found.user, csrfSecret: found.csrfSecret, renewedForMs };
    },

    async apiUser(token: string): Promise<StaffUser | null> {
      const found = await uow.read((r) => r.auth.findApiTokenUser(hashToken(token)));
      if (!found) return null;
      await uow.write((r) => r.auth.touchApiToken(found.tokenId, iso(clock.now())));
      return found.user;
    },

    /**
     * `gopy user add`: creates the account, or resets the password, role and office of an existing
     * one — which signs it out everywhere in the same transaction.
     */
    async addUser(input: { email: string; name: string; role: 'admin' | 'officer'; officeName?: string; password: string }) {
      if (input.password.length < MIN_PASSWORD_LENGTH) throw new AccountError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
      let officeId: number;
      const officeName = input.officeName;
      if (officeName) {
        officeId = (await uow.read((r) => r.offices.findByName(officeName)))?.id ?? (await uow.write((r) => r.offices.insert(officeName.trim())));
      } else {
        const all = await uow.read((r) => r.offices.list());
        if (all.length > 1) throw new AccountError(`There are ${all.length} offices; name one with --office: ${all.map((o) => `"${o.name}"`).join(', ')}`);
        if (all.length === 0) throw new AccountError('There is no office yet; name one with --office "Tên cơ quan".');
        officeId = all[0]!.id;
      }
      const passwordHash = await hashPassword(input.password);
      const existing = await uow.read((r) => r.auth.findUserByEmail(input.email));
      const at = iso(clock.now());
      if (existing) {
        await uow.write(async ({ auth: q }) => {
          await q.updateUser(existing.id, { name: input.name, role: input.role, officeId, passwordHash });
          await endAccess(q, existing.id, at);
          const details = existing.office_id === officeId ? undefined : { fromOffice: existing.office_id, toOffice: officeId };
          await q.audit({ actorKind: 'cli', action: 'user.update', entity: 'user', entityId: existing.id, details, at });
        });
        return { id: existing.id, created: false, officeId };
      }
      const id = await uow.write(async (r) => {
        const id = await r.auth.insertUser({ officeId, email: input.email, name: input.name, role: input.role, passwordHash });
        await r.auth.audit({ actorKind: 'cli', action: 'user.create', entity: 'user', entityId: id, at });
        return id;
      });
      return { id, created: true, officeId };
    },

    /** `gopy user disable`: the account can no longer sign in, and its sessions and API tokens end at once. */
    async disableUser(email: string): Promise<{ id: number; alreadyDisabled: boolean }> {
      const user = await accountByEmail(email);
      if (user.disabled_at) return { id: user.id, alreadyDisabled: true };
      const at = iso(clock.now());
      await uow.write(async ({ auth: q }) => {
        await q.setDisabled(user.id, at);
        await endAccess(q, user.id, at);
        await q.audit({ actorKind: 'cli', action: 'user.disable', entity: 'user', entityId: user.id, at });
      });
      return { id: user.id, alreadyDisabled: false };
    },

    /** `gopy user enable`: the account may sign in again with its password; revoked API tokens stay revoked. */
    async enableUser(email: string): Promise<{ id: number; alreadyEnabled: boolean }> {
      const user = await accountByEmail(email);
      if (!user.disabled_at) return { id: user.id, alreadyEnabled: true };
      const at = iso(clock.now());
      await uow.write(async ({ auth: q }) => {
        await q.setDisabled(user.id, null);
        await q.audit({ actorKind: 'cli', action: 'user.enable', entity: 'user', entityId: user.id, at });
      });
      return { id: user.id, alreadyEnabled: false };
    },

    /** `gopy token create`: the token is returned once; only its hash is stored. */
    async createApiToken(email: string): Promise<string> {
      const user = await uow.read((r) => r.auth.findUserByEmail(email));
      if (!user || user.disabled_at) throw new AccountError(`No active account has the e-mail ${email}.`);
      const token = newSecretToken();
      await uow.write(async (r) => {
        await r.auth.insertApiToken(user.id, hashToken(token));
        await r.auth.audit({ actorKind: 'cli', action: 'token.create', entity: 'user', entityId: user.id, at: iso(clock.now()) });
      });
      return token;
    },

    async revokeApiTokens(email: string): Promise<number> {
      const user = await accountByEmail(email);
      return uow.write((r) => r.auth.revokeApiTokens(user.id, iso(clock.now())));
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
