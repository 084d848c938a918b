import { hashToken, newSecretToken } from '../../src/auth/tokens';
import type { TestApp } from './app';
import { at } from './days';

/**
 * A published consultation of the office whose draft has `articles` articles of `perArticle` khoản
 * each ("Điều N." with "1.", "2.", …, so labels repeat), written straight to the database, and one
 * invitation with a personal link per agency named. Returns the clause ids by position and the links.
 */
export async function largeDraft(t: TestApp, officeId: number, options: { articles: number; perArticle: number; agencies: string[] }) {
  const links = new Map<string, { path: string; invitationId: number; agencyId: number }>();
  const agencyIds: number[] = [];
  for (const name of options.agencies) agencyIds.push(await t.repos.agencies.insertAgency(officeId, name, [`${agencyIds.length}@lon.example`]));
  const clauseIds: number[] = [];
  const consultationId = await t.deps.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('consultations')
      .values({ office_id: officeId, number: '9/LON', letter_date: at(-1).slice(0, 10), subject: 'góp ý dự thảo lớn', deadline_at: at(10), deadline_rule: 'before_date', status: 'open', published_at: at(-1) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = (await trx.insertInto('draft_versions').values({ consultation_id: id, version: 1 }).returning('id').executeTakeFirstOrThrow()).id;
    let position = 0;
    for (let a = 1; a <= options.articles; a++) {
      const article = (
        await trx
          .insertInto('clauses')
          .values({ draft_version_id: version, parent_id: null, position: position++, depth: 0, kind: 'article', label: `Điều ${a}.`, heading: `Quy định số ${a}`, text: `Nội dung chung của Điều ${a}.`, anchor: `dieu-${a}` })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      clauseIds.push(article);
      for (let k = 1; k <= options.perArticle; k++) {
        const row = await trx
          .insertInto('clauses')
          .values({ draft_version_id: version, parent_id: article, position: position++, depth: 1, kind: 'clause', label: `${k}.`, heading: null, text: `Khoản ${k} của Điều ${a}.`, anchor: `dieu-${a}-khoan-${k}` })
          .returning('id')
          .executeTakeFirstOrThrow();
        clauseIds.push(row.id);
      }
    }
    for (const [i, name] of options.agencies.entries()) {
      const invitation = (await trx.insertInto('invitations').values({ consultation_id: id, agency_id: agencyIds[i]!, created_at: at(-1) }).returning('id').executeTakeFirstOrThrow()).id;
      const token = newSecretToken();
      await trx.insertInto('invitation_tokens').values({ invitation_id: invitation, token_hash: hashToken(token) }).execute();
      links.set(name, { path: `/invite/${token}`, invitationId: invitation, agencyId: agencyIds[i]! });
    }
    return id;
  });
  return { consultationId, clauseIds, links };
}
