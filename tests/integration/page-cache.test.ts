import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { addStaff, signIn } from '../helpers/staff';
import { DEMO_OFFICE } from '../helpers/office';
import { at } from '../helpers/days';

/** Public pages kept in memory must never show something older than the database or the clock. */
describe('the public pages kept in memory', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(() => t.close());

  const page = () => request(t.app).get(`/consultations/${t.demoId}`).expect(200);

  it('when the office changes what the page shows, then the next visitor sees the change', async () => {
    expect((await page()).text).toContain('Đang lấy ý kiến');
    await t.write((db) => db.updateTable('consultations').set({ subject: 'một tiêu đề mới' }).where('id', '=', t.demoId!).execute());
    expect((await page()).text).toContain('một tiêu đề mới');
    // A member of a group named in "Kính gửi" is listed under it by its directory name.
    const member = await t.deps.db.selectFrom('agency_group_members').select('agency_id').executeTakeFirstOrThrow();
    await t.write((db) => db.updateTable('agencies').set({ name: 'Doanh nghiệp đã đổi tên' }).where('id', '=', member.agency_id).execute());
    expect((await request(t.app).get('/').expect(200)).text).toContain('một tiêu đề mới');
    expect((await page()).text).toContain('Doanh nghiệp đã đổi tên');
  });

  it('when the office writes while a page is being built, then the copy kept is not served afterwards', async () => {
    const service = t.deps.services.consultations;
    const getPublic = service.getPublic.bind(service);
    let once = true;
    service.getPublic = async (id: number) => {
      const detail = await getPublic(id);
      if (once) {
        once = false; // the office's change commits between this page's reads and its rendering
        await t.write((db) => db.updateTable('consultations').set({ subject: 'đổi trong lúc dựng trang' }).where('id', '=', id).execute());
      }
      return detail;
    };
    await page();
    expect((await page()).text).toContain('đổi trong lúc dựng trang');
  });

  it('keeps only the page itself, not every query string a link may carry', async () => {
    const tagged = `/consultations/${t.demoId}?utm_source=zalo`;
    await request(t.app).get(tagged).expect(200);
    // A write the portal cannot see (another process): a kept copy would hide it.
    const database = t.deps.database;
    if (database.engine === 'sqlite') database.sqlite.prepare('update consultations set subject = ? where id = ?').run('thay đổi từ tiến trình khác', t.demoId);
    else await database.pool.query('update consultations set subject = $1 where id = $2', ['thay đổi từ tiến trình khác', t.demoId]);
    expect((await request(t.app).get(tagged).expect(200)).text).toContain('thay đổi từ tiến trình khác');
  });

  it('when an agency saves or submits a reply, then the page is not rendered again (replies are not on it)', async () => {
    const first = await page();
    await t.write((db) => db.updateTable('submissions').set({ saved_by: 'x' }).execute());
    const second = await request(t.app).get(`/consultations/${t.demoId}`).set('If-None-Match', first.headers.etag!).expect(304);
    expect(second.text).toBe('');
  });

  it('when the deadline passes or a day goes by, then the page shows it without any write', async () => {
    expect((await page()).text).toMatch(/Còn 6 ngày|còn 6 ngày/u);
    t.clock.advance(24 * 60 * 60 * 1000);
    expect((await page()).text).toMatch(/[Cc]òn 5 ngày/u);
    t.clock.set(at(6, '00:00')); // 00:00 of day 6 in Vietnam: the cut-off
    const closed = (await page()).text;
    expect(closed).toContain('Đã hết hạn góp ý');
    expect(closed).not.toContain('Đang lấy ý kiến');
  });

  it('when a signed-in officer opens a page a visitor saw, then the officer gets their own page, and the visitor never gets it', async () => {
    await page();
    await addStaff(t, 'chuyenvien2@gialai.example', { office: DEMO_OFFICE, name: 'Trần Thị Kiểm Tra' });
    const officer = await signIn(t.app, 'chuyenvien2@gialai.example');
    const own = await officer.get(`/consultations/${t.demoId}`).expect(200);
    expect(own.text).toContain('Trần Thị Kiểm Tra');
    expect(own.headers['cache-control']).toContain('no-store');
    expect((await page()).text).not.toContain('Trần Thị Kiểm Tra');
    expect((await request(t.app).get('/').expect(200)).text).not.toContain('Trần Thị Kiểm Tra');
  });

  it('keeps each language apart', async () => {
    await page();
    const en = await request(t.app).get(`/consultations/${t.demoId}?lang=en`).expect(200);
    expect(en.text).toContain('Comment deadline');
    expect((await page()).text).not.toContain('Comment deadline');
  });
});
