import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { DEMO_OFFICE } from '../helpers/office';
import { confirmedComment, pendingComments, unconfirmedComment } from '../helpers/public-comments';
import { addStaff, signIn } from '../helpers/staff';

const HOSTILE_NAME = '<script>alert(1)</script> Lê <img src=x onerror=alert(1)>';
const HOSTILE_TEXT = 'Góp ý <script>alert(1)</script> và <img src=x onerror=alert(1)> xem <a href="javascript:alert(1)">tại đây</a> javascript:alert(1)';
/** What must never appear as markup in a page or a mail that shows the comment. */
const RAW = ['<script', '<img', 'href="javascript:'];
const html = (s: string) => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&#34;').replace(/'/gu, '&#39;');
const noMarkup = (where: string, text: string) => {
  for (const raw of RAW) expect([where, raw, text.includes(raw)]).toEqual([where, raw, false]);
  expect([where, /<[^>]*onerror=/u.test(text)]).toEqual([where, false]);
};

describe('moderating public comments from the office pages', () => {
  let t: TestApp;
  let box: TestMailbox;
  let officer: Awaited<ReturnType<typeof signIn>>;
  const queue = (status = 'pending', extra = '') => `/office/consultations/${t.demoId}/public-comments?status=${status}${extra}`;
  const action = () => `/office/consultations/${t.demoId}/public-comments/moderation`;
  const stateOf = async (id: number) => (await t.deps.db.selectFrom('public_comments').select(['state', 'reason', 'reason_note']).where('id', '=', id).executeTakeFirstOrThrow());
  let csrf: string;
  const decide = (fields: Record<string, string | string[]>, status = 'pending') => officer.post(action()).type('form').send({ _csrf: csrf, status, ...fields });

  beforeEach(async () => {
    box = createMailbox();
    t = await startTestApp({ transport: box.transport });
    await addStaff(t, 'kiemduyet@gialai.example', { office: DEMO_OFFICE, name: 'Phạm Kiểm Duyệt' });
    officer = await signIn(t.app, 'kiemduyet@gialai.example');
    csrf = await officer.csrf('/office');
  });
  afterEach(() => t.close());

  it('when comments are confirmed then the queue lists them oldest first with their flags, address and counts, and never an unconfirmed one', async () => {
    const first = await confirmedComment(t, box, { name: 'Nguyễn Văn An', email: 'an@example.vn', text: 'Đề nghị bổ sung thời hạn báo cáo.', showName: true });
    const second = await confirmedComment(t, box, { name: 'Trần Thị Bình', email: 'binh@example.vn', text: 'Xem thêm tại www.example.vn, đồ ngu.' });
    await unconfirmedComment(t, { name: 'Chưa Xác Nhận', email: 'chua@example.vn', text: 'Ý kiến chưa xác nhận.' });

    const page = await officer.get(queue()).expect(200);
    expect(page.text).toContain('Nguyễn Văn An');
    expect(page.text).toContain('an@example.vn');
    expect(page.text.indexOf(`pick-${first}`)).toBeLessThan(page.text.indexOf(`pick-${second}`));
    expect(page.text).toContain('Có từ ngữ cần xem');
    expect(page.text).toContain('Có đường liên kết');
    expect(page.text).toContain('Chờ duyệt <span class="count">(2)</span>');
    expect(page.text).toContain(`<label for="pick-${first}"><span class="visually-hidden">Chọn ý kiến số ${first} của Nguyễn Văn An</span>`);
    expect(page.text).not.toContain('Chưa Xác Nhận');
    // The office's page of the consultation links here.
    expect((await officer.get(`/office/consultations/${t.demoId}`).expect(200)).text).toContain(`/office/consultations/${t.demoId}/public-comments`);
  });

  it('when a comment is published and then hidden then the public sees it only in between, never its address, and the log has both with the reason', async () => {
    const id = await confirmedComment(t, box, { name: 'Nguyễn Văn An', email: 'an@example.vn', text: 'Đề nghị làm rõ mục 1.2.', showName: true });
    const listPage = () => request(t.app).get(`/consultations/${t.demoId}/public-comments`).expect(200);
    const listApi = () => request(t.app).get(`/api/v1/consultations/${t.demoId}/public-comments`).expect(200);
    expect((await listPage()).text).not.toContain('Đề nghị làm rõ mục 1.2.');

    const published = await decide({ ids: String(id), decision: 'publish' }).expect(303);
    expect(published.headers.location).toBe(`/office/consultations/${t.demoId}/public-comments?status=pending&done=publish&n=1`);
    expect((await officer.get(published.headers.location!).expect(200)).text).toContain('Đã đăng 1 ý kiến.');
    expect(await stateOf(id)).toMatchObject({ state: 'published', reason: null });
    for (const text of [(await listPage()).text, (await request(t.app).get(`/consultations/${t.demoId}`).expect(200)).text, JSON.stringify((await listApi()).body)]) {
      expect(text).toContain('Đề nghị làm rõ mục 1.2.');
      expect(text).not.toContain('an@example.vn');
    }

    await decide({ ids: String(id), decision: 'hide', reason: 'personal_data', note: 'Nêu số điện thoại của người khác.' }, 'published').expect(303);
    expect(await stateOf(id)).toEqual({ state: 'hidden', reason: 'personal_data', reason_note: 'Nêu số điện thoại của người khác.' });
    expect((await listPage()).text).not.toContain('Đề nghị làm rõ mục 1.2.');
    expect((await request(t.app).get(`/consultations/${t.demoId}`).expect(200)).text).not.toContain('Đề nghị làm rõ mục 1.2.');
    expect((await listApi()).body).toMatchObject({ total: 0, items: [] });
    expect((await officer.get(queue('hidden')).expect(200)).text).toContain('Lộ thông tin cá nhân của người khác');

    const log = await t.deps.db.selectFrom('audit_log').select(['action', 'details_json', 'actor_id']).where('action', 'like', 'public_comment.%').orderBy('id').execute();
    expect(log.map((l) => [l.action, JSON.parse(l.details_json!)])).toEqual([
      ['public_comment.publish', { ids: [id], reason: null, note: null }],
      ['public_comment.hide', { ids: [id], reason: 'personal_data', note: 'Nêu số điện thoại của người khác.' }],
    ]);
    const trail = (await officer.get(`/office/consultations/${t.demoId}`).expect(200)).text;
    expect(trail).toContain('Đăng 1 ý kiến của tổ chức, cá nhân');
    expect(trail).toContain('Ẩn 1 ý kiến của tổ chức, cá nhân');
    expect(trail).toContain('Lý do: Lộ thông tin cá nhân của người khác');

    // A hiding made by mistake is taken back by publishing again.
    await decide({ ids: String(id), decision: 'publish' }, 'hidden').expect(303);
    expect((await listPage()).text).toContain('Đề nghị làm rõ mục 1.2.');
  });

  it('when a comment is rejected with a reason then its author is mailed the reason and the note, in English too for an English comment, never the moderator', async () => {
    const clause = (await t.deps.services.drafts.publishedDraft(t.demoId!))!.flat.find((k) => k.label === '1.2.')!;
    const vi = await confirmedComment(t, box, { name: 'Nguyễn Văn An', email: 'an@example.vn', text: 'Mua hàng giá rẻ tại cửa hàng chúng tôi.', clauseId: clause.id });
    const en = await confirmedComment(t, box, { name: 'John Smith', email: 'john@example.com', text: 'Buy cheap watches here.' }, 'en');
    await decide({ ids: [String(vi), String(en)], decision: 'reject', reason: 'spam', note: 'Nội dung quảng cáo.' }).expect(303);
    expect(await stateOf(vi)).toEqual({ state: 'rejected', reason: 'spam', reason_note: 'Nội dung quảng cáo.' });
    await t.deps.mail.delivery.deliverNow();
    const to = (email: string) => box.received.filter((m) => JSON.stringify(m.to).includes(email)).at(-1)!;
    const mail = to('an@example.vn');
    expect(mail.subject).toContain('không được đăng');
    expect(mail.text).toContain('Lý do: Quảng cáo, spam');
    expect(mail.text).toContain('Nội dung quảng cáo.');
    expect(mail.text).toContain('Mua hàng giá rẻ');
    expect(mail.text).toContain('1.2.');
    expect(mail.text).not.toContain('Reason:');
    expect(to('john@example.com').text).toContain('Reason: Advertising or spam');
    for (const m of [mail, to('john@example.com')]) {
      expect(`${m.text}${String(m.html)}`).not.toContain('Phạm Kiểm Duyệt');
      expect(`${m.text}${String(m.html)}`).not.toContain('kiemduyet@');
    }
    const log = await t.deps.db.selectFrom('audit_log').select('details_json').where('action', '=', 'public_comment.reject').executeTakeFirstOrThrow();
    expect(JSON.parse(log.details_json!)).toEqual({ ids: [vi, en], reason: 'spam', note: 'Nội dung quảng cáo.' });
    // A rejection is never shown to the public.
    expect((await request(t.app).get(`/consultations/${t.demoId}/public-comments`).expect(200)).text).not.toContain('Mua hàng');
  });

  it('when a decision is refused then the page says why with 400 or 409, keeps the ticked boxes, and changes nothing', async () => {
    const a = await confirmedComment(t, box, { name: 'Nguyễn Văn An', email: 'an@example.vn', text: 'Ý kiến thứ nhất.' });
    const b = await confirmedComment(t, box, { name: 'Trần Thị Bình', email: 'binh@example.vn', text: 'Ý kiến thứ hai.' });

    const noReason = await decide({ ids: [String(a), String(b)], decision: 'reject' }).expect(400);
    expect(noReason.text).toContain('class="error-summary"');
    expect(noReason.text).toContain('Hãy chọn lý do từ chối hoặc ẩn.');
    expect(noReason.text).toContain(`id="pick-${a}" name="ids" value="${a}" checked`);
    expect(noReason.text).toContain(`id="pick-${b}" name="ids" value="${b}" checked`);

    const otherWithoutNote = await decide({ ids: String(a), decision: 'reject', reason: 'other' }).expect(400);
    expect(otherWithoutNote.text).toContain('Hãy ghi rõ lý do khi chọn “Lý do khác”.');
    expect(otherWithoutNote.text).toContain('<option value="other" selected>');
    await decide({ ids: String(a), decision: 'reject', reason: 'because' }).expect(400);
    expect((await decide({ decision: 'publish' }).expect(400)).text).toContain('Hãy chọn ít nhất một ý kiến.');

    // Hiding needs a published comment: the refusal names the one that is not.
    const wrong = await decide({ ids: [String(a), String(b)], decision: 'hide', reason: 'spam' }).expect(409);
    expect(wrong.text).toMatch(new RegExp(`Không ẩn được ý kiến số (${a}|${b})`, 'u'));
    expect(wrong.text).toContain(`id="pick-${a}" name="ids" value="${a}" checked`);
    await decide({ ids: String(a), decision: 'publish' }).expect(303);
    // Rejecting a published comment, or publishing it twice, is refused and the whole batch kept as it was.
    expect((await decide({ ids: [String(a), String(b)], decision: 'reject', reason: 'spam' }).expect(409)).text).toContain(`Không từ chối được ý kiến số ${a} (Nguyễn Văn An)`);
    await decide({ ids: [String(a), String(b)], decision: 'publish' }).expect(409);
    expect((await stateOf(a)).state).toBe('published');
    expect((await stateOf(b)).state).toBe('pending');
    expect(await t.deps.db.selectFrom('audit_log').select('id').where('action', 'like', 'public_comment.%').execute()).toHaveLength(1);
    await t.deps.mail.delivery.deliverNow();
    expect(box.received.filter((m) => String(m.subject).includes('không được đăng'))).toHaveLength(0);
  });

  it('when many comments wait then the page shows fifty at a time, ticks a page at once, and a thousand are published in one decision, not one more', async () => {
    const ids = await pendingComments(t, 1050);
    const first = await officer.get(queue()).expect(200);
    expect(first.text.match(/name="ids"/gu)).toHaveLength(50);
    expect(first.text).toContain('(1.050)');
    const last = await officer.get(queue('pending', '&page=21')).expect(200);
    expect(last.text.match(/name="ids"/gu)).toHaveLength(50);
    expect(last.text).toContain(`pick-${ids.at(-1)}`);

    await decide({ ids: ids.slice(0, 50).map(String), decision: 'publish' }).expect(303);
    expect(await t.repos.publicComments.counts(t.demoId!)).toMatchObject({ pending: 1000, published: 50 });

    const user = (await t.deps.services.auth.apiUser(await t.deps.services.auth.createApiToken('kiemduyet@gialai.example')))!;
    await expect(t.deps.services.moderation.decide(user, t.demoId!, ids.slice(49), 'publish')).rejects.toThrow('form.too_many_items');
    // One of the thousand already published: the whole decision is refused.
    await expect(t.deps.services.moderation.decide(user, t.demoId!, ids.slice(49, 1049), 'publish')).rejects.toThrow('moderation.cannot.publish');
    expect(await t.repos.publicComments.counts(t.demoId!)).toMatchObject({ pending: 1000, published: 50 });
    expect(await t.deps.services.moderation.decide(user, t.demoId!, ids.slice(50), 'publish')).toEqual({ decided: 1000, state: 'published' });
    expect(await t.repos.publicComments.counts(t.demoId!)).toMatchObject({ pending: 0, published: 1050 });
    const log = await t.deps.db.selectFrom('audit_log').select('details_json').where('action', '=', 'public_comment.publish').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(log.details_json!).ids).toHaveLength(1000);
  });

  it("when an officer of another office opens the queue or decides then it is not found, and a published report ends moderation", async () => {
    const id = await confirmedComment(t, box, { name: 'Nguyễn Văn An', email: 'an@example.vn', text: 'Ý kiến.' });
    await addStaff(t, 'khac@tuphap.example', { office: 'Sở Tư pháp tỉnh Gia Lai' });
    const other = await signIn(t.app, 'khac@tuphap.example');
    await other.get(queue()).expect(404);
    const csrf = await other.csrf('/office');
    await other.post(action()).type('form').send({ _csrf: csrf, ids: String(id), decision: 'publish' }).expect(404);
    expect((await stateOf(id)).state).toBe('pending');

    await t.write((db) => db.updateTable('consultations').set({ status: 'report_published' }).where('id', '=', t.demoId!).execute());
    const page = await officer.get(queue()).expect(200);
    expect(page.text).not.toContain('name="decision"');
    const refused = await decide({ ids: String(id), decision: 'publish' }).expect(409);
    expect(refused.text).toContain('Đã công bố báo cáo tổng hợp');
    expect((await stateOf(id)).state).toBe('pending');
  });

  it('when a comment holds markup and a javascript: link then the public page, the list, the queue and the rejection mail show it as text', async () => {
    const shown = await confirmedComment(t, box, { name: HOSTILE_NAME, email: 'hostile@example.vn', text: HOSTILE_TEXT, organisation: '<b>Tổ chức</b>', showName: true });
    const rejected = await confirmedComment(t, box, { name: HOSTILE_NAME, email: 'hostile2@example.vn', text: `Hai: ${HOSTILE_TEXT}` });
    const pending = await officer.get(queue()).expect(200);
    expect(pending.text).toContain(html(HOSTILE_TEXT));
    expect(pending.text).toContain(html(`Chọn ý kiến số ${shown} của ${HOSTILE_NAME}`));
    noMarkup('queue', pending.text);

    await decide({ ids: String(shown), decision: 'publish' }).expect(303);
    await decide({ ids: String(rejected), decision: 'reject', reason: 'other', note: '<script>alert(2)</script> ghi chú' }).expect(303);
    const pages: [string, string][] = [
      ['public page', (await request(t.app).get(`/consultations/${t.demoId}`).expect(200)).text],
      ['public list', (await request(t.app).get(`/consultations/${t.demoId}/public-comments`).expect(200)).text],
      ['queue published', (await officer.get(queue('published')).expect(200)).text],
      ['queue rejected', (await officer.get(queue('rejected')).expect(200)).text],
    ];
    for (const [where, text] of pages) {
      expect([where, text.includes(html(where === 'queue rejected' ? `Hai: ${HOSTILE_TEXT}` : HOSTILE_TEXT))]).toEqual([where, true]);
      noMarkup(where, text);
    }
    expect(pages[0]![1]).toContain(html(HOSTILE_NAME));

    await t.deps.mail.delivery.deliverNow();
    const mail = box.received.filter((m) => JSON.stringify(m.to).includes('hostile2@example.vn')).at(-1)!;
    expect(String(mail.html)).toContain(html(`Hai: ${HOSTILE_TEXT}`));
    expect(String(mail.html)).toContain(html('<script>alert(2)</script> ghi chú'));
    noMarkup('mail', String(mail.html));
    expect(String(mail.html)).not.toMatch(/href="javascript/iu);
  });
});
