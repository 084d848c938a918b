import type { Clock } from '../clock';
import type { MessageKey } from '../web/i18n';
import type { AgencyMessage, ImportRow } from './csv-import';
import { splitEmails } from './emails';
import { nameKey, searchKey, tidyName } from './names';
import type { AgenciesRepository, AgencyQueries } from './repository';
import type { AgencyInput, GroupInput } from './schemas';

export type SaveResult = { ok: true; id: number } | { ok: false; field: 'name' | 'members'; message: MessageKey };

export interface AgencyView {
  id: number;
  name: string;
  shortName: string | null;
  emails: string[];
  groups: { id: number; name: string }[];
  archived: boolean;
}

export interface ImportReportRow {
  row: number;
  name: string;
  outcome: 'created' | 'updated' | 'refused';
  reasons: AgencyMessage[];
}

export interface ImportReport {
  rows: ImportReportRow[];
  created: number;
  updated: number;
  refused: number;
  groupsCreated: string[];
  ignoredColumns: string[];
}

export class AgencyInputError extends Error {}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'vi');

/** Is another record of the office already called this (case-, space- and Unicode-form-insensitively)? */
const nameTaken = (rows: { id: number; name: string }[], name: string, exceptId?: number) =>
  rows.some((row) => row.id !== exceptId && nameKey(row.name) === nameKey(name));

