import request from 'supertest';
import { sql } from 'kysely';
import { type TestApp, startTestApp } from '../helpers/app';
import { addStaff, signIn } from '../helpers/staff';

const GIA_LAI = 'Sở Thông tin và Truyền thông tỉnh Gia Lai';
const KON_TUM = 'Sở Tư pháp tỉnh Kon Tum';
const PAGE = '/office/agencies';

type Agent = Awaited<ReturnType<typeof signIn>>;

describe('the agency directory', () => {
  let t: TestApp;
  let officer: Agent;
  let officeId: number;

  const agencyNamed = (name: string) => t.deps.db.selectFrom('agencies').selectAll().where('name', '=', name).executeTakeFirst();
  const emailsOf = async (agencyId: number) =>
    (await t.deps.db.selectFrom('agency_emails').select('email').where('agency_id', '=', agencyId).orderBy('position').execute()).map((r) => r.email);
  const countAgencies = async () => Number((await t.deps.db.selectFrom('agencies').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const upload = async (agent: Agent, status: number, content: Buffer | string, filename = 'danh-ba.csv') => {
    const csrf = await agent.csrf(PAGE);
    return agent.post(`${PAGE}/import?_csrf=${encodeURIComponent(csrf)}`).attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), filename).expect(status);
  };

  beforeEach(async () => {
    t = await startTestApp();
    officeId = (await addStaff(t, 'chuyenvien@gialai.example', { office: GIA_LAI })).officeId;
    officer = await signIn(t.app, 'chuyenvien@gialai.example');
  });
  afterEach(() => t.close());

  it('when the officer opens the directory then the demo agencies, their e-mails and groups with member counts show', async () => {
    const page = await officer.get(PAGE).expect(200);
    expect(page.text).toContain('Công an tỉnh');
    expect(page.text).toContain('congan@gialai.example');
    expect(page.text).toContain('Ủy ban nhân dân các huyện, thị xã, thành phố</strong> — 17 đơn vị');
    expect(page.text).toContain('Các doanh nghiệp cung cấp dịch vụ Internet trên địa bàn tỉnh</strong> — 3 đơn vị');
  });

  it('when searching without diacritics then only matching agencies are listed', async () => {
    const page = await officer.get(`${PAGE}?q=chu pah`).expect(200);
    expect(page.text).toContain('Ủy ban nhân dân huyện Chư Păh');
    expect(page.text).not.toContain('Công an tỉnh');
  });

  it('when an agency is created with e-mails in mixed case, commas and lines then they are stored lower-cased and once each', async () => {
    const csrf = await officer.csrf(`${PAGE}/new`);
    await officer
      .post(PAGE)
      .type('form')
      .send({ _csrf: csrf, name: '  Sở  Tài chính ', short_name: 'STC', emails: 'STC@gialai.example, vanthu.stc@gialai.example\nstc@gialai.example' })
      .expect(303);
    const agency = await agencyNamed('Sở Tài chính');
    expect(agency?.short_name).toBe('STC');
    expect(await emailsOf(agency!.id)).toEqual(['stc@gialai.example', 'vanthu.stc@gialai.example']);
  });

  it('when the name is missing and an e-mail is bad then both fields say so in Vietnamese with the answers kept', async () => {
    const csrf = await officer.csrf(`${PAGE}/new`);
    const before = await countAgencies();
    const res = await officer.post(PAGE).type('form').send({ _csrf: csrf, name: ' ', short_name: 'X', emails: 'ok@gialai.example\nabc@' }).expect(400);
    expect(res.text).toContain('id="name-error"');
    expect(res.text).toContain('Hãy nhập tên cơ quan, đơn vị.');
    expect(res.text).toContain('id="emails-error"');
    expect(res.text).toMatch(/&#34;abc@&#34; không phải là địa chỉ thư điện tử hợp lệ/u);
    expect(res.text).toContain('ok@gialai.example\nabc@</textarea>');
    expect(res.text).toContain('value="X"');
    expect(await countAgencies()).toBe(before);
  });

  it('when no e-mail is given then the e-mail field asks for one', async () => {
    const csrf = await officer.csrf(`${PAGE}/new`);
    const res = await officer.post(PAGE).type('form').send({ _csrf: csrf, name: 'Sở Nội vụ', emails: ' ; ' }).expect(400);
    expect(res.text).toContain('Hãy nhập ít nhất một địa chỉ thư điện tử.');
    expect(res.text).toContain('value="Sở Nội vụ"');
  });

  it('when a name differs from an existing one only in case and spaces then it is refused as a duplicate', async () => {
    const csrf = await officer.csrf(`${PAGE}/new`);
    const res = await officer.post(PAGE).type('form').send({ _csrf: csrf, name: 'CÔNG AN  TỈNH', emails: 'ca2@gialai.example' }).expect(409);
    expect(res.text).toContain('Danh bạ đã có một cơ quan, đơn vị mang tên này.');
    expect(await agencyNamed('CÔNG AN TỈNH')).toBeUndefined();
  });

  it('when hostile text is typed as a name then it is shown escaped', async () => {
    const csrf = await officer.csrf(`${PAGE}/new`);
    await officer.post(PAGE).type('form').send({ _csrf: csrf, name: '<script>alert(1)</script>', emails: 'x@gialai.example' }).expect(303);
    const page = await officer.get(PAGE).expect(200);
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('when an agency is edited then its name and e-mails are replaced', async () => {
    const agency = (await agencyNamed('Công an tỉnh'))!;
    const form = await officer.get(`${PAGE}/${agency.id}/edit`).expect(200);
    expect(form.text).toContain('congan@gialai.example</textarea>');
    const csrf = await officer.csrf(`${PAGE}/${agency.id}/edit`);
    await officer.post(`${PAGE}/${agency.id}`).type('form').send({ _csrf: csrf, name: 'Công an tỉnh Gia Lai', emails: 'pv05@gialai.example' }).expect(303);
    expect((await t.deps.db.selectFrom('agencies').select('name').where('id', '=', agency.id).executeTakeFirstOrThrow()).name).toBe('Công an tỉnh Gia Lai');
    expect(await emailsOf(agency.id)).toEqual(['pv05@gialai.example']);
  });

  it('when an agency is archived then it leaves the picker but keeps its record, and restoring brings it back', async () => {
    const agency = (await agencyNamed('Tỉnh đoàn Gia Lai'))!;
    let csrf = await officer.csrf(PAGE);
    await officer.post(`${PAGE}/${agency.id}/archive`).type('form').send({ _csrf: csrf }).expect(303);
    expect((await agencyNamed('Tỉnh đoàn Gia Lai'))?.archived_at).toBe(t.clock.now().toISOString());
    let picker = await t.deps.services.agencies.picker(officeId);
    expect(picker.agencies.map((a) => a.name)).not.toContain('Tỉnh đoàn Gia Lai');
    expect(picker.agencies).toHaveLength(25); // the demo holds 26: 6 named, 17 districts, 3 providers
    expect((await officer.get(PAGE).expect(200)).text).toContain('Đã lưu trữ');

    csrf = await officer.csrf(PAGE);
    await officer.post(`${PAGE}/${agency.id}/restore`).type('form').send({ _csrf: csrf }).expect(303);
    picker = await t.deps.services.agencies.picker(officeId);
    expect(picker.agencies.map((a) => a.name)).toContain('Tỉnh đoàn Gia Lai');
  });

  it('when another office asks for, edits or archives this office’s agency then it gets 404 and nothing changes', async () => {
    await addStaff(t, 'canbo@kontum.example', { office: KON_TUM });
    const other = await signIn(t.app, 'canbo@kontum.example');
    const agency = (await agencyNamed('Công an tỉnh'))!;
    const group = (await t.deps.db.selectFrom('agency_groups').select('id').executeTakeFirstOrThrow()).id;
    await other.get(`${PAGE}/${agency.id}/edit`).expect(404);
    await other.get(`${PAGE}/groups/${group}/edit`).expect(404);
    const csrf = await other.csrf(PAGE);
    await other.post(`${PAGE}/${agency.id}`).type('form').send({ _csrf: csrf, name: 'Bị đổi', emails: 'x@kontum.example' }).expect(404);
    await other.post(`${PAGE}/${agency.id}/archive`).type('form').send({ _csrf: csrf }).expect(404);
    await other.post(`${PAGE}/groups/${group}/delete`).type('form').send({ _csrf: csrf }).expect(404);
    await other.post(`${PAGE}/groups`).type('form').send({ _csrf: csrf, name: 'Nhóm lạ', members: String(agency.id) }).expect(400);
    const after = (await agencyNamed('Công an tỉnh'))!;
    expect(after).toEqual(agency);
    expect(await emailsOf(agency.id)).toEqual(['congan@gialai.example']);
    expect(await t.deps.db.selectFrom('agency_groups').select('id').where('id', '=', group).executeTakeFirst()).toBeDefined();
    expect((await other.get(PAGE).expect(200)).text).not.toContain('Công an tỉnh');
  });

  it('when a form is posted without its CSRF token then it is refused with 403 and nothing is stored', async () => {
    const before = await countAgencies();
    const res = await officer.post(PAGE).type('form').send({ name: 'Sở Xây dựng', emails: 'sxd@gialai.example' }).expect(403);
    expect(res.text).toContain('CSRF');
    await officer.post(`${PAGE}/import`).attach('file', Buffer.from('name,emails\nSở Xây dựng,sxd@gialai.example\n'), 'a.csv').expect(403);
    expect(await countAgencies()).toBe(before);
  });

  it('when a visitor opens the directory then they are sent to the login page', async () => {
    await request(t.app).get(PAGE).expect(303).expect('Location', '/login?next=%2Foffice%2Fagencies');
  });

  it('when a group is created, edited and deleted then its members follow the checkboxes and its agencies stay', async () => {
    const a = (await agencyNamed('Công an tỉnh'))!;
    const b = (await agencyNamed('Sở Kế hoạch và Đầu tư'))!;
    let csrf = await officer.csrf(`${PAGE}/groups/new`);
    await officer.post(`${PAGE}/groups`).type('form').send(`_csrf=${encodeURIComponent(csrf)}&name=Kh%E1%BB%91i+n%E1%BB%99i+ch%C3%ADnh&members=${a.id}&members=${b.id}`).expect(303);
    const group = (await t.deps.db.selectFrom('agency_groups').selectAll().where('name', '=', 'Khối nội chính').executeTakeFirstOrThrow());
    expect((await t.deps.services.agencies.getGroup(officeId, group.id))?.memberIds.sort()).toEqual([a.id, b.id].sort());

    csrf = await officer.csrf(`${PAGE}/groups/${group.id}/edit`);
    const dup = await officer.post(`${PAGE}/groups/${group.id}`).type('form').send({ _csrf: csrf, name: 'ủy ban nhân dân các huyện, thị xã, thành phố', members: String(a.id) }).expect(409);
    expect(dup.text).toContain('Cơ quan bạn đã có một nhóm mang tên này.');
    expect(dup.text).toMatch(new RegExp(`value="${a.id}" checked`, 'u'));
    await officer.post(`${PAGE}/groups/${group.id}`).type('form').send({ _csrf: csrf, name: 'Khối nội chính', members: String(a.id) }).expect(303);
    expect((await t.deps.services.agencies.getGroup(officeId, group.id))?.memberIds).toEqual([a.id]);

    await officer.post(`${PAGE}/groups/${group.id}/delete`).type('form').send({ _csrf: csrf }).expect(303);
    expect(await t.deps.services.agencies.getGroup(officeId, group.id)).toBeNull();
    expect(await agencyNamed('Công an tỉnh')).toBeDefined();
  });

  it('when a CSV mixes good and bad rows then the report lists each row and only the good ones are stored', async () => {
    const file = [
      'ten;email;nhom;ten_viet_tat;ghi_chu',
      'Sở Y tế;SYT@gialai.example vanthu.syt@gialai.example;Khối văn xã;SYT;x',
      ';thieu.ten@gialai.example;;;',
      'Sở Tài nguyên và Môi trường;abc@;;;',
      'Sở Nội vụ;;;;',
      'sở y tế;syt@gialai.example;Khối văn xã;;',
      'công an  tỉnh;pc02@gialai.example;Khối văn xã;;',
    ].join('\r\n');
    const before = await countAgencies();
    const res = await upload(officer, 200, Buffer.from(`\uFEFF${file}\r\n`, 'utf8'));
    const rows = [...res.text.matchAll(/<tr class="outcome--(\w+)">\s*<td[^>]*>(\d+)<\/td>\s*<td[^>]*>([^<]*)<\/td>\s*<td[^>]*>[^<]*<\/td>\s*<td[^>]*>([^<]*)<\/td>/gu)].map((m) => [
      Number(m[2]), m[3], m[1], m[4]!.replace(/&#34;/gu, '"'),
    ]);
    expect(rows).toEqual([
      [2, 'Sở Y tế', 'created', ''],
      [3, '', 'refused', 'Thiếu tên cơ quan.'],
      [4, 'Sở Tài nguyên và Môi trường', 'refused', '"abc@" không phải là địa chỉ thư điện tử hợp lệ.'],
      [5, 'Sở Nội vụ', 'refused', 'Không có địa chỉ thư điện tử.'],
      [6, 'sở y tế', 'refused', 'Trùng với dòng 2 trong cùng tệp.'],
      [7, 'công an tỉnh', 'updated', ''],
    ]);
    expect(res.text).toContain('Đã thêm 1, cập nhật 1, từ chối 4 dòng.');
    expect(res.text).toContain('Nhóm mới được tạo: Khối văn xã.');
    expect(res.text).toContain('Các cột không dùng đến đã được bỏ qua: ghi_chu.');

    expect(await countAgencies()).toBe(before + 1);
    const syt = (await agencyNamed('Sở Y tế'))!;
    expect(syt.short_name).toBe('SYT');
    expect(await emailsOf(syt.id)).toEqual(['syt@gialai.example', 'vanthu.syt@gialai.example']);
    expect(await agencyNamed('Sở Tài nguyên và Môi trường')).toBeUndefined();
    expect(await agencyNamed('Sở Nội vụ')).toBeUndefined();
    const police = (await agencyNamed('Công an tỉnh'))!;
    expect(await emailsOf(police.id)).toEqual(['congan@gialai.example', 'pc02@gialai.example']);
    const picker = await t.deps.services.agencies.picker(officeId);
    const group = (await t.deps.services.agencies.getGroup(officeId, picker.groups.find((g) => g.name === 'Khối văn xã')!.id))!;
    expect(group.memberIds).toEqual([syt.id, police.id]);
  });

  it('when an import names an existing group then the agencies join it', async () => {
    await upload(officer, 200, 'name,emails,group\nUBND huyện mới,ubnd.moi@gialai.example,"Ủy ban nhân dân các huyện, thị xã, thành phố"\n');
    const picker = await t.deps.services.agencies.picker(officeId);
    const districts = picker.groups.find((g) => g.name === 'Ủy ban nhân dân các huyện, thị xã, thành phố')!;
    expect(districts.memberCount).toBe(18);
    expect((await t.deps.services.agencies.getGroup(officeId, districts.id))?.memberIds.at(-1)).toBe((await agencyNamed('UBND huyện mới'))!.id);
    expect(picker.groups).toHaveLength(2);
  });

  it('when the file is larger than 1 MB then it is refused at the field and nothing is stored', async () => {
    const big = `name,emails\n${'Sở Y tế,syt@gialai.example\n'.repeat(45_000)}`;
    expect(Buffer.byteLength(big)).toBeGreaterThan(1024 * 1024);
    const before = await countAgencies();
    const res = await upload(officer, 400, big);
    expect(res.text).toContain('id="file-error"');
    expect(res.text).toContain('Tệp lớn hơn 1 MB');
    expect(await countAgencies()).toBe(before);
  });

  it('when a binary file is renamed .csv then it is refused with a clear message and nothing is stored', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a00000000049454e44ae426082', 'hex');
    const before = await countAgencies();
    const res = await upload(officer, 400, png, 'danh-ba.csv');
    expect(res.text).toContain('Tệp không phải là văn bản UTF-8');
    expect(await countAgencies()).toBe(before);
  });

  it('when no file or a file of another kind is sent then the field says so', async () => {
    const csrf = await officer.csrf(PAGE);
    const none = await officer.post(`${PAGE}/import?_csrf=${encodeURIComponent(csrf)}`).field('x', '1').expect(400);
    expect(none.text).toContain('Hãy chọn một tệp CSV.');
    const xlsx = await upload(officer, 400, 'name,emails\nA,a@gialai.example\n', 'danh-ba.xlsx');
    expect(xlsx.text).toContain('Chỉ nhận tệp .csv hoặc .txt.');
  });

  it('when the database fails halfway through an import then nothing of it is stored', async () => {
    if (t.deps.database.engine === 'postgres') {
      await sql`create function boom() returns trigger language plpgsql as $$ begin if new.name = 'Sở Hỏng' then raise exception 'boom'; end if; return new; end $$`.execute(t.deps.db);
      await sql`create trigger boom before insert on agencies for each row execute function boom()`.execute(t.deps.db);
    } else {
      await sql`create trigger boom before insert on agencies when new.name = 'Sở Hỏng' begin select raise(abort, 'boom'); end`.execute(t.deps.db);
    }
    const before = await countAgencies();
    await upload(officer, 500, 'name,emails,group\nSở Mới,moi@gialai.example,Nhóm mới\nSở Hỏng,hong@gialai.example,\n');
    expect(await countAgencies()).toBe(before);
    expect(await t.deps.db.selectFrom('agency_groups').select('id').where('name', '=', 'Nhóm mới').executeTakeFirst()).toBeUndefined();
  });

  it('when the template is downloaded then it is a UTF-8 CSV with a BOM and the English headers', async () => {
    const res = await officer.get(`${PAGE}/import/template.csv`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect((res.body as Buffer).toString('utf8')).toMatch(/^\uFEFFname,emails,group,short_name\r\n/u);
  });

  it('when the officer API names an agency by name then it is found (gaining the e-mail) or created', async () => {
    const svc = t.deps.services.agencies;
    const found = await svc.findOrCreateByEmail(officeId, { name: ' công an TỈNH ', email: 'PC02@gialai.example' });
    expect(found).toMatchObject({ name: 'Công an tỉnh', created: false, emailAdded: true });
    expect(await emailsOf(found.id)).toEqual(['congan@gialai.example', 'pc02@gialai.example']);
    expect(await svc.findOrCreateByEmail(officeId, { name: 'Công an tỉnh', email: 'congan@gialai.example' })).toMatchObject({ id: found.id, emailAdded: false });
    const made = await svc.findOrCreateByEmail(officeId, { name: 'Sở Ngoại vụ', email: 'sngv@gialai.example' });
    expect(made.created).toBe(true);
    await expect(svc.findOrCreateByEmail(officeId, { name: 'Sở X', email: 'abc@' })).rejects.toThrow();
  });
});
