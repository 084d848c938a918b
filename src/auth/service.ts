import { recordAudit } from '../audit/repository';
import type { Clock } from '../clock';
import type { Db } from '../db/database';
import type { OfficesRepository } from '../offices/repository';
import { MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from './password';
import type { AuthRepository, StaffUser } from './repository';
import { hashToken, newSecretToken } from './tokens';
import Tokens from 'csrf';

const SESSION_HOURS = 12;
const HOUR_MS = 60 * 60 * 1000;
const csrfTokens = new Tokens();

export class AccountError extends Error {}

export interface StaffSession {
  user: StaffUser;
  csrfSecret: string;
  /** How long the cookie lives from now when the session was slid forward, else null. */
  renewedForMs: number | null;
}

export function createAuthService(deps: { db: Db; repo: AuthRepository; offices: OfficesRepository; clock: Clock }) {
  const { db, repo, offices, clock } = deps;
  const iso = (d: Date) => d.toISOString();

  return {
    /** A new session for a right e-mail and password; null otherwise, with the same cost either way. */
    async login(email: string, password: string): Promise<{ token: string; user: StaffUser; lifetimeMs: number } | null> {
      const found = await repo.findLogin(email.trim());
      const ok = await verifyPassword(password, found?.passwordHash ?? null);
      if (!ok || !found?.user) return null;
      const token = newSecretToken();
      const expiresAt = new Date(clock.now().getTime() + SESSION_HOURS * HOUR_MS);
      await repo.insertSession({ idHash: hashToken(token), userId: found.user.id, csrfSecret: csrfTokens.secretSync(), expiresAt: iso(expiresAt) });
      await repo.deleteExpiredSessions(iso(clock.now()));
      await recordAudit(db, { actorKind: 'user', actorId: found.user.id, action: 'login', entity: 'user', entityId: found.user.id, at: iso(clock.now()) });
      return { token, user: found.user, lifetimeMs: SESSION_HOURS * HOUR_MS };
    },

    async logout(token: string): Promise<void> {
      await repo.deleteSession(hashToken(token));
    },

    /** The signed-in user behind a session cookie; a session in use slides forward once half spent. */
    async session(token: string): Promise<StaffSession | null> {
      const now = clock.now();
      const found = await repo.findSession(hashToken(token), iso(now));
      if (!found) return null;
      let renewedForMs: number | null = null;
      if (new Date(found.expiresAt).getTime() - now.getTime() < (SESSION_HOURS / 2) * HOUR_MS) {
        renewedForMs = SESSION_HOURS * HOUR_MS;
        await repo.extendSession(hashToken(token), iso(new Date(now.getTime() + renewedForMs)));
      }
      return { user: found.user, csrfSecret: found.csrfSecret, renewedForMs };
    },

    async apiUser(token: string): Promise<StaffUser | null> {
      const found = await repo.findApiTokenUser(hashToken(token));
      if (!found) return null;
      await repo.touchApiToken(found.tokenId, iso(clock.now()));
      return found.user;
    },

    /** `gopy user add`: creates the account, or resets the password and role of an existing one. */
    async addUser(input: { email: string; name: string; role: 'admin' | 'officer'; officeName?: string; password: string }) {
      if (input.password.length < MIN_PASSWORD_LENGTH) throw new AccountError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
      let officeId: number;
      if (input.officeName) {
        officeId = (await offices.findByName(input.officeName))?.id ?? (await offices.insert(input.officeName.trim()));
      } else {
        const all = await offices.list();
        if (all.length > 1) throw new AccountError(`There are ${all.length} offices; name one with --office: ${all.map((o) => `"${o.name}"`).join(', ')}`);
        if (all.length === 0) throw new AccountError('There is no office yet; name one with --office "Tên cơ quan".');
        officeId = all[0]!.id;
      }
      const passwordHash = await hashPassword(input.password);
      const existing = await repo.findUserByEmail(input.email);
      const at = iso(clock.now());
      if (existing) {
        await repo.updateUser(existing.id, { name: input.name, role: input.role, officeId, passwordHash });
        await recordAudit(db, { actorKind: 'cli', action: 'user.update', entity: 'user', entityId: existing.id, at });
        return { id: existing.id, created: false, officeId };
      }
      const id = await repo.insertUser({ officeId, email: input.email, name: input.name, role: input.role, passwordHash });
      await recordAudit(db, { actorKind: 'cli', action: 'user.create', entity: 'user', entityId: id, at });
      return { id, created: true, officeId };
    },

    /** `gopy token create`: the token is returned once; only its hash is stored. */
    async createApiToken(email: string): Promise<string> {
      const user = await repo.findUserByEmail(email);
      if (!user || user.disabled_at) throw new AccountError(`No active account has the e-mail ${email}.`);
      const token = newSecretToken();
      await repo.insertApiToken(user.id, hashToken(token));
      await recordAudit(db, { actorKind: 'cli', action: 'token.create', entity: 'user', entityId: user.id, at: iso(clock.now()) });
      return token;
    },

    async revokeApiTokens(email: string): Promise<number> {
      const user = await repo.findUserByEmail(email);
      if (!user) throw new AccountError(`No account has the e-mail ${email}.`);
      return repo.revokeApiTokens(user.id, iso(clock.now()));
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
