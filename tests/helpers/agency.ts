import request from 'supertest';
import type { ParsedMail } from 'mailparser';
import type { TestApp } from './app';
import { linkIn } from './office';
import { csrfFrom } from './staff';
import type { TestSmtpServer } from './smtp';

/** The demo's invitations, delivered to a real SMTP server; an agency's personal link by its name. */
export async function demoLinks(t: TestApp, smtp: TestSmtpServer) {
  await t.deps.mail.delivery.deliverDue();
  const invitations = smtp.received.filter((m) => m.subject?.startsWith('Công văn số 532'));
  return (agency: string): string => {
    const mail = invitations.find((m) => m.text?.includes(`Kính gửi: ${agency}\n`));
    if (!mail) throw new Error(`no invitation for ${agency}`);
    return new URL(linkIn(mail.text!)).pathname;
  };
}

/**
 * The CSRF token of the agency page's form, its first field (multipart). Once the agency has
 * submitted, the form is shown only when asked for (?revise=1); before, that is the page itself.
 */
export async function agencyCsrf(t: TestApp, agent: ReturnType<typeof request.agent>, path: string): Promise<string> {
  const page = await agent.get(`${path}?revise=1`).expect(200);
  void t;
  return csrfFrom(page.text);
}

/** Clause ids of the demo draft by label, as the form names its boxes (c_<id>, p_<id>). */
export async function clauseIds(t: TestApp, consultationId: number) {
  const draft = (await t.deps.services.drafts.latestDraft(consultationId))!;
  return (label: string): number => {
    const clause = draft.flat.find((c) => c.label === label);
    if (!clause) throw new Error(`no clause ${label}`);
    return clause.id;
  };
}

export const receiptsTo = (smtp: TestSmtpServer, address: string): ParsedMail[] =>
  smtp.received.filter((m) => m.subject?.startsWith('Biên nhận') && JSON.stringify(m.to).includes(address));
