import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { day } from '../helpers/days';
import { createMailbox } from '../helpers/mailbox';
import { DEMO_OFFICE } from '../helpers/office';
import { addStaff, csrfFrom, signIn } from '../helpers/staff';
import { seedLan2Text } from '../fixtures/seed-lan-2';

// The officer's pages for Dự thảo lần 2, through the real login and CSRF: the button on a
// consultation's page, the follow-up form and its refusals, the review of the comparison and its
// corrections, and another office's officer finding none of it.
describe('the office pages of a follow-up round', () => {
  let t: TestApp;
  let officer: Awaited<ReturnType<typeof signIn>>;
  const OFFICER = 'chuyenvien@rounds.gialai.example';
  const START = 'Tạo đợt lấy ý kiến tiếp theo (Dự thảo lần 2)';

  beforeEach(async () => {
    t = await startTestApp({ transport: createMailbox().transport });
    await addStaff(t, OFFICER, { office: DEMO_OFFICE });
    officer = await signIn(t.app, OFFICER);
  });
  afterEach(() => t.close());

  const countConsultations = async () => (await t.deps.db.selectFrom('consultations').select('id').execute()).length;

  /** Posts the follow-up form as a browser would: the token first, then the fields, then the file. */
  const postFollowUp = async (id: number, fields: Record<string, string> = { number: '700/STTTT-BCVT', letterDate: day(0), deadlineDate: day(10), deadlineRule: 'before_date' }, draft: Buffer | null = Buffer.from(seedLan2Text())) => {
    const csrf = await officer.csrf(`/office/consultations/${id}`);
    const req = officer.post(`/office/consultations/${id}/follow-up`).field('_csrf', csrf);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    if (draft) req.attach('draft', draft, 'du-thao-lan-2.txt');
    return req.then((res) => res);
  };
  const expectStatus = <R extends { status: number; text: string }>(res: R, status: number): R => {
    expect([res.status, res.status === status ? '' : res.text.slice(0, 2000)]).toEqual([status, '']);
    return res;
  };

  const startLan2 = async (): Promise<number> => {
    const res = expectStatus(await postFollowUp(t.demoId!), 303);
    const id = Number(/\/office\/consultations\/(\d+)\?notice=follow_up$/u.exec(res.headers.location!)![1]);
    expect(id).toBeGreaterThan(t.demoId!);
    return id;
  };

  it('when the consultation is published and has no follow-up then its page offers the next round; a draft does not, and a round with one links to it', async () => {
    const open = await officer.get(`/office/consultations/${t.demoId}`).expect(200);
    expect(open.text).toContain(START);
    expect(open.text).toContain(`href="/office/consultations/${t.demoId}/follow-up"`);

    // Report published is still a published round: the next one may start from it.
    await t.deps.db.updateTable('consultations').set({ status: 'report_published', report_published_at: new Date().toISOString() }).where('id', '=', t.demoId!).execute();
    expect((await officer.get(`/office/consultations/${t.demoId}`).expect(200)).text).toContain(START);
    await t.deps.db.updateTable('consultations').set({ status: 'open', report_published_at: null }).where('id', '=', t.demoId!).execute();

    const lan2 = await startLan2();
    const followed = await officer.get(`/office/consultations/${t.demoId}`).expect(200);
    expect(followed.text).not.toContain(START);
    expect(followed.text).toContain(`<a href="/office/consultations/${lan2}">Đợt tiếp theo: Dự thảo lần 2</a>`);
    expect(followed.text).toContain('Các đợt lấy ý kiến của dự thảo này');

    const draft = await officer.get(`/office/consultations/${lan2}?notice=follow_up`).expect(200);
    expect(draft.text).toContain('Đã tạo đợt lấy ý kiến tiếp theo.');
    expect(draft.text).not.toContain('Tạo đợt lấy ý kiến tiếp theo (Dự thảo lần 3)');
    expect(draft.text).not.toContain(`/office/consultations/${lan2}/follow-up`);
    expect(draft.text).toContain(`<a href="/office/consultations/${lan2}/changes">Đối chiếu với Dự thảo lần 1</a>`);
    expect(draft.text).toContain(`<a href="/office/consultations/${t.demoId}">Dự thảo lần 1</a>`);
  });

  it('when the officer fills in the follow-up form then lần 2 is created as round 2, keeping the letter and copying the recipients', async () => {
    const form = await officer.get(`/office/consultations/${t.demoId}/follow-up`).expect(200);
    expect(form.text).toContain('Đợt lấy ý kiến tiếp theo: Dự thảo lần 2');
    expect(form.text).toContain('Giữ từ đợt trước');
    const original = await t.deps.db.selectFrom('consultations').selectAll().where('id', '=', t.demoId!).executeTakeFirstOrThrow();
    expect(form.text).toContain(original.contact_email!);
    expect(form.text).toContain('enctype="multipart/form-data"');

    const lan2 = await startLan2();
    const created = await t.deps.db.selectFrom('consultations').selectAll().where('id', '=', lan2).executeTakeFirstOrThrow();
    expect(created).toMatchObject({ number: '700/STTTT-BCVT', letter_date: day(0), round: 2, status: 'draft', previous_round_id: t.demoId, subject: original.subject, contact_email: original.contact_email, signer_name: original.signer_name, deadline_rule: 'before_date' });
    const [before, after] = await Promise.all([t.repos.consultations.recipientLines(t.demoId!), t.repos.consultations.recipientLines(lan2)]);
    expect(after.map((l) => [l.label, l.agency_id, l.group_id])).toEqual(before.map((l) => [l.label, l.agency_id, l.group_id]));
    expect(after.length).toBeGreaterThan(0);
  });

  it('when a field or the file is missing, or the deadline has passed, then the form comes back 400 with a message at each field, the answers kept, and nothing created', async () => {
    const noNumber = expectStatus(await postFollowUp(t.demoId!, { number: '', letterDate: '21/4/2026', deadlineDate: day(10), deadlineRule: 'by_end_of_date' }), 400);
    expect(noNumber.text).toContain('class="error-summary"');
    expect(noNumber.text).toContain('<a href="#number">');
    expect(noNumber.text).toMatch(/id="number-error"/u);
    expect(noNumber.text).toContain('value="21/4/2026"');
    expect(noNumber.text).toMatch(/id="deadlineRule-by_end_of_date" name="deadlineRule" value="by_end_of_date" checked/u);
    expect(noNumber.text).toContain('Hãy chọn lại tệp dự thảo');

    const noFile = expectStatus(await postFollowUp(t.demoId!, { number: '700/STTTT-BCVT', letterDate: day(0), deadlineDate: day(10), deadlineRule: 'before_date' }, null), 400);
    expect(noFile.text).toContain('<a href="#draft">Hãy chọn tệp dự thảo (DOCX, PDF hoặc TXT).</a>');
    expect(noFile.text).toMatch(/id="draft-error"/u);
    expect(noFile.text).toContain('value="700/STTTT-BCVT"');

    const badDate = expectStatus(await postFollowUp(t.demoId!, { number: '700/STTTT-BCVT', letterDate: '31/02/2026', deadlineDate: '', deadlineRule: 'before_date' }), 400);
    expect(badDate.text).toContain('<a href="#letterDate">');
    expect(badDate.text).toContain('<a href="#deadlineDate">');
    const past = expectStatus(await postFollowUp(t.demoId!, { number: '700/STTTT-BCVT', letterDate: day(0), deadlineDate: day(-1), deadlineRule: 'before_date' }), 400);
    expect(past.text).toContain('<a href="#deadlineDate">');
    expect(past.text).toMatch(/id="deadlineDate-error"/u);
    expect(await countConsultations()).toBe(1);
  });

  it('when the round already has a follow-up, or is itself a draft, then the form says so, 409, and nothing more is created', async () => {
    const lan2 = await startLan2();
    const again = expectStatus(await postFollowUp(t.demoId!), 409);
    expect(again.text).toContain(`Đợt này đã có đợt tiếp theo (số ${lan2}).`);
    expect(again.text).toContain(`<a href="/office/consultations/${lan2}">Đợt tiếp theo: Dự thảo lần 2</a>`);
    const shown = await officer.get(`/office/consultations/${t.demoId}/follow-up`).expect(409);
    expect(shown.text).toContain('Đợt này đã có đợt tiếp theo');
    expect(shown.text).not.toContain('name="draft"');
    const fromDraft = expectStatus(await postFollowUp(lan2), 409);
    expect(fromDraft.text).toContain('Chỉ tạo được đợt tiếp theo từ một đợt đã công bố.');
    expect(await countConsultations()).toBe(2);
  });

  it('when the officer reviews lần 2 then each pair is listed with its change, and a correction through the row form changes the pair', async () => {
    const lan2 = await startLan2();
    const page = await officer.get(`/office/consultations/${lan2}/changes`).expect(200);
    expect(page.text).toContain('Đối chiếu với Dự thảo lần 1');
    for (const badge of ['Sửa đổi', 'Mục mới', 'Đã bỏ', 'Chuyển chỗ', 'Giữ nguyên', 'Đánh số lại']) expect(page.text).toContain(`>${badge}</span>`);
    expect(page.text).toContain('trước là 2.');
    expect(page.text).toContain('— không ghép (mục mới) —');
    expect(page.text).toContain('— không ghép (mục đã bỏ) —');

    const auth = { Authorization: `Bearer ${await t.deps.services.auth.createApiToken(OFFICER)}` };
    const { body: changes } = await request(t.app).get(`/api/v1/consultations/${lan2}/changes`).set(auth).expect(200);
    expect(changes.clauses.length).toBeGreaterThan(20);
    const modified = changes.clauses.find((c: { change: string; before: { label: string } | null }) => c.change === 'modified' && c.before?.label === '1.2.');
    expect(page.text).toContain(`id="row-a${modified.after.id}"`);

    // The officer says 1.2. of lần 2 is a new clause: "— không ghép —" on its row, saved.
    const csrf = csrfFrom(page.text);
    const saved = await officer.post(`/office/consultations/${lan2}/changes`).type('form').send({ _csrf: csrf, after: String(modified.after.id), before: '' }).expect(303);
    expect(saved.headers.location).toBe(`/office/consultations/${lan2}/changes?saved=1#row-a${modified.after.id}`);
    const { body: corrected } = await request(t.app).get(`/api/v1/consultations/${lan2}/changes`).set(auth).expect(200);
    expect(corrected.clauses.filter((c: { after: { id: number } | null }) => c.after?.id === modified.after.id)).toEqual([expect.objectContaining({ change: 'added', corrected: true, before: null })]);
    const after = await officer.get(saved.headers.location!).expect(200);
    expect(after.text).toContain('Đã lưu đối chiếu.');
    expect(after.text).toContain('đã sửa tay');

    // And the removed 1.2. of lần 1 paired back to it from its own row.
    await officer.post(`/office/consultations/${lan2}/changes`).type('form').send({ _csrf: csrf, before: String(modified.before.id), after: String(modified.after.id) }).expect(303);
    const { body: pairedAgain } = await request(t.app).get(`/api/v1/consultations/${lan2}/changes`).set(auth).expect(200);
    expect(pairedAgain.clauses.find((c: { after: { id: number } | null }) => c.after?.id === modified.after.id)).toMatchObject({ change: 'modified', before: { id: modified.before.id } });

    const refused = await officer.post(`/office/consultations/${lan2}/changes`).type('form').send({ _csrf: csrf, before: '999999', after: String(modified.after.id) }).expect(400);
    expect(refused.text).toContain('Mục được chọn không thuộc hai bản dự thảo đang đối chiếu.');
  });

  it('when lần 2 is published then its review is read-only and a correction is refused', async () => {
    const lan2 = await startLan2();
    await t.deps.db.updateTable('consultations').set({ status: 'open', published_at: new Date().toISOString() }).where('id', '=', lan2).execute();
    const page = await officer.get(`/office/consultations/${lan2}/changes`).expect(200);
    expect(page.text).toContain('Đợt này đã công bố: bản đối chiếu chỉ để xem');
    expect(page.text).not.toContain('name="before"');
    const late = await officer.post(`/office/consultations/${lan2}/changes`).type('form').send({ _csrf: csrfFrom(page.text), before: '', after: '1' }).expect(409);
    expect(late.text).toContain('Đợt đã công bố: không sửa được đối chiếu nữa.');
    // A first round has nothing to compare.
    await officer.get(`/office/consultations/${t.demoId}/changes`).expect(404);
  });

  it("when another office's officer asks then every new page and form is not found, and nothing is created", async () => {
    const lan2 = await startLan2();
    await addStaff(t, 'khac@kontum.example', { office: 'Sở Thông tin và Truyền thông tỉnh Kon Tum' });
    const other = await signIn(t.app, 'khac@kontum.example');
    const csrf = await other.csrf('/office');
    for (const id of [t.demoId!, lan2]) {
      await other.get(`/office/consultations/${id}/follow-up`).expect(404);
      await other.get(`/office/consultations/${id}/changes`).expect(404);
      await other.post(`/office/consultations/${id}/changes`).type('form').send({ _csrf: csrf, before: '', after: '1' }).expect(404);
      await other.post(`/office/consultations/${id}/changes`).type('form').send({ _csrf: csrf, before: 'x' }).expect(404);
      await other.post(`/office/consultations/${id}/follow-up`).field('_csrf', csrf).field('number', '1/X').field('letterDate', day(0)).field('deadlineDate', day(9)).attach('draft', Buffer.from(seedLan2Text()), 'x.txt').expect(404);
    }
    expect(await countConsultations()).toBe(2);
  });
});
