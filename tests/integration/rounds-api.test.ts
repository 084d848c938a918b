import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { createMailbox } from '../helpers/mailbox';
import { DEMO_OFFICE } from '../helpers/office';
import { addStaff } from '../helpers/staff';
import { day } from '../helpers/days';
import { seedLan2Text } from '../fixtures/seed-lan-2';

// The seed case from lần 1 to lần 2 through the officer API: the demo consultation (published)
// is followed by a round whose draft is the seed edited as tests/fixtures/seed-lan-2.ts says.
describe('a follow-up round through the API', () => {
  let t: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeEach(async () => {
    t = await startTestApp({ transport: createMailbox().transport });
    await addStaff(t, 'api@gialai.example', { office: DEMO_OFFICE });
    token = await t.deps.services.auth.createApiToken('api@gialai.example');
  });
  afterEach(() => t.close());

  const followUp = (id: number, fields: Record<string, string> = { number: '700/STTTT-BCVT', letterDate: day(0), deadline: day(10) }, draft = Buffer.from(seedLan2Text())) => {
    const req = request(t.app).post(`/api/v1/consultations/${id}/follow-up`).set(auth());
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.attach('draft', draft, 'du-thao-lan-2.txt');
  };

  it('when the office starts lần 2 then it is round 2, a draft keeping the letter and recipients, matched clause by clause to lần 1', async () => {
    const res = await followUp(t.demoId!).expect(201);
    expect(res.body).toMatchObject({ round: 2, changes: { modified: 2, added: 3, removed: 1, moved: 1 } });
    expect(res.body.changes.unchanged).toBeGreaterThan(20);
    expect(res.body.changes.renumbered).toBeGreaterThan(20);

    const created = await request(t.app).get(`/api/v1/consultations/${res.body.id}`).set(auth());
    // A draft is not public: the public API does not know it.
    expect(created.status).toBe(404);
    const rounds = await t.deps.services.rounds.rounds(res.body.id, { publicOnly: false });
    expect(rounds.map((r) => [r.id, r.round, r.draft_version])).toEqual([[t.demoId, 1, 1], [res.body.id, 2, 2]]);
    const [before, after] = await Promise.all([t.repos.consultations.recipientLines(t.demoId!), t.repos.consultations.recipientLines(res.body.id)]);
    expect(after.map((l) => [l.label, l.agency_id, l.group_id])).toEqual(before.map((l) => [l.label, l.agency_id, l.group_id]));
    const copy = (await t.repos.office.ownedBy(1, res.body.id)) ?? (await t.deps.db.selectFrom('consultations').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow());
    const original = await t.deps.db.selectFrom('consultations').selectAll().where('id', '=', t.demoId!).executeTakeFirstOrThrow();
    expect(copy).toMatchObject({ number: '700/STTTT-BCVT', subject: original.subject, contact_email: original.contact_email, signer_name: original.signer_name, status: 'draft', previous_round_id: t.demoId, first_round_id: t.demoId, round: 2 });

    const changes = await request(t.app).get(`/api/v1/consultations/${res.body.id}/changes`).set(auth()).expect(200);
    expect(changes.body).toMatchObject({ from: { consultationId: t.demoId, round: 1, version: 1 }, to: { consultationId: res.body.id, round: 2, version: 2 } });
    const removed = changes.body.clauses.filter((c: { change: string }) => c.change === 'removed');
    expect(removed).toEqual([expect.objectContaining({ before: expect.objectContaining({ label: '9.2.' }), after: null })]);
    const renumbered = changes.body.clauses.find((c: { renumbered: boolean; before: { label: string } }) => c.renumbered && c.before.label === '2.');
    expect(renumbered).toMatchObject({ change: 'unchanged', after: { label: '3.' } });
  });

  it('when the comparison is not yet published then only the office sees it; a correction is judged again, and refused once published', async () => {
    const { body } = await followUp(t.demoId!).expect(201);
    await request(t.app).get(`/api/v1/consultations/${body.id}/changes`).expect(404);
    const { body: changes } = await request(t.app).get(`/api/v1/consultations/${body.id}/changes`).set(auth()).expect(200);
    const modified = changes.clauses.find((c: { change: string; before: { label: string } | null }) => c.change === 'modified' && c.before?.label === '1.2.');
    // The officer says 1.2. of lần 2 is a new clause, not the old 1.2. rewritten.
    const corrected = await request(t.app).patch(`/api/v1/consultations/${body.id}/changes`).set(auth()).send({ pairs: [{ before: null, after: modified.after.id }] }).expect(200);
    expect(corrected.body.clauses.filter((c: { after: { id: number } | null }) => c.after?.id === modified.after.id)).toEqual([expect.objectContaining({ change: 'added', corrected: true, before: null })]);
    expect(corrected.body.clauses.filter((c: { before: { id: number } | null }) => c.before?.id === modified.before.id)).toEqual([expect.objectContaining({ change: 'removed', corrected: false, after: null })]);
    expect(corrected.body.counts.removed).toBe(2);

    const bad = await request(t.app).patch(`/api/v1/consultations/${body.id}/changes`).set(auth()).send({ pairs: [{ before: 999999, after: modified.after.id }] }).expect(400);
    expect(bad.body.error).toBe('Mục được chọn không thuộc hai bản dự thảo đang đối chiếu.');
    await request(t.app).patch(`/api/v1/consultations/${body.id}/changes`).set(auth()).send({ pairs: 'all' }).expect(400);

    // Nothing of a draft's comparison is kept; a published one is, since it can no longer change.
    expect(t.deps.caches.publishedComparisons.has(body.id)).toBe(false);
    await request(t.app).post(`/api/v1/consultations/${body.id}/publish`).set(auth()).expect(200);
    const published = await request(t.app).get(`/api/v1/consultations/${body.id}/changes`).expect(200);
    expect(published.body.counts).toEqual(corrected.body.counts);
    expect(t.deps.caches.publishedComparisons.has(body.id)).toBe(true);
    const late = await request(t.app).patch(`/api/v1/consultations/${body.id}/changes`).set(auth()).send({ pairs: [{ before: modified.before.id, after: modified.after.id }] }).expect(409);
    expect(late.body.error).toBe('Đợt đã công bố: không sửa được đối chiếu nữa.');
  });

  it('when a round already has a follow-up, or the round is itself a draft, or a field is missing, then it is refused with the reason', async () => {
    const missing = await followUp(t.demoId!, { letterDate: day(0), deadline: day(10) }).expect(400);
    expect(Object.keys(missing.body.fields)).toEqual(['number']);
    const { body } = await followUp(t.demoId!).expect(201);
    const again = await followUp(t.demoId!).expect(409);
    expect(again.body.error).toContain('đã có đợt tiếp theo');
    const fromDraft = await followUp(body.id).expect(409);
    expect(fromDraft.body.error).toBe('Chỉ tạo được đợt tiếp theo từ một đợt đã công bố.');
    expect(await t.deps.db.selectFrom('consultations').select('id').execute()).toHaveLength(2);
  });

  it("when another office's officer asks then the consultation is not found", async () => {
    await addStaff(t, 'khac@kontum.example', { office: 'Sở Thông tin và Truyền thông tỉnh Kon Tum' });
    const other = await t.deps.services.auth.createApiToken('khac@kontum.example');
    await request(t.app).post(`/api/v1/consultations/${t.demoId}/follow-up`).set({ Authorization: `Bearer ${other}` }).field('number', '1/X').attach('draft', Buffer.from(seedLan2Text()), 'x.txt').expect(404);
    await request(t.app).get(`/api/v1/consultations/${t.demoId}/changes`).set({ Authorization: `Bearer ${other}` }).expect(404);
  });
});
