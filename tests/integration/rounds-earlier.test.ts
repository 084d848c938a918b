import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { clauseIds, demoLinks } from '../helpers/agency';
import { DEMO_OFFICE, linkIn } from '../helpers/office';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { addStaff, csrfFrom, signIn } from '../helpers/staff';
import { at } from '../helpers/days';
import { startLan2 } from '../helpers/rounds';

type Clause = { id: number; label: string | null; earlier: { consultationId: number; version: number; label: string; text: string; decision: string | null; explanation: string | null; appliedAt: string | null }[]; children: Clause[] };
const flat = (nodes: Clause[]): Clause[] => nodes.flatMap((n) => [n, ...flat(n.children)]);

// Where each comment went: an agency's comments on lần 1, answered, shown beside the matched clauses
// of lần 2 on its page and in its API; the office says where an accepted one was applied, and the
// lần 1 report says so.
describe('earlier comments and where they were applied', () => {
  let smtp: TestMailbox;
  let t: TestApp;
  let office: string;
  let firstLink: (agency: string) => string;
  let lan2: number;
  const officer = () => ({ Authorization: `Bearer ${office}` });
  const agency = (token: string) => ({ Authorization: `Bearer ${token}` });
  const AGENCY = 'Công an tỉnh';

  beforeEach(async () => {
    smtp = createMailbox();
    t = await startTestApp({ transport: smtp.transport });
    await addStaff(t, 'api@gialai.example', { office: DEMO_OFFICE });
    office = await t.deps.services.auth.createApiToken('api@gialai.example');
    firstLink = await demoLinks(t, smtp);
    const clause = await clauseIds(t, t.demoId!);
    const token = firstLink(AGENCY).split('/').at(-1)!;
    await request(t.app).put('/api/v1/invitation/submission').set(agency(token)).send({ comments: [{ clauseId: clause('1.2.'), text: 'Đề nghị bổ sung các nền tảng số xuyên biên giới.' }, { clauseId: clause('9.1.'), text: 'Giữ nguyên.' }] }).expect(200);
    await request(t.app).post('/api/v1/invitation/submission/submit').set(agency(token)).expect(201);
    const comments = (await request(t.app).get(`/api/v1/consultations/${t.demoId}/comments`).set(officer()).expect(200)).body.items as { id: number; clause: { label: string } }[];
    const on = (label: string) => comments.find((c) => c.clause.label === label)!.id;
    await request(t.app).put(`/api/v1/comments/${on('1.2.')}/response`).set(officer()).send({ decision: 'accepted', explanation: 'Đã bổ sung.' }).expect(200);
    await request(t.app).put(`/api/v1/comments/${on('9.1.')}/response`).set(officer()).send({ decision: 'not_accepted', explanation: 'Không cần.' }).expect(200);

    lan2 = await startLan2(t, office, { publish: true });
    await t.deps.mail.delivery.deliverDue();
  });
  afterEach(async () => {
    await t.close();
    await smtp.close();
  });

  /** The personal link of lần 2 an agency was mailed. */
  const secondLink = (name: string) => {
    const mail = smtp.received.find((m) => m.subject?.startsWith('Công văn số 700') && m.text?.includes(`Kính gửi: ${name}\n`));
    if (!mail) throw new Error(`no lần 2 invitation for ${name}`);
    return new URL(linkIn(mail.text!)).pathname;
  };

  it('when the agency opens lần 2 then each matched clause carries its own lần 1 comments, the answers once lần 1\'s report is published, and no other clause does', async () => {
    const token = secondLink(AGENCY).split('/').at(-1)!;
    const body = (await request(t.app).get('/api/v1/invitation').set(agency(token)).expect(200)).body;
    const clauses = flat(body.clauses);
    const withEarlier = clauses.filter((c) => c.earlier.length > 0);
    // A new section 2. renumbers section 9 to 10: the comment on 9.1. is beside 10.1., under its old label.
    expect(withEarlier.map((c) => c.label)).toEqual(['1.2.', '10.1.']);
    // The office's answers are its own until it publishes lần 1's report.
    expect(withEarlier[0].earlier).toEqual([{ consultationId: t.demoId, version: 1, label: '1.2.', text: 'Đề nghị bổ sung các nền tảng số xuyên biên giới.', proposedText: null, decision: null, explanation: null, appliedAt: null }]);
    const before = await request(t.app).get(secondLink(AGENCY)).expect(200);
    expect(before.text).toContain('Ý kiến của quý cơ quan ở Dự thảo lần 1');
    expect(before.text).toContain('Đề nghị bổ sung các nền tảng số xuyên biên giới.');
    expect(before.text).not.toContain('Cơ quan chủ trì:');

    t.clock.set(at(6, '00:00'));
    await request(t.app).post(`/api/v1/consultations/${t.demoId}/report/publish`).set(officer()).expect(200);
    const after = flat((await request(t.app).get('/api/v1/invitation').set(agency(token)).expect(200)).body.clauses).filter((c) => c.earlier.length > 0);
    expect(after[0].earlier[0]).toMatchObject({ decision: 'accepted', explanation: 'Đã bổ sung.' });
    expect(after[1].earlier[0]).toMatchObject({ label: '9.1.', decision: 'not_accepted', explanation: 'Không cần.' });
    const page = await request(t.app).get(secondLink(AGENCY)).expect(200);
    expect(page.text).toContain('Cơ quan chủ trì: Tiếp thu');

    // Another agency commented nothing on lần 1: nothing of Công an tỉnh's reaches it.
    const other = await request(t.app).get(secondLink('Sở Kế hoạch và Đầu tư')).expect(200);
    expect(other.text).not.toContain('Đề nghị bổ sung các nền tảng số');
    const otherApi = (await request(t.app).get('/api/v1/invitation').set(agency(secondLink('Sở Kế hoạch và Đầu tư').split('/').at(-1)!)).expect(200)).body;
    expect(flat(otherApi.clauses).every((c) => c.earlier.length === 0)).toBe(true);
  });

  it('when the office says where an accepted comment was applied then the lần 1 report says "Đã tiếp thu tại", also after it is published, and the agency sees it', async () => {
    const comments = (await request(t.app).get(`/api/v1/consultations/${t.demoId}/comments`).set(officer()).expect(200)).body.items as { id: number; clause: { label: string } }[];
    const accepted = comments.find((c) => c.clause.label === '1.2.')!.id;
    const refused = comments.find((c) => c.clause.label === '9.1.')!.id;
    const target = (await clauseIds(t, lan2))('1.2.');

    const notAccepted = await request(t.app).put(`/api/v1/comments/${refused}/applied`).set(officer()).send({ appliedClauseId: target }).expect(400);
    expect(notAccepted.body.error).toBe('Chỉ ý kiến được tiếp thu hoặc tiếp thu một phần mới ghi được nơi tiếp thu.');
    const lan1Clause = (await clauseIds(t, t.demoId!))('1.2.');
    await request(t.app).put(`/api/v1/comments/${accepted}/applied`).set(officer()).send({ appliedClauseId: lan1Clause }).expect(400);
    await request(t.app).put(`/api/v1/comments/${accepted}/applied`).set(officer()).send({ appliedClauseId: 'Điều 1' }).expect(400);

    t.clock.set(at(6, '00:00')); // lần 1's deadline has passed: its report can be published
    await request(t.app).post(`/api/v1/consultations/${t.demoId}/report/publish`).set(officer()).expect(200);
    await request(t.app).put(`/api/v1/comments/${accepted}/applied`).set(officer()).send({ appliedClauseId: target }).expect(200);

    const report = (await request(t.app).get(`/api/v1/consultations/${t.demoId}/report`).set(officer()).expect(200)).body;
    const row = report.rows.find((r: { commentId?: number; clauseLabel?: string; text: string }) => r.text.startsWith('Đề nghị bổ sung'));
    expect(row).toMatchObject({ decision: 'accepted', appliedAt: { label: '1.2.', version: 2 } });
    const html = await request(t.app).get(`/consultations/${t.demoId}/report`).expect(200);
    expect(html.text).toContain('Đã tiếp thu tại mục 1.2 Dự thảo lần 2');

    const token = secondLink(AGENCY).split('/').at(-1)!;
    const body = (await request(t.app).get('/api/v1/invitation').set(agency(token)).expect(200)).body;
    expect(flat(body.clauses).find((c) => c.label === '1.2.')!.earlier[0].appliedAt).toBe('1.2.');
  });

  it('when the officer uses the review page then the choice is saved through its form; another office cannot', async () => {
    const agent = await signIn(t.app, 'api@gialai.example');
    const page = await agent.get(`/office/consultations/${t.demoId}/review`).expect(200);
    expect(page.text).toContain('Đã tiếp thu tại (Dự thảo lần 2)');
    const form = /action="\/office\/consultations\/\d+\/comments\/(\d+)\/applied"/u.exec(page.text)!;
    const target = (await clauseIds(t, lan2))('1.2.');
    await agent.post(`/office/consultations/${t.demoId}/comments/${form[1]}/applied`).type('form').send({ _csrf: csrfFrom(page.text), appliedClauseId: String(target) }).expect(303);
    const again = await agent.get(`/office/consultations/${t.demoId}/review?applied=${form[1]}`).expect(200);
    expect(again.text).toMatch(new RegExp(`<option value="${target}" selected>`, 'u'));
    expect(again.text).toContain('Đã ghi nơi tiếp thu.');

    await addStaff(t, 'khac@kontum.example', { office: 'Sở Thông tin và Truyền thông tỉnh Kon Tum' });
    const other = await t.deps.services.auth.createApiToken('khac@kontum.example');
    await request(t.app).put(`/api/v1/comments/${form[1]}/applied`).set({ Authorization: `Bearer ${other}` }).send({ appliedClauseId: null }).expect(404);
  });
});
