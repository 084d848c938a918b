import request from 'supertest';
import type { TestApp } from './app';
import type { TestMailbox } from './mailbox';

const CONFIRM_LINK = /http:\/\/gopy\.test\/public-comments\/confirm\/([A-Za-z0-9_-]{43})/u;

export interface CommentInput {
  name: string;
  email: string;
  text: string;
  clauseId?: number | null;
  organisation?: string | null;
  showName?: boolean;
}

/**
 * A citizen's comment as the public API takes it, confirmed from the link mailed to them (in
 * `lang`); its id. On the demo, which moderates before publishing, it is then pending.
 */
export async function confirmedComment(t: TestApp, box: TestMailbox, input: CommentInput, lang: 'vi' | 'en' = 'vi', consultationId = t.demoId!): Promise<number> {
  await request(t.app).post(`/api/v1/consultations/${consultationId}/public-comments?lang=${lang}`).send(input).expect(202);
  await t.deps.mail.delivery.deliverNow();
  const mail = box.received.filter((m) => JSON.stringify(m.to).includes(input.email)).at(-1);
  const token = CONFIRM_LINK.exec(String(mail?.text))?.[1];
  if (!token) throw new Error(`no confirmation link mailed to ${input.email}`);
  await request(t.app).post('/api/v1/public-comments/confirm').send({ token }).expect(200);
  const row = await t.deps.db.selectFrom('public_comments').select('id').where('email', '=', input.email).orderBy('id', 'desc').executeTakeFirstOrThrow();
  return row.id;
}

/** A comment sent and never confirmed: nobody's yet. */
export async function unconfirmedComment(t: TestApp, input: CommentInput, consultationId = t.demoId!): Promise<void> {
  await request(t.app).post(`/api/v1/consultations/${consultationId}/public-comments`).send(input).expect(202);
}

/** `n` comments already confirmed and waiting for moderation, written straight to the database; their ids. */
export async function pendingComments(t: TestApp, n: number, consultationId = t.demoId!): Promise<number[]> {
  const at = t.clock.now().toISOString();
  return t.repos.publicComments.insertMany(
    Array.from({ length: n }, (_, i) => ({
      consultation_id: consultationId,
      clause_id: null,
      name: `Người góp ý ${i + 1}`,
      email: `nguoi${i + 1}@example.vn`,
      email_key: `nguoi${i + 1}@example.vn`,
      organisation: null,
      text: `Ý kiến số ${i + 1} về dự thảo.`,
      state: 'pending' as const,
      created_at: at,
      confirmed_at: at,
    })),
  );
}
