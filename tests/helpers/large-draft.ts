import { hashToken, newSecretToken } from '../../src/auth/tokens';
import type { TestApp } from './app';
import { at } from './days';

/**
 * A published consultation of the office whose draft has `articles` articles of `perArticle` khoản
 * each ("Điều N." with "1.", "2.", …, so labels repeat), written straight to the database, and one
 * invitation with a personal link per agency named. Returns the clause ids by position and the links.
 */
export async function largeDraft(t: TestApp, officeId: number, options: { articles: number; perArticle: number; agencies: string[] }) {
  const sqlite = t.deps.database.sqlite;
  const links = new Map<string, { path: string; invitationId: number; agencyId: number }>();
  const agencyIds: number[] = [];
  for (const name of options.agencies) agencyIds.push(await t.repos.agencies.insertAgency(officeId, name, [`${agencyIds.length}@lon.example`]));
  const clauseIds: number[] = [];
  const consultationId = sqlite.transaction(() => {
    const c = sqlite
      .prepare(`insert into consultations (office_id, number, letter_date, subject, deadline_at, deadline_rule, status, published_at) values (?, '9/LON', ?, 'góp ý dự thảo lớn', ?, 'before_date', 'open', ?)`)
      .run(officeId, at(-1).slice(0, 10), at(10), at(-1));
    const id = Number(c.lastInsertRowid);
    const version = Number(sqlite.prepare('insert into draft_versions (consultation_id, version) values (?, 1)').run(id).lastInsertRowid);
    const clause = sqlite.prepare('insert into clauses (draft_version_id, parent_id, position, depth, kind, label, heading, text, anchor) values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    let position = 0;
    for (let a = 1; a <= options.articles; a++) {
      const article = Number(clause.run(version, null, position++, 0, 'article', `Điều ${a}.`, `Quy định số ${a}`, `Nội dung chung của Điều ${a}.`, `dieu-${a}`).lastInsertRowid);
      clauseIds.push(article);
      for (let k = 1; k <= options.perArticle; k++) {
        clauseIds.push(Number(clause.run(version, article, position++, 1, 'clause', `${k}.`, null, `Khoản ${k} của Điều ${a}.`, `dieu-${a}-khoan-${k}`).lastInsertRowid));
      }
    }
    options.agencies.forEach((name, i) => {
      const invitation = Number(sqlite.prepare('insert into invitations (consultation_id, agency_id, created_at) values (?, ?, ?)').run(id, agencyIds[i], at(-1)).lastInsertRowid);
      const token = newSecretToken();
      sqlite.prepare('insert into invitation_tokens (invitation_id, token_hash) values (?, ?)').run(invitation, hashToken(token));
      links.set(name, { path: `/invite/${token}`, invitationId: invitation, agencyId: agencyIds[i]! });
    });
    return id;
  })();
  return { consultationId, clauseIds, links };
}
