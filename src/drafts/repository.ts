import type { Db } from '../db/database';
import { type PreparedRunner, prepared } from '../db/prepared';
import type { ClauseRow } from '../db/tables';

export interface ClauseInsert {
  key: number;
  parentKey: number | null;
  position: number;
  depth: number;
  kind: string;
  label: string | null;
  heading: string | null;
  text: string;
  anchor: string;
  extrasJson: string | null;
}

async function insertClauses(db: Db, draftVersionId: number, clauses: readonly ClauseInsert[]): Promise<void> {
  const ids = new Map<number, number>();
  for (const c of clauses) {
    const row = await db
      .insertInto('clauses')
      .values({
        draft_version_id: draftVersionId,
        parent_id: c.parentKey === null ? null : (ids.get(c.parentKey) ?? null),
        position: c.position,
        depth: c.depth,
        kind: c.kind,
        label: c.label,
        heading: c.heading,
        text: c.text,
        anchor: c.anchor,
        extras_json: c.extrasJson,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(c.key, row.id);
  }
}

const latestVersionIdOf = prepared((db: Db, consultationId: number) =>
  db.selectFrom('draft_versions').select('id').where('consultation_id', '=', consultationId).orderBy('version', 'desc').limit(1),
);
const latestVersionOf = prepared((db: Db, consultationId: number) =>
  db
    .selectFrom('draft_versions')
    .select(['id', 'consultation_id', 'version', 'source_attachment_id', 'frame_json', 'created_at'])
    .where('consultation_id', '=', consultationId)
    .orderBy('version', 'desc')
    .limit(1),
);

export function createDraftsRepository(db: Db, q: PreparedRunner) {
  return {
    /** Inserts a draft version and its clauses in document order; parents before children. */
    async insertVersion(input: {
      consultationId: number;
      version: number;
      sourceAttachmentId: number | null;
      frameJson: string;
      clauses: ClauseInsert[];
      sourceText?: string | null;
      sourceKind?: string | null;
    }): Promise<number> {
      const write = async (trx: Db) => {
        const { id } = await trx
          .insertInto('draft_versions')
          .values({
            consultation_id: input.consultationId,
            version: input.version,
            source_attachment_id: input.sourceAttachmentId,
            frame_json: input.frameJson,
            source_text: input.sourceText ?? null,
            source_kind: input.sourceKind ?? null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await insertClauses(trx, id, input.clauses);
        return id;
      };
      // Always inside the caller's unit of work: the version is written with what it belongs to.
      return write(db);
    },

    /** Replaces a version's clauses (an officer's fix before publishing): parents before children. */
    async replaceClauses(draftVersionId: number, clauses: ClauseInsert[]): Promise<void> {
      const write = async (trx: Db) => {
        await trx.deleteFrom('clauses').where('draft_version_id', '=', draftVersionId).execute();
        await insertClauses(trx, draftVersionId, clauses);
      };
      await write(db);
    },

    async deleteVersions(consultationId: number): Promise<void> {
      await db.deleteFrom('draft_versions').where('consultation_id', '=', consultationId).execute();
    },

    async source(draftVersionId: number) {
      return db.selectFrom('draft_versions').select(['source_text', 'source_kind']).where('id', '=', draftVersionId).executeTakeFirst();
    },

    /**
     * The newest version's row without its source: the text can be long, and a column stored after
     * it is only reached by reading through it.
     */
    async latestVersion(consultationId: number) {
      return q.first(latestVersionOf, consultationId);
    },

    /** Only the id (read from the index alone), to find a version already in memory. */
    async latestVersionId(consultationId: number): Promise<number | undefined> {
      return (await q.first(latestVersionIdOf, consultationId))?.id;
    },

    async clausesOf(draftVersionId: number): Promise<ClauseRow[]> {
      return db.selectFrom('clauses').selectAll().where('draft_version_id', '=', draftVersionId).orderBy('position').execute();
    },
  };
}

export type DraftsRepository = ReturnType<typeof createDraftsRepository>;
