import type { Db } from '../db/database';

function queries(db: Db) {
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

    listAgencies: (officeId: number) =>
      db.selectFrom('agencies').select(['id', 'name', 'short_name', 'archived_at']).where('office_id', '=', officeId).orderBy('name').orderBy('id').execute(),

    findAgency: (officeId: number, id: number) =>
      db.selectFrom('agencies').select(['id', 'name', 'short_name', 'archived_at']).where('office_id', '=', officeId).where('id', '=', id).executeTakeFirst(),

    /** The addresses of the office's agencies, in each agency's order. */
    emailsOfOffice: (officeId: number) =>
      db
        .selectFrom('agency_emails as e')
        .innerJoin('agencies as a', 'a.id', 'e.agency_id')
        .select(['e.agency_id', 'e.email'])
        .where('a.office_id', '=', officeId)
        .orderBy('e.agency_id')
        .orderBy('e.position')
        .orderBy('e.id')
        .execute(),

    emailsOf: (agencyId: number) =>
      db.selectFrom('agency_emails').select('email').where('agency_id', '=', agencyId).orderBy('position').orderBy('id').execute(),

    updateAgency: (id: number, values: { name: string; shortName: string | null }) =>
      db.updateTable('agencies').set({ name: values.name, short_name: values.shortName }).where('id', '=', id).execute(),

    setArchivedAt: (id: number, at: string | null) => db.updateTable('agencies').set({ archived_at: at }).where('id', '=', id).execute(),

    async replaceEmails(agencyId: number, emails: string[]) {
      await db.deleteFrom('agency_emails').where('agency_id', '=', agencyId).execute();
      if (emails.length > 0) await db.insertInto('agency_emails').values(emails.map((email, position) => ({ agency_id: agencyId, email, position }))).execute();
    },

    /** Appends the addresses the agency does not have yet; returns how many were new. */
    async addEmails(agencyId: number, emails: string[]): Promise<number> {
      const rows = await db.selectFrom('agency_emails').select(['email', 'position']).where('agency_id', '=', agencyId).execute();
      const known = new Set(rows.map((r) => r.email));
      const fresh = emails.filter((email) => !known.has(email));
      const start = rows.reduce((max, r) => Math.max(max, r.position + 1), 0);
      if (fresh.length > 0) await db.insertInto('agency_emails').values(fresh.map((email, i) => ({ agency_id: agencyId, email, position: start + i }))).execute();
      return fresh.length;
    },

    listGroups: (officeId: number) =>
      db
        .selectFrom('agency_groups as g')
        .select(['g.id', 'g.name', 'g.description'])
        .where('g.office_id', '=', officeId)
        .orderBy('g.name')
        .orderBy('g.id')
        .execute(),

    findGroup: (officeId: number, id: number) =>
      db.selectFrom('agency_groups').select(['id', 'name', 'description']).where('office_id', '=', officeId).where('id', '=', id).executeTakeFirst(),

    /** Every membership of the office's groups, with the agency's name, in each group's order. */
    membershipsOfOffice: (officeId: number) =>
      db
        .selectFrom('agency_group_members as m')
        .innerJoin('agency_groups as g', 'g.id', 'm.group_id')
        .innerJoin('agencies as a', 'a.id', 'm.agency_id')
        .select(['m.group_id', 'g.name as group_name', 'm.agency_id', 'a.name as agency_name', 'a.archived_at'])
        .where('g.office_id', '=', officeId)
        .orderBy('m.group_id')
        .orderBy('m.position')
        .orderBy('a.name')
        .execute(),

    updateGroup: (id: number, values: { name: string; description: string | null }) =>
      db.updateTable('agency_groups').set({ name: values.name, description: values.description }).where('id', '=', id).execute(),

    async replaceMembers(groupId: number, agencyIds: number[]) {
      await db.deleteFrom('agency_group_members').where('group_id', '=', groupId).execute();
      if (agencyIds.length > 0) await db.insertInto('agency_group_members').values(agencyIds.map((agency_id, position) => ({ group_id: groupId, agency_id, position }))).execute();
    },

    /** Adds one member at the end of the group, unless it is already there. */
    async addMember(groupId: number, agencyId: number) {
      const last = await db
        .selectFrom('agency_group_members')
        .select((eb) => eb.fn.max('position').as('p'))
        .where('group_id', '=', groupId)
        .executeTakeFirst();
      await db
        .insertInto('agency_group_members')
        .values({ group_id: groupId, agency_id: agencyId, position: (last?.p ?? -1) + 1 })
        .onConflict((oc) => oc.columns(['group_id', 'agency_id']).doNothing())
        .execute();
    },

    deleteGroup: (id: number) => db.deleteFrom('agency_groups').where('id', '=', id).execute(),
  };
}

export type AgencyQueries = ReturnType<typeof queries>;

export function createAgenciesRepository(db: Db) {
  return {
    ...queries(db),
    /** Runs `work` in one transaction with queries bound to it: all of it is written or none. */
    transaction<T>(work: (repo: AgencyQueries) => Promise<T>): Promise<T> {
      return db.transaction().execute((trx) => work(queries(trx)));
    },
  };
}

export type AgenciesRepository = ReturnType<typeof createAgenciesRepository>;
