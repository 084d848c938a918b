import { Conflict } from '../../src/errors';
import { copyFileSync, statSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { StaffUser } from '../../src/auth/repository';
import { type TestApp, startTestApp } from '../helpers/app';
import { DEMO_OFFICE, PDF_FIXTURE } from '../helpers/office';
import { addStaff } from '../helpers/staff';
import { day } from '../helpers/days';

/** Once published, a draft no longer changes: also for an edit that started before the publish. */
describe('a draft edited while the consultation is being published', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('when a re-import is still being read as the publish commits, then it is refused and the published draft is kept', async () => {
    t = await startTestApp({ demo: false });
    await addStaff(t, 'api@gialai.example', { office: DEMO_OFFICE });
    const auth = { Authorization: `Bearer ${await t.deps.services.auth.createApiToken('api@gialai.example')}` };
    const created = await request(t.app)
      .post('/api/v1/consultations')
      .set(auth)
      .field('number', '601/STTTT-BCVT')
      .field('letterDate', day(-1))
      .field('subject', 'tham gia góp ý dự thảo')
      .field('deadline', day(11))
      .attach('draft', PDF_FIXTURE, 'du-thao.pdf')
      .expect(201);
    const id = created.body.id as number;
    await request(t.app).post(`/api/v1/consultations/${id}/recipients`).set(auth).send({ agencies: [{ name: 'Sở Y tế', email: 'syt@gialai.example' }] }).expect(201);
    const row = await t.deps.db.selectFrom('users').select(['id', 'office_id', 'email', 'name', 'role']).where('email', '=', 'api@gialai.example').executeTakeFirstOrThrow();
    const officer: StaffUser = { id: row.id, officeId: row.office_id!, officeName: DEMO_OFFICE, email: row.email, name: row.name, role: row.role };
    const before = (await t.deps.services.drafts.latestDraft(id))!;
    const copy = path.join(t.dataDir, 'du-thao-2.pdf');
    copyFileSync(PDF_FIXTURE, copy);

    // The PDF is read in a worker thread, which takes a while: the publish commits meanwhile.
    const replacing = t.deps.services.officeConsultations.replaceDraft(officer, id, { path: copy, originalname: 'du-thao-2.pdf', size: statSync(copy).size });
    await request(t.app).post(`/api/v1/consultations/${id}/publish`).set(auth).expect(200);
    await expect(replacing).rejects.toBeInstanceOf(Conflict);

    const after = (await t.deps.services.drafts.latestDraft(id))!;
    expect(after.id).toBe(before.id);
    expect(after.flat.map((c) => c.id)).toEqual(before.flat.map((c) => c.id));
  });
});
