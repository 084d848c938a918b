import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { agencyCsrf, clauseIds, demoLinks, receiptsTo } from '../helpers/agency';
import { DEMO_OFFICE, PDF_FIXTURE } from '../helpers/office';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { addStaff, signIn, csrfFrom } from '../helpers/staff';
import { at, compactDay, dmy } from '../helpers/days';

const AFTER_DEADLINE = at(6, '00:00'); // 00:00 of day 6: the demo's "trước ngày" day 6 has closed

describe('an agency replies through its personal link', () => {
  let smtp: TestMailbox;
  let t: TestApp;
  let link: (agency: string) => string;
  let clause: (label: string) => number;

  beforeEach(async () => {
    smtp = createMailbox();
    t = await startTestApp({ transport: smtp.transport });
    link = await demoLinks(t, smtp);
    clause = await clauseIds(t, t.demoId!);
  });
  afterEach(async () => {
    await t.close();
    await smtp.close();
  });

  async function post(agent: ReturnType<typeof request.agent>, path: string, fields: Record<string, string>, file?: { path: string | Buffer; name: string }) {
    const csrf = await agencyCsrf(t, agent, path);
    const req = agent.post(`${path}?_csrf=${encodeURIComponent(csrf)}`);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    if (file) req.attach('letterFile', file.path, file.name);
    return req;
  }

  it('when Công an tỉnh comments on 1.1. and 2.3. with its letter and Tỉnh đoàn agrees, then both get receipts and the office sees it', async () => {
    const police = request.agent(t.app);
    const policeLink = link('Công an tỉnh');
    const page = await police.get(policeLink).expect(200);
    expect(page.text).toContain('Nội dung liên quan đến đơn vị');
    expect(page.text).toMatch(/href="#k-muc-2">2\. Công an tỉnh<\/a>/u);

    const saved = await post(police, policeLink, {
      action: 'save',
      [`c_${clause('1.1.')}`]: 'Đề nghị bổ sung Nghị định 15/2020/NĐ-CP vào căn cứ.',
      [`c_${clause('2.3.')}`]: 'Đề nghị làm rõ đầu mối phối hợp.',
      [`p_${clause('2.3.')}`]: 'Công an tỉnh chủ trì, phối hợp với Sở Thông tin và Truyền thông …',
      letterNumber: '123/CAT-PV05',
      letterDate: dmy(2),
      letterSigner: 'Nguyễn Văn B',
      letterTitle: 'Phó Giám đốc',
      savedBy: 'Trần Văn C',
    }, { path: PDF_FIXTURE, name: 'cong-van-123.pdf' });
    expect(saved.status).toBe(303);
    const afterSave = await police.get(saved.headers.location as string).expect(200);
    expect(afterSave.text).toContain(`Đã lưu bản nháp lúc 10:00 ${dmy(0)}`);
    expect(afterSave.text).toContain('bởi Trần Văn C');
    expect(afterSave.text).toContain('Đề nghị làm rõ đầu mối phối hợp.');
    expect(afterSave.text).toContain('cong-van-123.pdf');

    const submitted = await post(police, policeLink, {
      action: 'submit',
      [`c_${clause('1.1.')}`]: 'Đề nghị bổ sung Nghị định 15/2020/NĐ-CP vào căn cứ.',
      [`c_${clause('2.3.')}`]: 'Đề nghị làm rõ đầu mối phối hợp.',
      [`p_${clause('2.3.')}`]: 'Công an tỉnh chủ trì, phối hợp với Sở Thông tin và Truyền thông …',
      letterNumber: '123/CAT-PV05',
      letterDate: dmy(2),
    });
    expect(submitted.status).toBe(303);
    expect(submitted.headers.location).toMatch(new RegExp(`/receipts/BN-${compactDay(0)}-\\d{6}$`, 'u'));
    const receipt = await police.get(submitted.headers.location as string).expect(200);
    expect(receipt.text).toContain(`10:00 ${dmy(0)}`);
    expect(receipt.text).toContain('Đề nghị bổ sung Nghị định 15/2020/NĐ-CP vào căn cứ.');
    expect(receipt.text).toContain('123/CAT-PV05');

    const youth = request.agent(t.app);
    const agreed = await post(youth, link('Tỉnh đoàn Gia Lai'), { action: 'submit', agree: 'on' });
    expect(agreed.status).toBe(303);

    await t.deps.mail.delivery.deliverDue();
    const policeReceipt = receiptsTo(smtp, 'congan@gialai.example');
    expect(policeReceipt).toHaveLength(1);
    expect(policeReceipt[0]!.text).toContain('2 ý kiến về các mục 1.1., 2.3.');
    const notices = smtp.received.filter((m) => m.subject?.startsWith('Đã nhận ý kiến góp ý của') && JSON.stringify(m.to).includes('nghitnt.stttt@gialai.example'));
    const receiptNumber = /số (BN-\d{8}-\d{6})/u.exec(policeReceipt[0]!.subject!)![1]!;
    expect(notices.map((m) => m.subject)).toContainEqual(expect.stringContaining(`Đã nhận ý kiến góp ý của Công an tỉnh (biên nhận số ${receiptNumber}) – Công văn số 532/STTTT-BCVT`));
    expect(notices.every((m) => !/\/invite\//u.test(m.text ?? ''))).toBe(true);
    expect(receiptsTo(smtp, 'tinhdoan@gialai.example')[0]!.text).toContain('Thống nhất với dự thảo, không có ý kiến khác');

    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    const officer = await signIn(t.app, 'chuyenvien@gialai.example');
    const dashboard = await officer.get(`/office/consultations/${t.demoId}`).expect(200);
    expect(dashboard.text).toContain('2/26 cơ quan đã gửi ý kiến');
    expect(dashboard.text).toContain('Thống nhất, không có ý kiến khác');

    // The officer reads what Công an tỉnh sent; another office cannot.
    const policeInvitation = /href="(\/office\/consultations\/\d+\/invitations\/\d+)">Công an tỉnh<\/a>/u.exec(dashboard.text)![1]!;
    // The agency's letter belongs to its reply, not to the consultation's own files.
    const ownFiles = /<section aria-labelledby="attachments-heading">[\s\S]*?<\/section>/u.exec(dashboard.text)![0];
    expect(ownFiles).not.toContain('cong-van-123.pdf');
    const reply = await officer.get(policeInvitation).expect(200);
    expect(reply.text).toContain('<th scope="col">Mục</th>');
    expect(reply.text).toContain('Đề nghị làm rõ đầu mối phối hợp.');
    expect(reply.text).toContain('123/CAT-PV05');
    const letter = /href="(\/office\/consultations\/\d+\/attachments\/\d+\/[^"]+)"/u.exec(reply.text.slice(reply.text.indexOf('123/CAT-PV05')))![1]!;
    await officer.get(letter).expect(200);
    await addStaff(t, 'khac@tuphap.example', { office: 'Sở Tư pháp tỉnh Gia Lai' });
    const stranger = await signIn(t.app, 'khac@tuphap.example');
    await stranger.get(policeInvitation).expect(404);
  });

  it('when the agency amends before the deadline then every version is kept and the page lists both receipts', async () => {
    const agent = request.agent(t.app);
    const path = link('Công an tỉnh');
    expect((await post(agent, path, { action: 'submit', [`c_${clause('1.1.')}`]: 'Lần đầu.' })).status).toBe(303);
    t.clock.advance(60 * 60 * 1000);
    expect((await post(agent, path, { action: 'submit', [`c_${clause('1.1.')}`]: 'Lần hai, đã sửa.' })).status).toBe(303);
    const rows = await t.deps.db.selectFrom('submissions').select(['revision', 'state']).where('state', '=', 'submitted').orderBy('revision').execute();
    expect(rows.map((r) => r.revision)).toEqual([1, 2]);
    const page = await agent.get(path).expect(200);
    expect(page.text.match(/\/receipts\/BN-/gu)).toHaveLength(3); // the latest one at the top, and both in the list
    expect(page.text).toContain('Lần hai, đã sửa.');
    expect(page.text).toContain('Sửa và gửi lại');
    expect((await agent.get(`${path}?revise=1`).expect(200)).text).toContain('Gửi lại ý kiến (thay lần gửi trước)');
  });

  it('when an agency that has submitted opens its link again then it sees what it sent and its receipt first, and the form only once it asks to revise', async () => {
    const agent = request.agent(t.app);
    const path = link('Công an tỉnh');
    const sent = await post(agent, path, { action: 'submit', [`c_${clause('2.3.')}`]: 'Đề nghị làm rõ đầu mối.', letterNumber: '77/CAT' }, { path: PDF_FIXTURE, name: 'cv-77.pdf' });
    const receiptNumber = /BN-\d{8}-\d{6}/u.exec(sent.headers.location as string)![0];

    const page = await agent.get(path).expect(200);
    const top = page.text.indexOf(`Đã gửi ý kiến lúc 10:00 ${dmy(0)} — biên nhận ${receiptNumber}`);
    expect(top).toBeGreaterThan(0);
    expect(top).toBeLessThan(page.text.indexOf('id="deadline-heading"'));
    expect(page.text).toContain(`href="${path}/receipts/${receiptNumber}">Xem biên nhận đầy đủ ${receiptNumber}</a>`);
    expect(page.text).toContain('1 ý kiến theo mục: 2.3.; Văn bản số 77/CAT');
    expect(page.text).toContain('Đề nghị làm rõ đầu mối.');
    expect(page.text).toMatch(/href="[^"]+\/letters\/\d+\/cv-77\.pdf">Tệp văn bản đã ký: cv-77\.pdf<\/a>/u);
    expect(page.text).not.toContain('<form method="post" action="/invite/');
    expect(page.text).not.toContain('Bản nháp được lưu lúc');
    expect(page.text).toContain(`href="${path}?revise=1#draft-heading">Sửa và gửi lại</a>`);

    // Revising is a step of its own: the form comes back with what was sent, and saving keeps it open.
    const revising = await agent.get(`${path}?revise=1`).expect(200);
    expect(revising.text.indexOf('Đã gửi ý kiến lúc')).toBeLessThan(revising.text.indexOf('<form method="post" action="/invite/'));
    expect(revising.text).toContain('>Đề nghị làm rõ đầu mối.</textarea>');
    expect(revising.text).toContain('Gửi lại ý kiến (thay lần gửi trước)');
    expect(revising.text).toContain(`href="${path}">Thôi sửa, xem lại ý kiến đã gửi</a>`);
    t.clock.advance(30 * 60 * 1000);
    const saved = await post(agent, path, { action: 'save', [`c_${clause('2.3.')}`]: 'Bản sửa chưa gửi.', savedBy: 'Trần Văn C' });
    expect(saved.status).toBe(303);
    expect((await agent.get(saved.headers.location as string).expect(200)).text).toContain('>Bản sửa chưa gửi.</textarea>');
    const back = await agent.get(path).expect(200);
    expect(back.text).toContain(`Có bản nháp sửa đổi chưa gửi, lưu lúc 10:30 ${dmy(0)} bởi Trần Văn C.`);
    expect(back.text).toContain('Đề nghị làm rõ đầu mối.');
    expect(back.text).not.toContain('Bản sửa chưa gửi.');

    // After the deadline: what was sent and its receipt, read-only, even when revising is asked for.
    t.clock.set(AFTER_DEADLINE);
    for (const url of [path, `${path}?revise=1`]) {
      const closed = await agent.get(url).expect(200);
      expect(closed.text).toContain(`biên nhận ${receiptNumber}`);
      expect(closed.text).toContain('Đã hết hạn góp ý: ý kiến đã gửi và biên nhận chỉ còn để xem.');
      expect(closed.text).toContain('Đề nghị làm rõ đầu mối.');
      expect(closed.text).not.toContain('<form method="post" action="/invite/');
      expect(closed.text).not.toContain('Sửa và gửi lại');
    }
    const receipt = await agent.get(`${path}/receipts/${receiptNumber}`).expect(200);
    expect(receipt.text).toContain('<th scope="col">Mục</th>');
    expect(receipt.text).not.toContain('>Nhãn<');
  });

  it('when the deadline has passed under "refuse" then the page is read-only, a submit is refused naming the deadline, and the draft is kept', async () => {
    const agent = request.agent(t.app);
    const path = link('Công an tỉnh');
    expect((await post(agent, path, { action: 'save', [`c_${clause('1.2.')}`]: 'Nháp trước hạn.' })).status).toBe(303);
    const csrf = await agencyCsrf(t, agent, path);
    t.clock.set(AFTER_DEADLINE);
    const page = await agent.get(path).expect(200);
    expect(page.text).toContain('trang chỉ còn để xem');
    expect(page.text).toContain('Nháp trước hạn.');
    expect(page.text).not.toContain('name="action" value="submit"');
    const refused = await agent.post(`${path}?_csrf=${encodeURIComponent(csrf)}`).field('action', 'submit').field(`c_${clause('1.2.')}`, 'Sau hạn.').expect(409);
    expect(refused.text).toContain(`Đã hết hạn góp ý: hạn là trước ngày ${dmy(6)} (hết hạn lúc 00:00 ${dmy(6)}`);
    const draft = await t.deps.db.selectFrom('comments').select('text').execute();
    expect(draft.map((c) => c.text)).toEqual(['Nháp trước hạn.']);
  });

  it('when the deadline has passed under "accept late" then the reply is taken and marked late', async () => {
    await t.deps.db.updateTable('consultations').set({ late_policy: 'accept_late' }).where('id', '=', t.demoId!).execute();
    const agent = request.agent(t.app);
    const path = link('Sở Giáo dục và Đào tạo');
    t.clock.set(AFTER_DEADLINE);
    expect((await agent.get(path).expect(200)).text).toContain('nhận sau hạn');
    const res = await post(agent, path, { action: 'submit', generalComment: 'Ý kiến gửi muộn.' });
    expect(res.status).toBe(303);
    const receipt = await agent.get(res.headers.location as string).expect(200);
    expect(receipt.text).toContain('Nhận sau hạn');
    const row = await t.deps.db.selectFrom('submissions').select('late').where('state', '=', 'submitted').executeTakeFirstOrThrow();
    expect(row.late).toBe(1);
  });

  it("when one agency's link is used then it never shows or changes another agency's reply", async () => {
    const a = request.agent(t.app);
    expect((await post(a, link('Công an tỉnh'), { action: 'save', [`c_${clause('1.1.')}`]: 'Bí mật của Công an tỉnh.' })).status).toBe(303);
    const b = request.agent(t.app);
    const other = await b.get(link('Tỉnh đoàn Gia Lai')).expect(200);
    expect(other.text).not.toContain('Bí mật của Công an tỉnh.');
    expect((await post(b, link('Tỉnh đoàn Gia Lai'), { action: 'save', [`c_${clause('1.1.')}`]: 'Của Tỉnh đoàn.' })).status).toBe(303);
    expect((await a.get(link('Công an tỉnh'))).text).toContain('Bí mật của Công an tỉnh.');
    expect((await a.get(link('Công an tỉnh'))).text).not.toContain('Của Tỉnh đoàn.');
  });

  it('when the input is bad then each case is refused clearly and what was saved stays', async () => {
    const agent = request.agent(t.app);
    const path = link('Công an tỉnh');
    expect((await post(agent, path, { action: 'save', [`c_${clause('1.1.')}`]: 'Đã lưu.' })).status).toBe(303);

    const empty = await post(request.agent(t.app), link('Tỉnh đoàn Gia Lai'), { action: 'submit' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Chưa có ý kiến nào');

    const both = await post(agent, path, { action: 'submit', agree: 'on', [`c_${clause('1.1.')}`]: 'Đã lưu.' });
    expect(both.status).toBe(400);
    expect(both.text).toContain('nhưng vẫn có ý kiến');
    expect(both.text).toContain('>Đã lưu.</textarea>');

    const foreign = await post(agent, path, { action: 'save', c_999999: 'Mục của dự thảo khác.' });
    expect(foreign.status).toBe(400);
    expect(foreign.text).toContain('không thuộc dự thảo');

    const hostile = await post(agent, path, { action: 'save', [`c_${clause('1.1.')}`]: '<script>alert(1)</script>' });
    expect(hostile.status).toBe(303);
    const shown = await agent.get(path).expect(200);
    expect(shown.text).not.toContain('<script>alert(1)</script>');
    expect(shown.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

    const exe = await post(agent, path, { action: 'save' }, { path: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4096)]), name: 'cong-van.pdf' });
    expect(exe.status).toBe(400);
    expect(exe.text).toContain('không phải PDF, DOCX, PNG, JPEG');
    const big = await post(agent, path, { action: 'save', [`c_${clause('1.2.')}`]: 'Ý kiến chưa lưu, phải còn nguyên.' }, { path: Buffer.alloc(25 * 1024 * 1024, 0x25), name: 'cong-van.pdf' });
    expect(big.status).toBe(413);
    expect(big.text).toContain('Tệp quá lớn');
    expect(big.text).toContain('>Ý kiến chưa lưu, phải còn nguyên.</textarea>');

    await t.deps.db.updateTable('consultations').set({ letter_required: 1 }).where('id', '=', t.demoId!).execute();
    const noLetter = await post(agent, path, { action: 'submit', [`c_${clause('1.1.')}`]: 'Có ý kiến.' });
    expect(noLetter.status).toBe(400);
    expect(noLetter.text).toContain('yêu cầu văn bản góp ý có chữ ký');

    await agent.post(path).field('action', 'save').expect(403);
    const comments = await t.deps.db.selectFrom('comments').select('text').execute();
    expect(comments.map((c) => c.text)).toEqual(['Có ý kiến.']);
    expect(await t.deps.db.selectFrom('submissions').select('id').where('state', '=', 'submitted').execute()).toEqual([]);
  });

  it('when the office enters a paper reply then it counts like any other and is marked as entered by the office', async () => {
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    const officer = await signIn(t.app, 'chuyenvien@gialai.example');
    const invitation = await t.deps.db
      .selectFrom('invitations as i')
      .innerJoin('agencies as a', 'a.id', 'i.agency_id')
      .select('i.id')
      .where('a.name', '=', 'Sở Kế hoạch và Đầu tư')
      .executeTakeFirstOrThrow();
    const path = `/office/consultations/${t.demoId}/invitations/${invitation.id}/entry`;
    const form = await officer.get(path).expect(200);
    const csrf = csrfFrom(form.text);
    await officer
      .post(`${path}?_csrf=${encodeURIComponent(csrf)}`)
      .field('receivedDate', dmy(-1))
      .field('receivedTime', '15:30')
      .field('letterNumber', '77/SKHĐT-VP')
      .field(`c_${clause('7.')}`, 'Ý kiến trên giấy.')
      .attach('letterFile', PDF_FIXTURE, 'scan-77.pdf')
      .expect(303);
    const dashboard = await officer.get(`/office/consultations/${t.demoId}`).expect(200);
    expect(dashboard.text).toContain('1/26 cơ quan đã gửi ý kiến');
    const row = await t.deps.db.selectFrom('submissions').selectAll().where('state', '=', 'submitted').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ submitted_at: at(-1, '15:30'), late: 0, letter_number: '77/SKHĐT-VP', entered_by_user_id: expect.any(Number) });
    const future = await officer.post(`${path}?_csrf=${encodeURIComponent(csrf)}`).field('receivedDate', dmy(31)).field('generalComment', 'x').expect(400);
    expect(future.text).toContain('Ngày nhận không được sau thời điểm hiện tại');
  });
});
