import type { Db } from '../db/database';

export interface AuditEntry {
  actorKind: 'system' | 'user' | 'agency' | 'cli';
  actorId?: number | null;
  action: string;
  entity: string;
  entityId?: number | null;
  details?: Record<string, unknown>;
  at: string;
}

/** The audit trail: who did what to which record, when. Usable inside a caller's transaction. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at,
      actor_kind: entry.actorKind,
      actor_id: entry.actorId ?? null,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId ?? null,
      details_json: entry.details ? JSON.stringify(entry.details) : null,
    })
    .execute();
}

export function auditTrail(db: Db, entity: string, entityId: number) {
  return db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select(['audit_log.id', 'audit_log.at', 'audit_log.actor_kind', 'audit_log.action', 'audit_log.details_json', 'users.name as actor_name'])
    .where('audit_log.entity', '=', entity)
    .where('audit_log.entity_id', '=', entityId)
    .orderBy('audit_log.id', 'desc')
    .execute();
}
