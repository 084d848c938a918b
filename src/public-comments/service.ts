import { hashToken, newSecretToken, SECRET_TOKEN_RE } from '../auth/tokens';
import type { Caches } from '../caches';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { clauseName } from '../consultations/present';
import type { PublicCommentsMode } from '../db/tables';
import type { ClauseView, DraftView, DraftsService } from '../drafts/service';
import { Conflict, Gone, Invalid, NotFound, TryLater } from '../errors';
import type { Lang } from '../i18n';
import { renderPublicCommentConfirm } from '../mail/templates';
import type { Uow } from '../repositories';
import { isPastDeadline } from '../time';
import { flagsOf, storeFlags } from './flags';
import { addressKeyOf, emailKeyOf } from './sender-keys';
import type { GroupCommit } from './group-commit';

export interface PublicCommentInput {
  clauseId: number | null;
  name: string;
  email: string;
  organisation: string | null;
  text: string;
  showName: boolean;
}

/** A citizen signed in with the OpenID Connect provider: their address is known, so no mail is needed. */
export interface Citizen {
  iss: string;
  sub: string;
  name: string;
  email: string;
}

/** Who sends: the client's address (as the proxies in front saw it), their language, and their sign-in if any. */
export interface Sender {
  address: string;
  lang: Lang;
  citizen: Citizen | null;
}

export type IntakeStatus = 'awaiting_confirmation' | 'pending' | 'published';

const HOUR_MS = 60 * 60 * 1000;
/** Comments from one address waiting for a transaction at once, past which it is asked to slow down. */
const MAX_WAITING_PER_ADDRESS = 4;
/** A kept page of the public list shows this many. */
export const PUBLIC_PAGE_SIZE = 50;

/** Whole minutes until `at`, at least one: what a refusal tells the visitor to wait. */
const minutesUntil = (at: string, now: Date) => Math.max(1, Math.ceil((new Date(at).getTime() - now.getTime()) / 60_000));

/**
 * Comments from anyone on a consultation the office opened to the public: taken in group commits
 * (each acknowledged once durable), confirmed from a mailed link or by sign-in, listed once published.
 */
