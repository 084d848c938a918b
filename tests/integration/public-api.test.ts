import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { atVn } from '../helpers/days';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t.close();
});

interface ApiClause {
  id: number;
  kind: string;
  label: string | null;
  heading: string | null;
  text: string;
  children: ApiClause[];
}

describe('GET /api/v1/consultations', () => {
  it('lists published consultations with id, number, subject, office, status and a +07:00 deadline', async () => {
    const res = await request(t.app).get('/api/v1/consultations').expect(200).expect('Content-Type', /json/u);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        id: t.demoId,
        number: '532/STTTT-BCVT',
        subject: expect.stringContaining('tăng cường công tác quản lý'),
        office: 'Sở Thông tin và Truyền thông tỉnh Gia Lai',
        status: 'open',
        deadline: atVn(6, '00:00'),
      }),
    ]);
  });

  it('is empty on a portal without the demo', async () => {
    const bare = await (await import('../helpers/app')).startTestApp({ demo: false });
    try {
      const res = await request(bare.app).get('/api/v1/consultations').expect(200);
      expect(res.body).toEqual({ items: [] });
    } finally {
      await bare.close();
    }
  });
});

describe('GET /api/v1/consultations/:id', () => {
  it('gives the details, the recipients and the clause tree in the node shape of gopy parse', async () => {
    const res = await request(t.app).get(`/api/v1/consultations/${t.demoId}`).expect(200);
    const body = res.body;
    expect(body).toMatchObject({
      number: '532/STTTT-BCVT',
      letterDate: '2020-04-21',
      originalDeadline: '2020-04-27T00:00:00+07:00',
      deadline: atVn(6, '00:00'),
      deadlineRule: 'before_date',
      isDemo: true,
      signer: { prefix: 'KT.', authority: 'GIÁM ĐỐC', title: 'PHÓ GIÁM ĐỐC', name: 'Lê Thị Thu Hương' },
      contact: { phone: '0906.363263', email: 'nghitnt.stttt@gialai.example' },
    });
    expect(body.publishedAt).toMatch(/\+07:00$/u);
    expect(body.recipients).toHaveLength(8);
    expect(body.recipients[6]).toEqual({ label: 'Ủy ban nhân dân các huyện, thị xã, thành phố', members: expect.arrayContaining(['Ủy ban nhân dân thành phố Pleiku']) });
    expect(body.recipients[6].members).toHaveLength(17);
    expect(body.recipients[7].members).toEqual(['VNPT Gia Lai', 'Viettel Gia Lai', 'FPT Telecom chi nhánh Gia Lai']);

    const clauses: ApiClause[] = body.draft.clauses;
    expect(body.draft.version).toBe(1);
    expect(clauses.map((c) => c.label)).toEqual(['1.', '2.', '3.', '4.', '5.', '6.', '7.', '8.', '9.']);
    expect(clauses.flatMap((c) => c.children)).toHaveLength(25);
    expect(clauses[1]).toMatchObject({ kind: 'clause', label: '2.', heading: 'Công an tỉnh', text: '' });
    expect(Object.keys(clauses[1].children[2]).sort()).toEqual(['anchor', 'children', 'heading', 'id', 'kind', 'label', 'text']);
    for (const email of JSON.stringify(body).match(/[\w.+-]+@[\w.-]+/gu) ?? []) expect(email).toMatch(/\.example$/u);
  });

  it('answers 404 JSON with a message for an unknown or malformed id', async () => {
    const unknown = await request(t.app).get('/api/v1/consultations/4242').expect(404).expect('Content-Type', /json/u);
    expect(unknown.body.error).toBe('Không tìm thấy đợt lấy ý kiến số 4242.');
    const malformed = await request(t.app).get('/api/v1/consultations/-1').expect(404);
    expect(malformed.body.error).toMatch(/số nguyên dương/u);
    const english = await request(t.app).get('/api/v1/consultations/4242?lang=en').expect(404);
    expect(english.body.error).toBe('Consultation 4242 was not found.');
    const noRoute = await request(t.app).get('/api/v1/nothing').expect(404);
    expect(noRoute.body.error).toBeDefined();
  });
});
