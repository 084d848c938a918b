import type { Db } from '../db/database';
import type { AttachmentKind } from '../db/tables';

export function createAttachmentsRepository(db: Db) {
  return {
    async insert(values: {
      consultationId: number | null;
      kind: AttachmentKind;
      title: string | null;
      filename: string;
      contentType: string;
      size: number;
      sha256: string;
      storageKey: string;
      isPublic: boolean;
    }): Promise<number> {
      const row = await db
        .insertInto('attachments')
        .values({
          consultation_id: values.consultationId,
          kind: values.kind,
          title: values.title,
          filename: values.filename,
          content_type: values.contentType,
          size: values.size,
          sha256: values.sha256,
          storage_key: values.storageKey,
          is_public: values.isPublic ? 1 : 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** A public attachment of a published consultation. */
    async findPublic(id: number) {
      return db
        .selectFrom('attachments as a')
        .innerJoin('consultations as c', 'c.id', 'a.consultation_id')
        .select(['a.id', 'a.filename', 'a.content_type', 'a.size', 'a.storage_key', 'a.consultation_id'])
        .where('a.id', '=', id)
        .where('a.is_public', '=', 1)
        .where('c.status', '!=', 'draft')
        .executeTakeFirst();
    },
  };
}

export type AttachmentsRepository = ReturnType<typeof createAttachmentsRepository>;
