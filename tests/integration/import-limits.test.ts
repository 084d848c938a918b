import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { DEMO_OFFICE, letterFields, sendFields } from '../helpers/office';
import { addStaff, signIn } from '../helpers/staff';
import { seedDraftDocx } from '../fixtures/make-docx';
import { hostileNumberingDocx } from '../fixtures/raw-docx';
import { day } from '../helpers/days';

const HOSTILE = 'Tệp DOCX đánh số tự động tới 1.000.000.000, quá giới hạn 99.999: tệp hỏng hoặc không an toàn.';

const counts = async (t: TestApp) => {
  const n = async (table: 'consultations' | 'attachments' | 'draft_versions' | 'clauses') =>
    Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { consultations: await n('consultations'), attachments: await n('attachments'), versions: await n('draft_versions'), clauses: await n('clauses') };
};

describe('a draft past the import limits', () => {
  let t: TestApp;
  let agent: Awaited<ReturnType<typeof signIn>>;
  let token: string;

  beforeEach(async () => {
    t = await startTestApp({ env: { IMPORT_MAX_CLAUSES: '30' } });
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    agent = await signIn(t.app, 'chuyenvien@gialai.example');
    token = await t.deps.services.auth.createApiToken('chuyenvien@gialai.example');
  });
  afterEach(() => t.close());

  /** Resolves with the response: an async function's result unwraps the request. */
  const postForm = async (draft: Buffer, name: string) => {
    const csrf = await agent.csrf('/office/consultations/new');
    const req = agent.post(`/office/consultations?_csrf=${encodeURIComponent(csrf)}`);
    sendFields(req, letterFields());
    return req.attach('draft', draft, name);
  };
  const postApi = (draft: Buffer, name: string) =>
    request(t.app)
      .post('/api/v1/consultations')
      .set('Authorization', `Bearer ${token}`)
      .field('number', '601/STTTT-BCVT')
      .field('letterDate', day(-1))
      .field('subject', 'tham gia góp ý dự thảo')
      .field('deadline', day(11))
      .attach('draft', draft, name);

  it('when the form brings a DOCX numbered from a billion then it answers 400 at the draft field, the answers kept, and stores nothing', async () => {
    const before = await counts(t);
    const res = await postForm(await hostileNumberingDocx(), 'du-thao.docx');
    expect(res.status).toBe(400);
    expect(res.text).toContain(HOSTILE);
    expect(res.text).toContain('href="#draft"');
    expect(res.text).toContain('value="600/STTTT-BCVT"');
    expect(await counts(t)).toEqual(before);
  });

  it('when the API brings that DOCX or a draft with more clauses than IMPORT_MAX_CLAUSES then it answers 400 naming the field, and stores nothing', async () => {
    const before = await counts(t);
    const hostile = await postApi(await hostileNumberingDocx(), 'du-thao.docx').expect(400);
    expect(hostile.body.fields.draft[0]).toContain(HOSTILE);
    const many = await postApi(await seedDraftDocx('automatic'), 'du-thao.docx').expect(400);
    expect(many.body.fields.draft[0]).toMatch(/Dự thảo có \d+ điều, khoản, điểm, quá giới hạn 30 của cổng/u);
    expect(await counts(t)).toEqual(before);
  });

  it('when a re-import on the draft page is refused then the draft already imported stays', async () => {
    const created = await postApi(Buffer.from('1. Một.\n2. Hai.\n'), 'du-thao.txt').expect(201);
    const id = created.body.id as number;
    const before = await counts(t);
    const csrf = await agent.csrf(`/office/consultations/${id}/draft`);
    const res = await agent.post(`/office/consultations/${id}/draft?_csrf=${encodeURIComponent(csrf)}`).attach('draft', await hostileNumberingDocx(), 'moi.docx').expect(400);
    expect(res.text).toContain(HOSTILE);
    expect(await counts(t)).toEqual(before);
    expect((await t.deps.services.drafts.latestDraft(id))!.clauses.map((c) => c.label)).toEqual(['1.', '2.']);
  });
});