/** The drafting office's directory of agencies and groups; every call is scoped to one office. */
export function createAgenciesService(deps: { repo: AgenciesRepository; clock: Clock }) {
  const { repo, clock } = deps;

  async function agencyViews(officeId: number): Promise<AgencyView[]> {
    const [agencies, emails, memberships] = await Promise.all([repo.listAgencies(officeId), repo.emailsOfOffice(officeId), repo.membershipsOfOffice(officeId)]);
    return agencies
      .map((a) => ({
        id: a.id,
        name: a.name,
        shortName: a.short_name,
        emails: emails.filter((e) => e.agency_id === a.id).map((e) => e.email),
        groups: memberships.filter((m) => m.agency_id === a.id).map((m) => ({ id: m.group_id, name: m.group_name })),
        archived: a.archived_at !== null,
      }))
      .sort(byName);
  }

  async function checkMembers(tx: AgencyQueries, officeId: number, memberIds: number[]): Promise<boolean> {
    const own = new Set((await tx.listAgencies(officeId)).map((a) => a.id));
    return memberIds.every((id) => own.has(id));
  }

  return {
    /** The directory page: active and archived agencies (filtered by `q` when given), and the groups. */
    async directory(officeId: number, q?: string) {
      const all = await agencyViews(officeId);
      const needle = q?.trim() ? searchKey(q) : null;
      const shown = needle ? all.filter((a) => searchKey(a.name).includes(needle) || (a.shortName !== null && searchKey(a.shortName).includes(needle))) : all;
      const memberships = await repo.membershipsOfOffice(officeId);
      const groups = (await repo.listGroups(officeId))
        .map((g) => ({ id: g.id, name: g.name, description: g.description, memberCount: memberships.filter((m) => m.group_id === g.id).length }))
        .sort(byName);
      return { agencies: shown.filter((a) => !a.archived), archived: shown.filter((a) => a.archived), groups, total: all.length };
    },

    async getAgency(officeId: number, id: number): Promise<AgencyView | null> {
      return (await agencyViews(officeId)).find((a) => a.id === id) ?? null;
    },

    async createAgency(officeId: number, input: AgencyInput): Promise<SaveResult> {
      return repo.transaction(async (tx) => {
        if (nameTaken(await tx.listAgencies(officeId), input.name)) return { ok: false, field: 'name', message: 'agencies.name_taken' };
        return { ok: true, id: await tx.insertAgency(officeId, input.name, input.emails, input.short_name) };
      });
    },

    /** null when the agency is not the office's own. */
    async updateAgency(officeId: number, id: number, input: AgencyInput): Promise<SaveResult | null> {
      return repo.transaction(async (tx) => {
        if (!(await tx.findAgency(officeId, id))) return null;
        if (nameTaken(await tx.listAgencies(officeId), input.name, id)) return { ok: false, field: 'name', message: 'agencies.name_taken' };
        await tx.updateAgency(id, { name: input.name, shortName: input.short_name });
        await tx.replaceEmails(id, input.emails);
        return { ok: true, id };
      });
    },

    /** Archived agencies leave the pickers but stay in past consultations. false when not the office's own. */
    async setArchived(officeId: number, id: number, archived: boolean): Promise<boolean> {
      const agency = await repo.findAgency(officeId, id);
      if (!agency) return false;
      if ((agency.archived_at !== null) !== archived) await repo.setArchivedAt(id, archived ? clock.now().toISOString() : null);
      return true;
    },

    async getGroup(officeId: number, id: number) {
      const group = await repo.findGroup(officeId, id);
      if (!group) return null;
      const members = (await repo.membershipsOfOffice(officeId)).filter((m) => m.group_id === id);
      return { id: group.id, name: group.name, description: group.description, memberIds: members.map((m) => m.agency_id) };
    },

    /** The checkboxes of a group form: active agencies, and archived ones only when already chosen. */
    async memberChoices(officeId: number, chosen: number[]) {
      const agencies = await repo.listAgencies(officeId);
      return agencies
        .filter((a) => a.archived_at === null || chosen.includes(a.id))
        .map((a) => ({ id: a.id, name: a.name, archived: a.archived_at !== null }))
        .sort(byName);
    },

    async createGroup(officeId: number, input: GroupInput): Promise<SaveResult> {
      return repo.transaction(async (tx) => {
        if (nameTaken(await tx.listGroups(officeId), input.name)) return { ok: false, field: 'name', message: 'agencies.group_name_taken' };
        if (!(await checkMembers(tx, officeId, input.members))) return { ok: false, field: 'members', message: 'agencies.members_unknown' };
        return { ok: true, id: await tx.insertGroup(officeId, input.name, input.description, [...new Set(input.members)]) };
      });
    },

    async updateGroup(officeId: number, id: number, input: GroupInput): Promise<SaveResult | null> {
      return repo.transaction(async (tx) => {
        if (!(await tx.findGroup(officeId, id))) return null;
        if (nameTaken(await tx.listGroups(officeId), input.name, id)) return { ok: false, field: 'name', message: 'agencies.group_name_taken' };
        if (!(await checkMembers(tx, officeId, input.members))) return { ok: false, field: 'members', message: 'agencies.members_unknown' };
        await tx.updateGroup(id, { name: input.name, description: input.description });
        await tx.replaceMembers(id, [...new Set(input.members)]);
        return { ok: true, id };
      });
    },

    /** Deletes the group, never its agencies. false when not the office's own. */
    async deleteGroup(officeId: number, id: number): Promise<boolean> {
      if (!(await repo.findGroup(officeId, id))) return false;
      await repo.deleteGroup(id);
      return true;
    },

    /** What the consultation form offers as recipients: active agencies and groups of their active members. */
    async listForPicker(officeId: number) {
      const active = (await agencyViews(officeId)).filter((a) => !a.archived);
      const memberships = await repo.membershipsOfOffice(officeId);
      const groups = (await repo.listGroups(officeId)).sort(byName).map((g) => ({
        id: g.id,
        name: g.name,
        members: memberships.filter((m) => m.group_id === g.id && m.archived_at === null).map((m) => ({ id: m.agency_id, name: m.agency_name })),
      }));
      return { agencies: active.map((a) => ({ id: a.id, name: a.name, emails: a.emails })), groups };
    },

    /** For the officer API: the agency with this name (adding the address if new), or a new one. */
    async findOrCreateByEmail(officeId: number, input: { name: string; email: string }) {
      const name = tidyName(input.name);
      const { emails } = splitEmails(input.email);
      if (!name || emails.length !== 1) throw new AgencyInputError('an agency needs a name and one valid e-mail address');
      const email = emails[0]!;
      return repo.transaction(async (tx) => {
        const found = (await tx.listAgencies(officeId)).find((a) => nameKey(a.name) === nameKey(name));
        if (found) return { id: found.id, name: found.name, created: false, emailAdded: (await tx.addEmails(found.id, [email])) > 0 };
        return { id: await tx.insertAgency(officeId, name, [email]), name, created: true, emailAdded: true };
      });
    },

    /** Applies the rows read from a CSV file in one transaction: good rows are stored, refused rows say why. */
    async importRows(officeId: number, rows: ImportRow[], ignoredColumns: string[]): Promise<ImportReport> {
      return repo.transaction(async (tx) => {
        const agencies = new Map((await tx.listAgencies(officeId)).map((a) => [nameKey(a.name), a.id]));
        const groups = new Map((await tx.listGroups(officeId)).map((g) => [nameKey(g.name), g.id]));
        const report: ImportReport = { rows: [], created: 0, updated: 0, refused: 0, groupsCreated: [], ignoredColumns };
        for (const row of rows) {
          if (row.problems.length > 0) {
            report.rows.push({ row: row.row, name: row.name, outcome: 'refused', reasons: row.problems });
            report.refused++;
            continue;
          }
          let agencyId = agencies.get(nameKey(row.name));
          if (agencyId === undefined) {
            agencyId = await tx.insertAgency(officeId, row.name, row.emails, row.shortName);
            agencies.set(nameKey(row.name), agencyId);
            report.rows.push({ row: row.row, name: row.name, outcome: 'created', reasons: [] });
            report.created++;
          } else {
            const current = await tx.findAgency(officeId, agencyId);
            if (row.shortName && current) await tx.updateAgency(agencyId, { name: current.name, shortName: row.shortName });
            await tx.addEmails(agencyId, row.emails);
            report.rows.push({ row: row.row, name: row.name, outcome: 'updated', reasons: [] });
            report.updated++;
          }
          if (row.group) {
            let groupId = groups.get(nameKey(row.group));
            if (groupId === undefined) {
              groupId = await tx.insertGroup(officeId, row.group, null, []);
              groups.set(nameKey(row.group), groupId);
              report.groupsCreated.push(row.group);
            }
            await tx.addMember(groupId, agencyId);
          }
        }
        return report;
      });
    },
  };
}

export type AgenciesService = ReturnType<typeof createAgenciesService>;
