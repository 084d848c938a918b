import { type AuditEntry, createAuditRepository } from '../audit/repository';
import type { Db } from '../db/database';

export interface StaffUser {
  id: number;
  officeId: number;
  officeName: string;
  email: string;
  name: string;
  role: 'admin' | 'officer';
}

const userColumns = ['users.id', 'users.office_id', 'users.email', 'users.name', 'users.role', 'offices.name as office_name'] as const;

type UserRow = { id: number; office_id: number | null; email: string; name: string; role: 'admin' | 'officer'; office_name: string | null };

function toStaffUser(row: UserRow): StaffUser | null {
  if (row.office_id === null || row.office_name === null) return null;
  return { id: row.id, officeId: row.office_id, officeName: row.office_name, email: row.email, name: row.name, role: row.role };
}

function queries(db: Db) {
  const activeUsers = () =>
    db.selectFrom('users').innerJoin('offices', 'offices.id', 'users.office_id').where('users.disabled_at', 'is', null);

  return {
    async findLogin(email: string) {
      const row = await activeUsers()
        .select([...userColumns, 'users.password_hash'])
        .where('users.email', '=', email.toLowerCase())
        .executeTakeFirst();
      return row ? { user: toStaffUser(row), passwordHash: row.password_hash } : null;
    },

    async findUserByEmail(email: string) {
      return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
    },

    async insertUser(user: { officeId: number; email: string; name: string; role: 'admin' | 'officer'; passwordHash: string }) {
      const row = await db
        .insertInto('users')
        .values({ office_id: user.officeId, email: user.email.toLowerCase(), name: user.name, role: user.role, password_hash: user.passwordHash, disabled_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async updateUser(id: number, changes: { name: string; role: 'admin' | 'officer'; officeId: number; passwordHash: string }) {
      await db
        .updateTable('users')
        .set({ name: changes.name, role: changes.role, office_id: changes.officeId, password_hash: changes.passwordHash, disabled_at: null })
        .where('id', '=', id)
        .execute();
    },

    async setDisabled(id: number, disabledAt: string | null) {
      await db.updateTable('users').set({ disabled_at: disabledAt }).where('id', '=', id).execute();
    },

    async insertSession(session: { idHash: string; userId: number; officeId: number; csrfSecret: string; createdAt: string; expiresAt: string }) {
      await db
        .insertInto('sessions')
        .values({
          id_hash: session.idHash,
          user_id: session.userId,
          office_id: session.officeId,
          csrf_secret: session.csrfSecret,
          created_at: session.createdAt,
          expires_at: session.expiresAt,
        })
        .execute();
    },

    /** A live session of an active user still in the office the session was opened in. */
    async findSession(idHash: string, now: string, createdAfter: string) {
      const row = await activeUsers()
        .innerJoin('sessions', (join) => join.onRef('sessions.user_id', '=', 'users.id').onRef('sessions.office_id', '=', 'users.office_id'))
        .select([...userColumns, 'sessions.csrf_secret', 'sessions.created_at', 'sessions.expires_at'])
        .where('sessions.id_hash', '=', idHash)
        .where('sessions.expires_at', '>', now)
        .where('sessions.created_at', '>', createdAfter)
        .executeTakeFirst();
      if (!row) return null;
      const user = toStaffUser(row);
      return user ? { user, csrfSecret: row.csrf_secret, createdAt: row.created_at, expiresAt: row.expires_at } : null;
    },

    async deleteSessionsOf(userId: number) {
      await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },

    async extendSession(idHash: string, expiresAt: string) {
      await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
    },

    async deleteSession(idHash: string) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },

    async deleteExpiredSessions(now: string) {
      await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
    },

    async insertApiToken(userId: number, tokenHash: string) {
      await db.insertInto('api_tokens').values({ user_id: userId, token_hash: tokenHash, last_used_at: null, revoked_at: null }).execute();
    },

    async findApiTokenUser(tokenHash: string) {
      const row = await activeUsers()
        .innerJoin('api_tokens', 'api_tokens.user_id', 'users.id')
        .select([...userColumns, 'api_tokens.id as token_id'])
        .where('api_tokens.token_hash', '=', tokenHash)
        .where('api_tokens.revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row) return null;
      const user = toStaffUser(row);
      return user ? { user, tokenId: row.token_id } : null;
    },

    audit: (entry: AuditEntry) => createAuditRepository(db).record(entry),

    async touchApiToken(tokenId: number, at: string) {
      await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', tokenId).execute();
    },

    async revokeApiTokens(userId: number, at: string) {
      const result = await db.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

export type AuthQueries = ReturnType<typeof queries>;

export function createAuthRepository(db: Db) {
  return {
    ...queries(db),
  };
}

export type AuthRepository = ReturnType<typeof createAuthRepository>;
