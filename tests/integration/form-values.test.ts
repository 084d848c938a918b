import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { agencyCsrf, clauseIds, demoLinks } from '../helpers/agency';
import { DEMO_OFFICE, demoDirectory, letterFields, sendFields } from '../helpers/office';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { addStaff, csrfFrom, signIn } from '../helpers/staff';
import { seedDraftDocx } from '../fixtures/make-docx';

type Agent = Awaited<ReturnType<typeof signIn>>;

/** None, one and several values of a multi-valued field, by how many there are. */
const COUNTS = [0, 1, 3] as const;
const take = <T>(values: readonly T[], n: number) => values.slice(0, n).map(String);

const checkedBox = (name: string, prefix: string, id: number) => `id="${prefix}-${id}" name="${name}" value="${id}" checked`;

/**
 * Every office and agency form with a field that may come several times, posted with none, one and
 * several values of it while another field is wrong: the form comes back (4xx) with every value
 * kept, or the post succeeds. Never a 500.
 */
describe('forms with multi-valued fields', () => {
  let smtp: TestMailbox;
  let t: TestApp;
  let officer: Agent;
  let agencies: number[];
  let groups: number[];

  beforeAll(async () => {
    smtp = createMailbox();
    t = await startTestApp({ transport: smtp.transport });
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    officer = await signIn(t.app, 'chuyenvien@gialai.example');
    const { agency, group } = await demoDirectory(t);
    agencies = ['Công an tỉnh', 'Tỉnh đoàn Gia Lai', 'Sở Giáo dục và Đào tạo'].map(agency);
    groups = [group('Ủy ban nhân dân các huyện'), group('Các doanh nghiệp')];
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  /** The new-consultation form as a browser posts it: its token first, then every field in order. */
  async function postNew(fields: Record<string, string | string[]>, draft = false) {
    const csrf = await officer.csrf('/office/consultations/new');
    const req = officer.post('/office/consultations').field('_csrf', csrf);
    sendFields(req, fields);
    if (draft) req.attach('draft', await seedDraftDocx('typed'), 'du-thao.docx');
    return req;
  }

  describe('the new-consultation form', () => {
    for (const a of COUNTS) {
      for (const g of [0, 1, 2]) {
        it(`when ${a} agencies and ${g} groups are ticked and the subject is empty then the form comes back with its errors and every value kept`, async () => {
          const res = await postNew({ ...letterFields({ subject: '' }), agencyIds: take(agencies, a), groupIds: take(groups, g) });
          expect(res.status).toBe(400);
          expect(res.text).toContain('Hãy nhập trích yếu');
          expect(res.text).toContain('value="600/STTTT-BCVT"');
          expect(res.text).toContain('Nguyễn Văn Mẫu');
          for (const id of agencies) expect(res.text.includes(checkedBox('agencyIds', 'agency', id))).toBe(agencies.indexOf(id) < a);
          for (const id of groups) expect(res.text.includes(checkedBox('groupIds', 'group', id))).toBe(groups.indexOf(id) < g);
        });
      }
    }

    it('when a single-valued field comes twice then it is refused at the field and shown once, not joined', async () => {
      const res = await postNew({ ...letterFields({ number: '' }), number: ['600/STTTT-BCVT', '601/STTTT-BCVT'], agencyIds: take(agencies, 1) });
      expect(res.status).toBe(400);
      expect(res.text).toContain('value="600/STTTT-BCVT"');
      expect(res.text).not.toContain('600/STTTT-BCVT,601');
      expect(res.text).toContain('href="#number"');
    });

    it('when the picker is searched or paged with one or several values then it shows again with the ticks kept', async () => {
      const posts: Record<string, string[]>[] = [{ pickerQ: ['công an', 'tỉnh'] }, { pickerPage: ['2', '3'] }, { pickerAction: ['search', 'search'] }];
      for (const extra of posts) {
        const res = await postNew({ ...letterFields(), agencyIds: take(agencies, 1), groupIds: take(groups, 1), ...extra });
        expect(res.status).toBeLessThan(500);
        expect(res.text).toContain(checkedBox('groupIds', 'group', groups[0]!));
      }
    });

    for (const a of COUNTS) {
      it(`when ${a} agencies are ticked and every field is right then the consultation is made with them`, async () => {
        const res = await postNew({ ...letterFields(), agencyIds: take(agencies, a), groupIds: take(groups, a === 0 ? 1 : 0) }, true);
        expect(res.status).toBe(303);
        const id = Number(/\/office\/consultations\/(\d+)\/draft$/u.exec(res.headers.location as string)![1]);
        const lines = await t.deps.db.selectFrom('consultation_recipients').select(['agency_id', 'group_id']).where('consultation_id', '=', id).execute();
        expect(lines.flatMap((l) => (l.agency_id ? [l.agency_id] : [])).sort()).toEqual(agencies.slice(0, a).sort());
      });
    }
  });

  describe('the letter edit and recipients pages', () => {
    let id: number;
    beforeAll(async () => {
      const res = await postNew({ ...letterFields(), agencyIds: take(agencies, 1) }, true);
      id = Number(/\/office\/consultations\/(\d+)\/draft$/u.exec(res.headers.location as string)![1]);
    });

    it('when the edit form sends a field twice and leaves the subject empty then it comes back with both messages and the values kept', async () => {
      const csrf = await officer.csrf(`/office/consultations/${id}/edit`);
      const res = await officer
        .post(`/office/consultations/${id}/edit`)
        .type('form')
        .send({ _csrf: csrf, ...letterFields({ subject: '' }), signerName: ['Nguyễn Văn Mẫu', 'Lê Văn Khác'], letterRequired: ['on', 'on'] });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Hãy nhập trích yếu');
      expect(res.text).toContain('value="Nguyễn Văn Mẫu"');
      expect(res.text).toContain('id="letterRequired" name="letterRequired" value="on" checked');
    });

    it('when the edit form ticks "letter required" once or twice then it is saved as ticked', async () => {
      for (const letterRequired of ['on', ['on', 'on']]) {
        const csrf = await officer.csrf(`/office/consultations/${id}/edit`);
        await officer.post(`/office/consultations/${id}/edit`).type('form').send({ _csrf: csrf, ...letterFields(), letterRequired }).expect(303);
        const row = await t.deps.db.selectFrom('consultations').select('letter_required').where('id', '=', id).executeTakeFirstOrThrow();
        expect(row.letter_required).toBe(1);
      }
    });

    for (const a of COUNTS) {
      for (const g of [0, 1, 2]) {
        it(`when the recipients page sends ${a} agencies and ${g} groups with one id of another office then it comes back with the ticks kept, and without it they are saved`, async () => {
          const page = `/office/consultations/${id}/recipients`;
          const refused = await officer
            .post(page)
            .type('form')
            .send({ _csrf: await officer.csrf(page), agencyIds: [...take(agencies, a), '999999'], groupIds: take(groups, g) });
          expect(refused.status).toBe(400);
          expect(refused.text).toContain('không thuộc danh bạ');
          for (const ticked of agencies.slice(0, a)) expect(refused.text).toContain(checkedBox('agencyIds', 'agency', ticked));
          for (const ticked of groups.slice(0, g)) expect(refused.text).toContain(checkedBox('groupIds', 'group', ticked));

          await officer.post(page).type('form').send({ _csrf: await officer.csrf(page), agencyIds: take(agencies, a), groupIds: take(groups, g) }).expect(303);
          const lines = await t.deps.db.selectFrom('consultation_recipients').select(['agency_id', 'group_id']).where('consultation_id', '=', id).execute();
          expect(lines).toHaveLength(a + g);
        });
      }
    }
  });

  describe('the directory', () => {
    for (const n of COUNTS) {
      it(`when a group form ticks ${n} members and has no name then it comes back with the ticks kept, and with a name it is saved`, async () => {
        const csrf = await officer.csrf('/office/agencies/groups/new');
        const refused = await officer.post('/office/agencies/groups').type('form').send({ _csrf: csrf, name: '', description: ['một', 'hai'], members: take(agencies, n) });
        expect(refused.status).toBe(400);
        expect(refused.text).toContain('Hãy nhập tên nhóm');
        for (const id of agencies) expect(refused.text.includes(checkedBox('members', 'member', id))).toBe(agencies.indexOf(id) < n);

        await officer.post('/office/agencies/groups').type('form').send({ _csrf: csrf, name: `Nhóm ${n}`, members: take(agencies, n) }).expect(303);
        const group = await t.deps.db.selectFrom('agency_groups').select('id').where('name', '=', `Nhóm ${n}`).executeTakeFirstOrThrow();
        const members = await t.deps.db.selectFrom('agency_group_members').select('agency_id').where('group_id', '=', group.id).execute();
        expect(members.map((m) => m.agency_id).sort()).toEqual(agencies.slice(0, n).sort());
      });
    }

    it('when an agency form sends its fields twice with no name then it comes back with a message, not a crash', async () => {
      const csrf = await officer.csrf('/office/agencies/new');
      const res = await officer.post('/office/agencies').type('form').send({ _csrf: csrf, name: ['', ''], emails: ['a@gialai.example', 'b@gialai.example'] });
      expect(res.status).toBe(400);
      expect(res.text).toContain('a@gialai.example');
    });

    it('when a list is searched or paged with one or several values then it answers the page', async () => {
      for (const path of ['/office/agencies', '/office/outbox']) {
        for (const query of ['', '?q=công', '?q=công&q=sở', '?page=2&page=3', '?archived_page=1&archived_page=x']) {
          const res = await officer.get(`${path}${query}`);
          expect(`${path}${query} ${res.status}`).toBe(`${path}${query} 200`);
        }
      }
    });
  });

  describe('the agency page and the review', () => {
    let link: (agency: string) => string;
    let clause: (label: string) => number;
    beforeAll(async () => {
      link = await demoLinks(t, smtp);
      clause = await clauseIds(t, t.demoId!);
    });

    for (const n of COUNTS) {
      it(`when an agency fills ${n} clause boxes and a wrong letter date then the page comes back with every text kept, and with the right date it is saved`, async () => {
        const agent = request.agent(t.app);
        const path = link('Sở Giáo dục và Đào tạo');
        const boxes = Object.fromEntries(['1.1.', '2.3.', '9.4.'].slice(0, n).map((label) => [`c_${clause(label)}`, `Ý kiến về mục ${label}`]));
        const post = async (letterDate: string) => {
          const csrf = await agencyCsrf(t, agent, path);
          return sendFields(agent.post(path).field('_csrf', csrf), { action: 'save', ...boxes, letterNumber: '12/SGDĐT', letterDate });
        };
        const refused = await post('31/02/2026');
        expect(refused.status).toBe(400);
        expect(refused.text).toContain('href="#letterDate"');
        for (const text of Object.values(boxes)) expect(refused.text).toContain(text);
        expect((await post('')).status).toBe(303);
      });
    }

    it('when a clause box comes twice then it is refused at the box and neither text is dropped silently', async () => {
      const agent = request.agent(t.app);
      const path = link('Sở Giáo dục và Đào tạo');
      const csrf = await agencyCsrf(t, agent, path);
      const res = await sendFields(agent.post(path).field('_csrf', csrf), { action: 'save', [`c_${clause('1.1.')}`]: ['Ý kiến thứ nhất', 'Ý kiến thứ hai'] });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Ý kiến thứ nhất');
      expect(res.text).toContain(`href="#c_${clause('1.1.')}"`);
    });

    for (const ids of [[], ['1'], ['1', '2', '3']]) {
      it(`when the review form sends ${ids.length} ids with no decision then it is refused, not a crash`, async () => {
        const review = `/office/consultations/${t.demoId}/review`;
        const res = await officer.post(`/office/consultations/${t.demoId}/responses`).type('form').send({ _csrf: csrfFrom((await officer.get(review).expect(200)).text), ids, decision: ['x', 'y'] });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      });
    }
  });
});
