import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { DEMO_OFFICE, linkIn } from '../helpers/office';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { addStaff } from '../helpers/staff';
import { day } from '../helpers/days';

const LAW = `QUYẾT ĐỊNH
Ban hành Quy chế thử nghiệm

Điều 1. Phạm vi điều chỉnh
1. Quy chế này áp dụng cho các sở.
2. Quy chế này không áp dụng cho doanh nghiệp.
Điều 2. Trách nhiệm
1. Sở Thông tin và Truyền thông chủ trì.
a) Hướng dẫn các đơn vị.
b) Tổng hợp báo cáo.
2. Các sở phối hợp.
a) Cử đầu mối.
`;

/** Every comment box of a law, where "1." and "a)" are printed in every article, has its own name. */
describe('the comment boxes of a draft whose labels repeat', () => {
  let smtp: TestMailbox;
  let t: TestApp;
  beforeEach(async () => {
    smtp = createMailbox();
    t = await startTestApp({ demo: false, transport: smtp.transport });
  });
  afterEach(async () => {
    await t.close();
    await smtp.close();
  });

  it('names each box with the article above it, so a screen reader tells them apart', async () => {
    await addStaff(t, 'api@gialai.example', { office: DEMO_OFFICE });
    const token = await t.deps.services.auth.createApiToken('api@gialai.example');
    const auth = { Authorization: `Bearer ${token}` };
    const created = await request(t.app)
      .post('/api/v1/consultations')
      .set(auth)
      .field('number', '7/QĐ-TEST')
      .field('letterDate', day(-1))
      .field('subject', 'góp ý quy chế thử nghiệm')
      .field('deadline', day(11))
      .attach('draft', Buffer.from(LAW, 'utf8'), 'quy-che.txt')
      .expect(201);
    await request(t.app).post(`/api/v1/consultations/${created.body.id}/recipients`).set(auth).send({ agencies: [{ name: 'Sở Y tế', email: 'syt@gialai.example' }] }).expect(201);
    await request(t.app).post(`/api/v1/consultations/${created.body.id}/publish`).set(auth).expect(200);
    await t.deps.mail.delivery.deliverDue();
    const link = new URL(linkIn(smtp.received.at(-1)!.text!)).pathname;

    const page = await request(t.app).get(link).expect(200);
    const labels = [...page.text.matchAll(/<label for="c_\d+">([^<]*)<\/label>/gu)].map((m) => m[1]!.replace(/\s+/gu, ' ').trim());
    expect(labels).toEqual(
      expect.arrayContaining(['Ý kiến góp ý — Điều 1. 1.', 'Ý kiến góp ý — Điều 2. 1.', 'Ý kiến góp ý — Điều 2. 1. a)', 'Ý kiến góp ý — Điều 2. 2. a)']),
    );
    expect(new Set(labels).size).toBe(labels.length);
  });
});
