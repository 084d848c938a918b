import { hashToken, newSecretToken } from '../auth/tokens';
import type { Clock } from '../clock';
import type { Consultation } from '../db/tables';
import type { ConsultationMailData, MailTemplates, ReceiptMailData, RenderedMail, SubmissionNoticeData } from '../mail/templates';
import { closesAt, daysLeft } from '../time';
import type { Repositories } from '../repositories';

export type MailConsultation = Pick<
  Consultation,
  | 'id' | 'number' | 'letter_date' | 'subject' | 'deadline_at' | 'closed_at' | 'deadline_rule' | 'contact_name' | 'contact_phone' | 'contact_email'
  | 'signer_prefix' | 'signer_authority' | 'signer_title' | 'signer_name'
> & { office_name: string };

export const personalLink = (baseUrl: string, token: string): string => `${baseUrl}/invite/${token}`;

function signerOf(c: MailConsultation): string | null {
  const lines = [[c.signer_prefix, c.signer_authority].filter(Boolean).join(' '), c.signer_title, c.signer_name].filter((l): l is string => Boolean(l));
  return lines.length ? lines.join('\n') : null;
}

/**
 * Personal links and the mail that carries them. Each mail gets its own token (only its hash is
 * kept), so a reminder can hold a working link without the portal ever storing one.
 * Every function takes the repositories of the caller's unit of work: the outbox rows commit with the
 * change that caused them.
 */
export function createInvitationsService(deps: { templates: MailTemplates; clock: Clock; baseUrl: string }) {
  const { templates, clock, baseUrl } = deps;

  const facts = (c: MailConsultation, agencyName: string, link: string | null): ConsultationMailData => ({
    letterNumber: c.number,
    letterDate: c.letter_date,
    subject: c.subject,
    officeName: c.office_name,
    deadlineAt: c.deadline_at,
    deadlineRule: c.deadline_rule,
    agencyName,
    link,
    contactName: c.contact_name,
    contactPhone: c.contact_phone,
    contactEmail: c.contact_email,
    signer: signerOf(c),
  });

  /**
   * A mail to the agency itself, the only kind that carries a personal link: a fresh one each time,
   * never for a revoked invitation (a receipt for one goes out without a link; nothing else does).
   */
  async function mailTo(
    r: Repositories,
    c: MailConsultation,
    invitation: { id: number; agencyId: number; agencyName: string },
    template: 'invitation' | 'reminder' | 'deadline_changed' | 'receipt',
    render: (data: ConsultationMailData) => RenderedMail,
  ): Promise<boolean> {
    const revoked = (await r.invitations.findInConsultation(c.id, invitation.id))?.revoked_at != null;
    if (revoked && template !== 'receipt') return false;
    const emails = (await r.invitations.agencyEmails([invitation.agencyId])).map((e) => e.email);
    if (emails.length === 0) return false;
    let link: string | null = null;
    if (!revoked) {
      const token = newSecretToken();
      await r.invitations.addToken(invitation.id, hashToken(token), clock.now().toISOString());
      link = personalLink(baseUrl, token);
    }
    const mail = render(facts(c, invitation.agencyName, link));
    await r.outbox.enqueue({ template, to: emails.join(', '), subject: mail.subject, text: mail.text, html: mail.html, consultationId: c.id, invitationId: invitation.id });
    return true;
  }

  return {
    /** The invitation as an agency would get it, for the office to read before publishing: nothing is written, no token made. */
    previewInvitation(c: MailConsultation, agencyName: string, linkPlaceholder: string): RenderedMail {
      return templates.renderInvitation(facts(c, agencyName, linkPlaceholder));
    },

    /** The notice of a changed cut-off as an agency would get it, for the office to read first. */
    previewDeadlineChanged(c: MailConsultation, previous: { deadlineAt: string; deadlineRule: Consultation['deadline_rule'] }, agencyName: string, linkPlaceholder: string): RenderedMail {
      return templates.renderDeadlineChanged({ ...facts(c, agencyName, linkPlaceholder), previousDeadlineAt: previous.deadlineAt, previousDeadlineRule: previous.deadlineRule });
    },

    /** Invites agencies (publishing, or a recipient added later): an invitation and its mail each. */
    async invite(r: Repositories, c: MailConsultation, agencies: { id: number; name: string }[]): Promise<number> {
      let sent = 0;
      const at = clock.now().toISOString();
      for (const agency of agencies) {
        const id = await r.invitations.ensure(c.id, agency.id, at);
        if (await mailTo(r, c, { id, agencyId: agency.id, agencyName: agency.name }, 'invitation', templates.renderInvitation)) {
          await r.invitations.markSent(id, at);
          sent++;
        }
      }
      return sent;
    },

    /** "Gửi lại": a new link by mail; the earlier links keep working unless revoked. */
    async resend(r: Repositories, c: MailConsultation, invitation: { id: number; agencyId: number; agencyName: string }): Promise<boolean> {
      await r.invitations.ensure(c.id, invitation.agencyId, clock.now().toISOString());
      return mailTo(r, c, invitation, 'invitation', templates.renderInvitation);
    },

    async revoke(r: Repositories, invitationId: number): Promise<void> {
      await r.invitations.revoke(invitationId, clock.now().toISOString());
    },

    /** Reminds the agencies that have not submitted; returns how many were reminded. */
    async remind(r: Repositories, c: MailConsultation, pending: { id: number; agencyId: number; agencyName: string }[]): Promise<number> {
      const left = daysLeft(closesAt(c), clock.now());
      let n = 0;
      for (const invitation of pending) {
        if (await mailTo(r, c, invitation, 'reminder', (d) => templates.renderReminder({ ...d, daysLeft: left }))) n++;
      }
      await r.invitations.markReminded(pending.map((p) => p.id), clock.now().toISOString());
      return n;
    },

    /**
     * The receipt of a submission, to the agency; the office's contact person is told in a message of
     * its own — who, when, the receipt, how many comments, the office's page of the reply — without the
     * agency's link (with it, anyone at the office could reply as the agency).
     */
    async sendReceipt(
      r: Repositories,
      c: MailConsultation,
      invitation: { id: number; agencyId: number; agencyName: string },
      receipt: Omit<ReceiptMailData, keyof ConsultationMailData> & Pick<SubmissionNoticeData, 'comments' | 'agreeWithoutComments'>,
    ): Promise<boolean> {
      const sent = await mailTo(r, c, invitation, 'receipt', (d) => templates.renderReceipt({ ...d, ...receipt }));
      const contact = c.contact_email?.trim();
      if (contact) {
        const officeLink = `${baseUrl}/office/consultations/${c.id}/invitations/${invitation.id}`;
        const notice = templates.renderSubmissionNotice({ ...facts(c, invitation.agencyName, null), ...receipt, link: null, officeLink });
        await r.outbox.enqueue({ template: 'submission_notice', to: contact, subject: notice.subject, text: notice.text, html: notice.html, consultationId: c.id, invitationId: invitation.id });
      }
      return sent;
    },

    async announceDeadline(
      r: Repositories,
      c: MailConsultation,
      previous: { deadlineAt: string; deadlineRule: Consultation['deadline_rule'] },
      pending: { id: number; agencyId: number; agencyName: string }[],
    ): Promise<number> {
      let n = 0;
      for (const invitation of pending) {
        const render = (d: ConsultationMailData) =>
          templates.renderDeadlineChanged({ ...d, previousDeadlineAt: previous.deadlineAt, previousDeadlineRule: previous.deadlineRule });
        if (await mailTo(r, c, invitation, 'deadline_changed', render)) n++;
      }
      return n;
    },
  };
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;
