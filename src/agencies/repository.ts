import type { Db } from '../db/database';

export function createAgenciesRepository(db: Db) {
  return {
    async insertOffice(values: { name: string; parentName: string | null; shortName: string | null; place: string | null; website: string | null }) {
      const row = await db
        .insertInto('offices')
        .values({ name: values.name, parent_name: values.parentName, short_name: values.shortName, place: values.place, website: values.website })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async countOffices(): Promise<number> {
      const row = await db.selectFrom('offices').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async insertAgency(officeId: number, name: string, emails: string[], shortName: string | null = null): Promise<number> {
      const { id } = await db.insertInto('agencies').values({ office_id: officeId, name, short_name: shortName }).returning('id').executeTakeFirstOrThrow();
      if (emails.length > 0) {
        await db.insertInto('agency_emails').values(emails.map((email, position) => ({ agency_id: id, email, position }))).execute();
      }
      return id;
    },

    async insertGroup(officeId: number, name: string, description: string | null, agencyIds: number[]): Promise<number> {
      const { id } = await db.insertInto('agency_groups').values({ office_id: officeId, name, description }).returning('id').executeTakeFirstOrThrow();
      if (agencyIds.length > 0) {
        await db.insertInto('agency_group_members').values(agencyIds.map((agency_id, position) => ({ group_id: id, agency_id, position }))).execute();
      }
      return id;
    },
  };
}

export type AgenciesRepository = ReturnType<typeof createAgenciesRepository>;
