import mammoth from 'mammoth';
import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { DEMO_OFFICE, linkIn } from '../helpers/office';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { addStaff, csrfFrom, signIn } from '../helpers/staff';
import { at, day } from '../helpers/days';
import { PARTS_COMMENT, PARTS_FOOTNOTES, decisionWithRegulationDocx } from '../fixtures/make-parts-docx';
import { seedDraftDocx } from '../fixtures/make-docx';

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('a draft of several parts: a decision, the regulation it issues and its appendix', () => {
  let smtp: TestMailbox;
  let t: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeEach(async () => {
    smtp = createMailbox();
    t = await startTestApp({ transport: smtp.transport, demo: false });
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    token = await t.deps.services.auth.createApiToken('chuyenvien@gialai.example');
  });
  afterEach(async () => {
    await t.deps.mail.delivery.stop();
    await t.close();
    await smtp.close();
  });

  const create = (file: Buffer, name: string) => {
    const req = request(t.app).post('/api/v1/consultations').set(auth());
    const fields = { number: '77/SKHCN-BCVT', letterDate: day(-1), subject: 'góp ý dự thảo Quyết định ban hành Quy chế', deadline: `${day(11)}T17:00`, contactName: 'Trần Thị Liên Hệ', contactEmail: 'lienhe@gialai.example', letterRequired: 'false' };
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.attach('draft', file, name).expect(201);
  };

  it('when a decision + regulation DOCX is imported and published then every page shows both parts, the table and the footnotes, agencies comment on both, the report names them unambiguously, and the Word comment stays with the office', async () => {
    const { body } = await create(await decisionWithRegulationDocx(), 'du-thao-quyet-dinh.docx');
    const id = body.id as number;
    // The API's tree: the decision's articles, then the regulation as one part with its own clauses.
    expect(body.draft.clauses.map((c: { kind: string; label: string }) => [c.kind, c.label])).toEqual([
      ['article', 'Điều 1.'], ['article', 'Điều 2.'], ['article', 'Điều 3.'], ['attached_document', 'QUY CHẾ'],
    ]);
    const regulation = body.draft.clauses[3];
    expect(regulation.children.map((c: { anchor: string }) => c.anchor)).toEqual(['quy-che-chuong-i', 'quy-che-phu-luc-1']);
    expect(regulation.children[1].rows[1]).toEqual(['1', 'VNPT Gia Lai', 'Thành phố Pleiku']);
    expect(JSON.stringify(body)).not.toContain(PARTS_COMMENT.text);

    let draft = (await t.deps.services.drafts.latestDraft(id))!;
    const idOf = (anchor: string): number => draft.flat.find((c) => c.anchor === anchor)!.id;
    expect(draft.flat.map((c) => c.anchor)).toEqual(expect.arrayContaining(['dieu-2', 'quy-che-dieu-2', 'quy-che-phu-luc-1']));
    expect(new Set(draft.flat.map((c) => c.anchor)).size).toBe(draft.flat.length);
    const frame = JSON.parse((await t.deps.db.selectFrom('draft_versions').select('frame_json').where('id', '=', draft.id).executeTakeFirstOrThrow()).frame_json);
    expect(frame.parts).toHaveLength(1);
    expect(frame.parts[0].title).toEqual(['QUY CHẾ', 'Quản lý, cung cấp, sử dụng dịch vụ Internet trên địa bàn tỉnh Gia Lai']);
    expect(frame.closing.children.find((c: { kind: string }) => c.kind === 'signature').text).toBe('TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH');

    // The office's review page shows the drafter's comment; nothing else does.
    const officer = await signIn(t.app, 'chuyenvien@gialai.example');
    const review = await officer.get(`/office/consultations/${id}/draft`).expect(200);
    expect(review.text).toContain(PARTS_COMMENT.text);
    expect(review.text).toContain(PARTS_COMMENT.author);

    // The officer's fixes keep the parts, the table, the notes and the comment: a save rewrites every clause.
    const csrf = csrfFrom(review.text);
    const appendix = draft.flat.find((c) => c.anchor === 'quy-che-phu-luc-1')!;
    await officer.post(`/office/consultations/${id}/clauses/${appendix.id}`).type('form').send({ _csrf: csrf, op: 'save', label: 'PHỤ LỤC 1', heading: appendix.heading ?? '', text: `${appendix.text} (đã sửa)` }).expect(303);
    // Every clause is stored afresh, under new ids.
    const afterSave = (await t.deps.services.drafts.latestDraft(id))!;
    await officer.post(`/office/consultations/${id}/clauses/${afterSave.flat.find((c) => c.anchor === 'quy-che-dieu-2')!.id}`).type('form').send({ _csrf: csrf, op: 'merge_previous' }).expect(303);
    const edited = (await t.deps.services.drafts.latestDraft(id, { withComments: true }))!;
    const byAnchor = (anchor: string) => edited.flat.find((c) => c.anchor === anchor)!;
    expect(byAnchor('quy-che-phu-luc-1')).toMatchObject({ kind: 'appendix', text: expect.stringContaining('(đã sửa)'), rows: expect.arrayContaining([['1', 'VNPT Gia Lai', 'Thành phố Pleiku']]) });
    // Điều 2 merged into Điều 1: its footnote and the comment go with its text.
    expect(byAnchor('quy-che-dieu-1')).toMatchObject({ footnotes: [{ mark: '2', text: PARTS_FOOTNOTES[1] }], comments: [PARTS_COMMENT] });
    expect(byAnchor('quy-che').kind).toBe('attached_document');
    // Put back: re-importing the file is how an officer undoes fixes.
    await officer.post(`/office/consultations/${id}/draft`).field('_csrf', csrf).attach('draft', await decisionWithRegulationDocx(), 'du-thao-quyet-dinh.docx').expect(303);
    draft = (await t.deps.services.drafts.latestDraft(id))!;

    await request(t.app).post(`/api/v1/consultations/${id}/recipients`).set(auth()).send({ agencies: [{ name: 'Sở Tư pháp', email: 'stp@gialai.example' }] }).expect(201);
    await request(t.app).post(`/api/v1/consultations/${id}/publish`).set(auth()).expect(200);
    await t.deps.mail.delivery.deliverDue();
    const invitation = smtp.received.find((m) => JSON.stringify(m.to).includes('stp@gialai.example'))!;
    const link = new URL(linkIn(invitation.text!)).pathname;

    const page = await request(t.app).get(`/consultations/${id}`).expect(200);
    expect(page.text).toMatch(/<h\d class="clause__title"[^>]*>\s*<span class="clause__label">QUY CHẾ<\/span>\s*<span class="clause__heading">Quản lý, cung cấp/u);
    // The decision's signature closes the decision, before the regulation it issues.
    expect(page.text.indexOf('CHỦ TỊCH')).toBeLessThan(page.text.indexOf('<span class="clause__label">QUY CHẾ</span>'));
    expect(page.text.indexOf('CHỦ TỊCH')).toBeGreaterThan(page.text.indexOf('id="dieu-3"'));
    expect((await request(t.app).get(link).expect(200)).text).toMatch(/<h3 class="agency-clause__part">QUY CHẾ Quản lý, cung cấp/u);
    for (const html of [page.text, (await request(t.app).get(link).expect(200)).text]) {
      expect(html).toMatch(/<div class="table-scroll" role="region" tabindex="0" aria-label="[^"]*PHỤ LỤC 1[^"]*">/u);
      expect(html).toContain('<th scope="col">Tên doanh nghiệp</th>');
      expect(html).toContain('<td>VNPT Gia Lai</td>');
      expect(html).toContain(PARTS_FOOTNOTES[1]);
      expect(html).not.toContain(PARTS_COMMENT.text);
      expect(html).not.toContain(PARTS_COMMENT.author);
    }
    // The agency's page: with the regulation's title and the appendix, and their comment boxes.
    const agencyPage = (await request(t.app).get(link).expect(200)).text;
    expect(agencyPage).toContain(`name="c_${idOf('quy-che-dieu-2')}"`);
    expect(agencyPage).toContain(`name="c_${idOf('quy-che-phu-luc-1')}"`);
    expect(agencyPage).toMatch(/<ol class="notes notes--footnotes"[^>]*>\s*<li><sup class="notes__mark">2<\/sup> Gồm doanh nghiệp viễn thông/u);
    const publicJson = await request(t.app).get(`/api/v1/consultations/${id}`).expect(200);
    expect(JSON.stringify(publicJson.body)).toContain('VNPT Gia Lai');
    expect(JSON.stringify(publicJson.body)).not.toContain(PARTS_COMMENT.text);

    const agency = { Authorization: `Bearer ${link.split('/').at(-1)}` };
    expect(JSON.stringify((await request(t.app).get('/api/v1/invitation').set(agency).expect(200)).body)).not.toContain(PARTS_COMMENT.text);
    await request(t.app)
      .put('/api/v1/invitation/submission')
      .set(agency)
      .send({
        comments: [
          { clauseId: idOf('dieu-2'), text: 'Đề nghị ghi rõ ngày có hiệu lực của Quyết định.' },
          { clauseId: idOf('quy-che-dieu-2'), text: 'Đề nghị bổ sung đại lý Internet công cộng.' },
          { clauseId: idOf('quy-che-phu-luc-1'), text: 'Đề nghị bổ sung FPT Telecom Gia Lai vào danh sách.' },
        ],
      })
      .expect(200);
    await request(t.app).post('/api/v1/invitation/submission/submit').set(agency).expect(201);

    t.clock.set(at(12, '09:00'));
    const report = await request(t.app).get(`/api/v1/consultations/${id}/report?format=json`).set(auth()).expect(200);
    const labels = report.body.rows.map((r: { clauseLabel: string | null; text: string }) => [r.clauseLabel, r.text]);
    expect(labels).toEqual([
      ['Điều 2.', 'Đề nghị ghi rõ ngày có hiệu lực của Quyết định.'],
      ['Quy chế – Điều 2.', 'Đề nghị bổ sung đại lý Internet công cộng.'],
      ['Quy chế – PHỤ LỤC 1', 'Đề nghị bổ sung FPT Telecom Gia Lai vào danh sách.'],
    ]);
    expect(JSON.stringify(report.body)).not.toContain(PARTS_COMMENT.text);
    const docx = await request(t.app).get(`/api/v1/consultations/${id}/report?format=docx`).set(auth()).buffer(true).parse(binary).expect(200);
    const { value: docxText } = await mammoth.extractRawText({ buffer: docx.body as Buffer });
    expect(docxText).toContain('Quy chế – Điều 2.');
    expect(docxText).toContain('Quy chế – PHỤ LỤC 1');
    expect(docxText).not.toContain(PARTS_COMMENT.text);
  }, 120_000);

  it('when a draft was stored before parts existed (frame_json with no parts, no extras) then its pages still render', async () => {
    const { body } = await create(await seedDraftDocx('typed'), 'du-thao.docx');
    const id = body.id as number;
    const version = await t.deps.db.selectFrom('draft_versions').select(['id', 'frame_json']).where('consultation_id', '=', id).executeTakeFirstOrThrow();
    const { header, preamble, closing } = JSON.parse(version.frame_json);
    // Exactly the shape releases before 0008 wrote.
    await t.deps.db.updateTable('draft_versions').set({ frame_json: JSON.stringify({ header, preamble, closing }) }).where('id', '=', version.id).execute();
    await t.deps.db.updateTable('clauses').set({ extras_json: null }).where('draft_version_id', '=', version.id).execute();
    const officer = await signIn(t.app, 'chuyenvien@gialai.example');
    const preview = await officer.get(`/office/consultations/${id}/publish/preview`).expect(200);
    expect(preview.text).toContain('Tăng cường công tác');
    expect(preview.text).not.toContain('table-scroll');
    const review = await officer.get(`/office/consultations/${id}/draft`).expect(200);
    expect(review.text).toContain('Tăng cường công tác');
  }, 60_000);
});
