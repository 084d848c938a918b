import type { Db } from '../db/database';
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
}

export function createDraftsRepository(db: Db) {
  return {
    /** Inserts a draft version and its clauses in document order; parents before children. */
    async insertVersion(input: {
      consultationId: number;
      version: number;
      sourceAttachmentId: number | null;
      frameJson: string;
      clauses: ClauseInsert[];
    }): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto('draft_versions')
          .values({
            consultation_id: input.consultationId,
            version: input.version,
            source_attachment_id: input.sourceAttachmentId,
            frame_json: input.frameJson,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const ids = new Map<number, number>();
        for (const c of input.clauses) {
          const row = await trx
            .insertInto('clauses')
            .values({
              draft_version_id: id,
              parent_id: c.parentKey === null ? null : (ids.get(c.parentKey) ?? null),
              position: c.position,
              depth: c.depth,
              kind: c.kind,
              label: c.label,
              heading: c.heading,
              text: c.text,
              anchor: c.anchor,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          ids.set(c.key, row.id);
        }
        return id;
      });
    },

    async latestVersion(consultationId: number) {
      return db
        .selectFrom('draft_versions')
        .selectAll()
        .where('consultation_id', '=', consultationId)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    async clausesOf(draftVersionId: number): Promise<ClauseRow[]> {
      return db.selectFrom('clauses').selectAll().where('draft_version_id', '=', draftVersionId).orderBy('position').execute();
    },
  };
}

export type DraftsRepository = ReturnType<typeof createDraftsRepository>;
