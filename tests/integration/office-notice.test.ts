import request from 'supertest';
import { clauseIds, demoLinks } from '../helpers/agency';
import { type TestApp, startTestApp } from '../helpers/app';
import { DEMO_OFFICE, PDF_FIXTURE } from '../helpers/office';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { addStaff, signIn } from '../helpers/staff';

const CONTACT = 'nghitnt.stttt@gialai.example';
const MINUTE = 60 * 1000;

describe('the office is told when an agency submits', () => {
  let smtp: TestMailbox;
  let t: TestApp;
  let link: (agency: string) => string;

  beforeEach(async () => {
    smtp = createMailbox();
    t = await startTestApp({ transport: smtp.transport });
    link = await demoLinks(t, smtp);
  });
  afterEach(async () => {
    await t.close();
    await smtp.close();
  });

  const submit = async (agency: string, body: object) => {
    const token = link(agency).split('/').at(-1)!;
    await request(t.app).put('/api/v1/invitation/submission').set('Authorization', `Bearer ${token}`).send(body).expect(200);
    const res = await request(t.app).post('/api/v1/invitation/submission/submit').set('Authorization', `Bearer ${token}`).expect(201);
    return { token, receiptNumber: res.body.receiptNumber as string };
  };

  it('when an agency submits then the contact person gets a notice saying who, when, the receipt and how many comments, with the office page and never the agency link', async () => {
    const clause = await clauseIds(t, t.demoId!);
    const { token, receiptNumber } = await submit('Công an tỉnh', {
      comments: [{ clauseId: clause('1.1.'), text: 'Bổ sung căn cứ.' }, { clauseId: clause('2.3.'), text: 'Làm rõ đầu mối.' }],
      generalComment: 'Thống nhất về cơ bản.',
    });
    const invitation = await t.deps.db.selectFrom('invitations as i').innerJoin('agencies as a', 'a.id', 'i.agency_id').select('i.id').where('a.name', '=', 'Công an tỉnh').executeTakeFirstOrThrow();

    const notices = await t.deps.db.selectFrom('outbox').selectAll().where('template', '=', 'submission_notice').execute();
    expect(notices).toHaveLength(1);
    const notice = notices[0]!;
    expect(notice.to_address).toBe(CONTACT);
    expect(notice.cc_address).toBeNull();
    expect(notice.subject).toBe(`Đã nhận ý kiến góp ý của Công an tỉnh (biên nhận số ${receiptNumber}) – Công văn số 532/STTTT-BCVT: V/v tham gia góp ý Dự thảo văn bản tăng cường công tác quản lý, cung cấp, sử dụng dịch vụ Internet và thông tin trên mạng trên địa bàn tỉnh Gia Lai`);
    for (const body of [notice.body_text, notice.body_html!]) {
      expect(body).toContain('Công an tỉnh');
      expect(body).toContain(receiptNumber);
      expect(body).toContain('10:00 ngày');
      expect(body).toContain('3 ý kiến');
      expect(body).toContain(`http://gopy.test/office/consultations/${t.demoId}/invitations/${invitation.id}`);
    }
    // The whole message as stored and as delivered: no personal link, and not this agency's token in any form.
    const stored = JSON.stringify(notice);
    expect(stored).not.toContain('/invite/');
    expect(stored).not.toContain(token);
    await t.deps.mail.delivery.deliverDue();
    const delivered = smtp.received.filter((m) => JSON.stringify(m.to).includes(CONTACT));
    expect(delivered).toHaveLength(1);
    expect(JSON.stringify(delivered[0])).not.toContain('/invite/');
    expect(JSON.stringify(delivered[0])).not.toContain(token);
  });

  it("when an agency's reply came with its signed letter then the review page links the file, for the office alone", async () => {
    const clause = await clauseIds(t, t.demoId!);
    const token = link('Công an tỉnh').split('/').at(-1)!;
    const auth = { Authorization: `Bearer ${token}` };
    await request(t.app).put('/api/v1/invitation/submission').set(auth).send({ comments: [{ clauseId: clause('2.3.'), text: 'Làm rõ đầu mối.' }], letter: { number: '45/CAT-PV05' } }).expect(200);
    await request(t.app).post('/api/v1/invitation/letter').set(auth).attach('file', PDF_FIXTURE, 'cong-van-45.pdf').expect(201);
    await request(t.app).post('/api/v1/invitation/submission/submit').set(auth).expect(201);
    await addStaff(t, 'a@gialai.example', { office: DEMO_OFFICE });
    const officer = await signIn(t.app, 'a@gialai.example');

    const review = await officer.get(`/office/consultations/${t.demoId}/review`).expect(200);
    const href = /href="(\/office\/consultations\/\d+\/attachments\/\d+\/cong-van-45\.pdf)">Tải văn bản góp ý \(cong-van-45\.pdf\)<\/a>/u.exec(review.text)?.[1];
    expect(href).toBeDefined();
    const file = await officer.get(href!).expect(200);
    expect(file.headers['content-type']).toBe('application/pdf');

    await request(t.app).get(href!).expect(303);
    await addStaff(t, 'khac@tuphap.example', { office: 'Sở Tư pháp tỉnh Gia Lai' });
    await (await signIn(t.app, 'khac@tuphap.example')).get(href!).expect(404);
  });

  it("when officers visit the dashboard then each sees the replies received since their own last visit, per consultation, and the visit is recorded", async () => {
    await addStaff(t, 'a@gialai.example', { office: DEMO_OFFICE });
    await addStaff(t, 'b@gialai.example', { office: DEMO_OFFICE });
    const a = await signIn(t.app, 'a@gialai.example');
    const b = await signIn(t.app, 'b@gialai.example');
    const first = await a.get('/office').expect(200);
    expect(first.text).not.toContain('Mới từ lần xem trước (');
    expect(first.text).not.toContain('class="is-new"');

    t.clock.advance(30 * MINUTE);
    await submit('Công an tỉnh', { agreeWithoutComments: true });
    t.clock.advance(MINUTE);
    await submit('Tỉnh đoàn Gia Lai', { agreeWithoutComments: true });
    t.clock.advance(MINUTE);

    const news = await a.get('/office').expect(200);
    expect(news.text).toContain('<p class="notice" role="status">Mới từ lần xem trước (10:00');
    expect(news.text).toContain('2 văn bản góp ý gửi đến.');
    expect(news.text).toContain('<tr class="is-new">');
    expect(news.text).toContain(`href="/office/consultations/${t.demoId}#recipients">2 mới`);
    const seen = await t.deps.db.selectFrom('users').select('office_seen_at').where('email', '=', 'a@gialai.example').executeTakeFirstOrThrow();
    expect(seen.office_seen_at).toBe(t.clock.now().toISOString());

    // Seen now: nothing new for A; B, who has never looked, is not told of anything yet.
    const again = await a.get('/office').expect(200);
    expect(again.text).toContain('Không có văn bản góp ý mới từ lần xem trước');
    expect(again.text).not.toContain('class="is-new"');
    expect((await b.get('/office').expect(200)).text).not.toContain('class="is-new"');

    t.clock.advance(MINUTE);
    await submit('Sở Giáo dục và Đào tạo', { agreeWithoutComments: true });
    t.clock.advance(MINUTE);
    expect((await b.get('/office').expect(200)).text).toContain('1 văn bản góp ý gửi đến.');
    expect((await a.get('/office').expect(200)).text).toContain('1 văn bản góp ý gửi đến.');

    // Another office's dashboard counts nothing of this one.
    await addStaff(t, 'khac@tuphap.example', { office: 'Sở Tư pháp tỉnh Gia Lai' });
    const other = await signIn(t.app, 'khac@tuphap.example');
    await other.get('/office').expect(200);
    t.clock.advance(MINUTE);
    await submit('Sở Kế hoạch và Đầu tư', { agreeWithoutComments: true });
    t.clock.advance(MINUTE);
    expect((await other.get('/office').expect(200)).text).toContain('Không có văn bản góp ý mới');
  });
});
