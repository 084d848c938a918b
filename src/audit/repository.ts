import type { Db } from '../db/database';

export interface AuditEntry {
  actorKind: 'system' | 'user' | 'agency' | 'cli';
  /** The officer (actorKind 'user'), the agency ('agency'); none for the system and the command line. */
  actorId?: number | null;
  /** The agency acted for: the agency itself, or the one an officer entered a reply for. */
  agencyId?: number | null;
  action: string;
  entity: string;
  entityId?: number | null;
  details?: Record<string, unknown>;
  at: string;
}

/** The audit trail: who did what to which record, when, and an entity's log to read it back. */
export function createAuditRepository(db: Db) {
  return {
    record: (entry: AuditEntry) => recordAudit(db, entry),
    trail: (entity: string, entityId: number) => auditTrail(db, entity, entityId),
  };
}

async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at,
      actor_kind: entry.actorKind,
      actor_id: entry.actorId ?? null,
      agency_id: entry.agencyId ?? (entry.actorKind === 'agency' ? (entry.actorId ?? null) : null),
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId ?? null,
      details_json: entry.details ? JSON.stringify(entry.details) : null,
    })
    .execute();
}

/**
 * An entity's log, newest first, with the names of who acted: an officer's from users, an agency's
 * from agencies. The two id spaces are never mixed (an agency's id is not a user's).
 */
function auditTrail(db: Db, entity: string, entityId: number) {
  return db
    .selectFrom('audit_log as l')
    .leftJoin('users as u', (join) => join.onRef('u.id', '=', 'l.actor_id').on('l.actor_kind', '=', 'user'))
    .leftJoin('agencies as a', (join) =>
      join.on((eb) => eb.or([eb('a.id', '=', eb.ref('l.agency_id')), eb.and([eb('l.agency_id', 'is', null), eb('l.actor_kind', '=', 'agency'), eb('a.id', '=', eb.ref('l.actor_id'))])])),
    )
    .select(['l.id', 'l.at', 'l.actor_kind', 'l.action', 'l.details_json', 'u.name as user_name', 'a.name as agency_name'])
    .where('l.entity', '=', entity)
    .where('l.entity_id', '=', entityId)
    .orderBy('l.id', 'desc')
    .execute();
}

export type AuditTrailRow = Awaited<ReturnType<typeof auditTrail>>[number];