export function createPublicCommentsService(deps: {
  uow: Uow;
  clock: Clock;
  drafts: DraftsService;
  caches: Pick<Caches, 'clauseIds'>;
  limits: Config['publicComments'];
  baseUrl: string;
  intake: GroupCommit;
  deliverNow: () => void;
}) {
  const { uow, clock, limits, intake } = deps;

  /** The consultation, if it takes public comments now; otherwise the refusal. */
  async function openConsultation(consultationId: number) {
    const c = await uow.read((r) => r.consultations.findPublished(consultationId));
    if (!c) throw new NotFound('consultation.not_found');
    if (c.public_comments === 'off') throw new Conflict({ _form: { key: 'public.not_open' } });
    if (c.status !== 'open' || isPastDeadline(c, clock.now())) throw new Conflict({ _form: { key: 'public.closed' } });
    return c;
  }

  type OpenConsultation = Awaited<ReturnType<typeof openConsultation>>;

  function clauseOf(draft: DraftView | null, clauseId: number | null) {
    if (clauseId === null) return null;
    let ids = deps.caches.clauseIds.get(draft?.id ?? -1);
    if (draft && !ids) deps.caches.clauseIds.set(draft.id, (ids = new Set(draft.flat.map((k) => k.id))));
    const clause = ids?.has(clauseId) ? draft!.flat.find((k) => k.id === clauseId) : undefined;
    if (!clause) throw new Invalid({ clauseId: { key: 'public.clause_unknown' } });
    return clause;
  }

  const addressKey = (address: string) => `public-comment:address:${addressKeyOf(address)}`;
  // Comments from one address waiting for their transaction: a burst counts at once, not when its first batch commits.
  const waiting = new Map<string, number>();

  /** Takes a comment whose consultation, clause and address were checked: one job of the next group commit. */
  async function take(c: OpenConsultation, clause: ClauseView | null, input: PublicCommentInput, sender: Sender, key: string, now: Date): Promise<{ status: IntakeStatus; id: number }> {
    const consultationId = c.id;
    const nowIso = now.toISOString();
    const citizen = sender.citizen;
    const email = citizen ? citizen.email : input.email.trim();
    const emailKey = emailKeyOf(email);
    const name = citizen ? citizen.name : input.name;
    const status: IntakeStatus = citizen ? (c.public_comments === 'after_moderation' ? 'published' : 'pending') : 'awaiting_confirmation';
    const token = citizen ? null : newSecretToken();
    const expiresAt = new Date(now.getTime() + limits.confirmMs).toISOString();
    const flags = flagsOf(input.text, name, input.organisation);
    const mail = token
      ? renderPublicCommentConfirm({
          name,
          subject: c.draft_title ?? c.subject,
          officeName: c.office_name,
          on: clause ? clauseName(clause) : 'Toàn bộ dự thảo',
          text: input.text,
          lang: sender.lang,
          link: `${deps.baseUrl}/public-comments/confirm/${token}`,
          expiresAt,
        })
      : null;
    const resetAt = new Date(now.getTime() + HOUR_MS).toISOString();

    const id = await intake.run(async (r) => {
      const byAddress = await r.rateLimits.increment(key, nowIso, resetAt);
      if (byAddress.hits > limits.perAddressHour) {
        throw new TryLater({ _form: { key: 'public.too_many_address', vars: { minutes: minutesUntil(byAddress.resetAt, now) } } }, Math.ceil((new Date(byAddress.resetAt).getTime() - now.getTime()) / 1000));
      }
      const byEmail = await r.rateLimits.increment(`public-comment:email:${emailKey}`, nowIso, resetAt);
      if (byEmail.hits > limits.perEmailHour) {
        throw new TryLater({ email: { key: 'public.too_many_email', vars: { minutes: minutesUntil(byEmail.resetAt, now) } } }, Math.ceil((new Date(byEmail.resetAt).getTime() - now.getTime()) / 1000));
      }
      if ((await r.publicComments.countForAuthor(consultationId, emailKey, nowIso)) >= limits.perEmailConsultation) {
        throw new Conflict({ email: { key: 'public.cap_reached', vars: { n: limits.perEmailConsultation } } });
      }
      const [inserted] = await r.publicComments.insertMany([
        {
          consultation_id: consultationId,
          clause_id: input.clauseId,
          name,
          email,
          email_key: emailKey,
          organisation: input.organisation,
          text: input.text,
          show_name: input.showName ? 1 : 0,
          lang: sender.lang,
          state: citizen ? (status as 'pending' | 'published') : 'unconfirmed',
          via: citizen ? 'oidc' : 'mail',
          confirm_token_hash: token ? hashToken(token) : null,
          expires_at: token ? expiresAt : null,
          flags: storeFlags(flags),
          created_at: nowIso,
          confirmed_at: citizen ? nowIso : null,
          published_at: status === 'published' ? nowIso : null,
        },
      ]);
      if (mail) await r.outbox.enqueue({ template: 'public_comment_confirm', to: email, subject: mail.subject, text: mail.text, html: mail.html });
      if (status === 'published') await r.changes.bumpPublicPages();
      return inserted!;
    });
    if (mail) deps.deliverNow();
    return { status, id };
  }

  return {
    /** Whether and how the consultation takes public comments, and the draft to comment on; refuses as `openConsultation` does. */
    async form(consultationId: number) {
      const c = await openConsultation(consultationId);
      const draft = await deps.drafts.publishedDraft(consultationId);
      return { consultation: c, draft, mode: c.public_comments as Exclude<PublicCommentsMode, 'off'>, namesShown: c.public_names === 1 };
    },

    /**
     * Takes a comment. It is committed (durably, in a group commit) before this resolves; the
     * limits are counted in the same transaction, so every instance on the database counts together.
     */
    async submit(consultationId: number, input: PublicCommentInput, sender: Sender): Promise<{ status: IntakeStatus; id: number }> {
      const c = await openConsultation(consultationId);
      const draft = await deps.drafts.publishedDraft(consultationId);
      const clause = clauseOf(draft, input.clauseId);
      const now = clock.now();
      const nowIso = now.toISOString();
      // A flood from one address is refused before it waits for a transaction.
      const key = addressKey(sender.address);
      const inFlight = waiting.get(key) ?? 0;
      if (inFlight >= MAX_WAITING_PER_ADDRESS) throw new TryLater({ _form: { key: 'public.slow_down' } }, 1);
      waiting.set(key, inFlight + 1);
      try {
        const seen = await uow.read((r) => r.rateLimits.find(key, nowIso));
        if (seen && seen.hits + inFlight >= limits.perAddressHour) {
          throw new TryLater({ _form: { key: 'public.too_many_address', vars: { minutes: minutesUntil(seen.resetAt, now) } } }, Math.ceil((new Date(seen.resetAt).getTime() - now.getTime()) / 1000));
        }
        return await take(c, clause, input, sender, key, now);
      } finally {
        const left = (waiting.get(key) ?? 1) - 1;
        if (left > 0) waiting.set(key, left);
        else waiting.delete(key);
      }
    },

    /** The consultation a confirmation link is for, for the page with its button; refuses a wrong, used or expired link. */
    async confirmable(token: string): Promise<{ consultationId: number; confirmed: boolean }> {
      const row = SECRET_TOKEN_RE.test(token) ? await uow.read((r) => r.publicComments.byTokenHash(hashToken(token))) : undefined;
      if (!row) throw new NotFound({ _form: { key: 'public.link_invalid' } });
      if (row.state === 'unconfirmed' && row.expires_at !== null && row.expires_at <= clock.now().toISOString()) throw new Gone({ _form: { key: 'public.link_expired' } });
      return { consultationId: row.consultation_id, confirmed: row.state !== 'unconfirmed' };
    },

    /**
     * Makes the comment count: pending for moderation, or published at once when the office moderates
     * after publishing. Durable before it answers, in the same group commits as new comments.
     */
    async confirm(token: string): Promise<{ consultationId: number; status: 'pending' | 'published' }> {
      const hash = SECRET_TOKEN_RE.test(token) ? hashToken(token) : null;
      if (!hash) throw new NotFound({ _form: { key: 'public.link_invalid' } });
      const nowIso = clock.now().toISOString();
      return intake.run(async (r) => {
        const row = await r.publicComments.byTokenHash(hash);
        if (!row || row.state !== 'unconfirmed') throw new NotFound({ _form: { key: 'public.link_invalid' } });
        if (row.expires_at !== null && row.expires_at <= nowIso) throw new Gone({ _form: { key: 'public.link_expired' } });
        const status = row.mode === 'after_moderation' ? 'published' : 'pending';
        await r.publicComments.confirm(row.id, status, nowIso);
        if (status === 'published') await r.changes.bumpPublicPages();
        return { consultationId: row.consultation_id, status };
      });
    },

    /**
     * Published comments, newest first, with names only where both the office and the commenter allow;
     * never an e-mail address. Each carries the office's answer once the report is published: until
     * then the answer is the office's own.
     */
    async published(consultationId: number, page: { limit: number; offset: number }) {
      const c = await uow.read((r) => r.consultations.findPublished(consultationId));
      if (!c) throw new NotFound('consultation.not_found');
      const [rows, total] = await uow.read((r) => Promise.all([r.publicComments.published(consultationId, page.limit, page.offset), r.publicComments.countInState(consultationId, 'published')]));
      const namesShown = c.public_names === 1;
      const answersShown = c.status === 'report_published';
      const draft = await deps.drafts.publishedDraft(consultationId);
      const clauses = new Map((draft?.flat ?? []).map((k) => [k.id, k]));
      const clauseOfRow = (id: number | null) => {
        const k = id === null ? undefined : clauses.get(id);
        return k ? { anchor: k.anchor, name: clauseName(k) } : null;
      };
      return {
        consultation: c,
        mode: c.public_comments,
        total,
        items: rows.map((p) => ({
          id: p.id,
          clauseId: p.clause_id,
          clause: clauseOfRow(p.clause_id),
          text: p.text,
          name: namesShown && p.show_name === 1 ? p.name : null,
          organisation: namesShown && p.show_name === 1 ? p.organisation : null,
          publishedAt: p.published_at!,
          answer: answersShown && p.decision ? { decision: p.decision, explanation: p.explanation } : null,
        })),
      };
    },

    /** Drops comments whose confirmation link ran out; returns how many. */
    purgeExpired: () => uow.write((r) => r.publicComments.deleteExpired(clock.now().toISOString())),
  };
}

export type PublicCommentsService = ReturnType<typeof createPublicCommentsService>;
export type PublishedPublicComment = Awaited<ReturnType<PublicCommentsService['published']>>['items'][number];
