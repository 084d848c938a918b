import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { at, atVn, day, dmy } from '../helpers/days';
import { DEMO_OFFICE } from '../helpers/office';
import { addStaff, signIn } from '../helpers/staff';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t.close();
});

const textOf = (html: string): string => html.replace(/<[^>]+>/gu, ' ').replace(/\s+/gu, ' ');

describe('the public list of consultations', () => {
  it('when the demo is loaded, then / lists it as open with the deadline in Vietnam time and the days left', async () => {
    const res = await request(t.app).get('/').expect(200).expect('Content-Type', /html/u);
    const text = textOf(res.text);
    expect(res.text).toContain('<html lang="vi">');
    expect(text).toContain('Đang lấy ý kiến (1)');
    expect(text).toContain('532/STTTT-BCVT');
    // The demo's 6-day window, counted from today in Vietnam, makes it "trước ngày" day 6.
    expect(text).toContain(`trước ngày ${dmy(6)}`);
    expect(text).toContain(`00:00 ${dmy(6)}`);
    expect(text).toContain('còn 6 ngày');
    expect(res.text).toContain(`datetime="${atVn(6, '00:00')}"`);
  });

  it('when the deadline has passed, then the consultation moves to the closed list without any job running', async () => {
    t.clock.set(at(6, '00:00')); // 00:00 of day 6 in Vietnam: the cut-off
    const text = textOf((await request(t.app).get('/').expect(200)).text);
    expect(text).toContain('Đang lấy ý kiến (0)');
    expect(text).toContain('Đã kết thúc (1)');
    expect(text).toContain('đã hết hạn');
  });

  it('when several are published, then open ones come first, nearest deadline first, then closed ones', async () => {
    const { consultations } = t.repos;
    const officeId = (await t.deps.db.selectFrom('offices').select('id').executeTakeFirstOrThrow()).id;
    const base = { office_id: officeId, letter_date: day(-28), deadline_rule: 'before_date' as const, status: 'open' as const };
    await consultations.insert({ ...base, number: '1/OLD', subject: 'đã đóng', deadline_at: at(-8, '00:00') });
    await consultations.insert({ ...base, number: '2/SOON', subject: 'sắp hết hạn', deadline_at: at(2, '00:00') });
    await consultations.insert({ ...base, number: '3/HIDDEN', subject: 'chưa công bố', deadline_at: at(32, '00:00'), status: 'draft' });
    const text = textOf((await request(t.app).get('/').expect(200)).text);
    expect(text.indexOf('2/SOON')).toBeLessThan(text.indexOf('532/STTTT-BCVT'));
    expect(text.indexOf('532/STTTT-BCVT')).toBeLessThan(text.indexOf('1/OLD'));
    expect(text).not.toContain('3/HIDDEN');
  });
});

describe('the page of one consultation', () => {
  it('shows the letter, the deadline and its rule, the contact, recipients, attachments and the draft', async () => {
    const res = await request(t.app).get(`/consultations/${t.demoId}`).expect(200);
    const text = textOf(res.text);
    expect(text).toContain('Số, ký hiệu 532/STTTT-BCVT');
    expect(text).toContain('Gia Lai, 21/04/2020');
    expect(text).toContain('V/v tham gia góp ý Dự thảo văn bản tăng cường công tác quản lý');
    expect(text).toContain('Nghị định số 72/2013/NĐ-CP');
    expect(text).toContain('KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Lê Thị Thu Hương');
    expect(text).toContain('Bà Trần Nguyễn Thương Nghị');
    expect(text).toContain('nghitnt.stttt@gialai.example');
    expect(text).toContain(`Hết hạn lúc 00:00 ${dmy(6)} (giờ Việt Nam)`);
    expect(text).toContain('Hạn ghi trong công văn: trước ngày 27/04/2020');
    expect(text).toMatch(/Đây là bản trình diễn dựa trên công văn thật số 532\/STTTT-BCVT ngày 21\/04\/2020/u);
    expect(text).toContain('giữ khoảng thời gian 6 ngày của công văn');
    expect(text).toContain('Ủy ban nhân dân các huyện, thị xã, thành phố Gồm 17 đơn vị');
    expect(text).toContain('Ủy ban nhân dân huyện Chư Sê');
    expect(text).toContain('Viettel Gia Lai');
    expect(text).toContain('Dự thảo lần 1');
    expect(res.text.match(/<h1[\s>]/gu)).toHaveLength(1);
  });

  it('gives every clause a stable anchor, a table-of-contents entry and a permalink', async () => {
    const res = await request(t.app).get(`/consultations/${t.demoId}`).expect(200);
    for (const anchor of ['muc-1', 'muc-1-1', 'muc-2-3', 'muc-6', 'muc-9-4']) {
      expect(res.text).toContain(`id="${anchor}"`);
      expect(res.text).toContain(`href="#${anchor}"`);
      expect(res.text).toContain(`href="/consultations/${t.demoId}/clauses/${anchor}"`);
    }
    const sections = res.text.match(/class="clause clause--clause"/gu) ?? [];
    const items = res.text.match(/class="clause clause--item"/gu) ?? [];
    expect(sections).toHaveLength(9);
    expect(items).toHaveLength(25);
  });

  it('serves one clause on its permalink', async () => {
    const res = await request(t.app).get(`/consultations/${t.demoId}/clauses/muc-2`).expect(200);
    const text = textOf(res.text);
    expect(text).toContain('2. Công an tỉnh');
    expect(text).toContain("2.5. Chủ trì, phối hợp với các cơ quan chức năng");
    expect(text).not.toContain('3. Sở Giáo dục và Đào tạo');
  });

  it('when a clause has no heading then its permalink is headed by its label, its first words and the draft it belongs to', async () => {
    const res = await request(t.app).get(`/consultations/${t.demoId}/clauses/muc-2-3`).expect(200);
    const h1 = textOf(/<h1>[\s\S]*?<\/h1>/u.exec(res.text)![0]).trim();
    expect(h1).toMatch(/^2\.3\. Tăng cường thu thập, phát hiện, điều tra, xử lý … — Dự thảo Công văn của Ủy ban nhân dân tỉnh Gia Lai/u);
    expect(/<title>([^<]+)<\/title>/u.exec(res.text)![1]).toMatch(/^2\.3\. Tăng cường thu thập, phát hiện/u);
  });

  it('when a visitor is not signed in then the header offers officers the sign-in page, and once signed in it does not', async () => {
    const visitor = await request(t.app).get('/').expect(200);
    expect(/<nav[^>]*class="site-nav"[\s\S]*?<\/nav>/u.exec(visitor.text)![0]).toContain('<a href="/login">Đăng nhập</a>');
    expect((await request(t.app).get('/?lang=en').expect(200)).text).toContain('<a href="/login">Sign in</a>');
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    const officer = await signIn(t.app, 'chuyenvien@gialai.example');
    for (const path of ['/', `/consultations/${t.demoId}`, '/office']) {
      expect((await officer.get(path).expect(200)).text).not.toContain('href="/login"');
    }
  });

  it('offers the original text for download', async () => {
    const page = await request(t.app).get(`/consultations/${t.demoId}`).expect(200);
    const href = /href="(\/attachments\/\d+\/[^"]+)"/u.exec(page.text)?.[1];
    expect(href).toBeDefined();
    const file = await request(t.app).get(href!).expect(200);
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(file.text).toContain('532 /STTTT-BCVT');
  });

  it('answers 404 with a page in Vietnamese for an unknown, malformed or unpublished id', async () => {
    for (const path of ['/consultations/999', '/consultations/abc', '/consultations/1e3', '/consultations/1/clauses/khong-co', '/attachments/999/x.txt']) {
      const res = await request(t.app).get(path).expect(404);
      expect(res.text).toContain('Không tìm thấy trang');
    }
  });

  it('switches to English with ?lang=en and remembers the choice', async () => {
    const agent = request.agent(t.app);
    const en = await agent.get(`/consultations/${t.demoId}?lang=en`).expect(200);
    expect(en.text).toContain('<html lang="en">');
    expect(textOf(en.text)).toContain('Comment deadline');
    expect(en.headers['set-cookie']?.[0]).toMatch(/lang=en.*HttpOnly/iu);
    const again = await agent.get('/').expect(200);
    expect(textOf(again.text)).toContain('Draft documents for comment');
    const back = await agent.get('/?lang=vi').expect(200);
    expect(back.text).toContain('<html lang="vi">');
  });

  it('works without JavaScript: no script tag and a strict Content-Security-Policy', async () => {
    const res = await request(t.app).get(`/consultations/${t.demoId}`).expect(200);
    expect(res.text).not.toMatch(/<script/iu);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.text).toContain('class="skip-link" href="#main"');
  });

  it('escapes hostile text stored in a consultation', async () => {
    await t.deps.db.updateTable('consultations').set({ subject: '<script>alert(1)</script>' }).where('id', '=', t.demoId!).execute();
    const res = await request(t.app).get(`/consultations/${t.demoId}`).expect(200);
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('health', () => {
  it('answers 200 after checking the database', async () => {
    const res = await request(t.app).get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers 503 when the database is gone', async () => {
    const database = t.deps.database;
    if (database.engine === 'sqlite') database.sqlite.close();
    else {
      // A delivery run cut off in the middle of its queries by pool.end() would never settle.
      await t.deps.mail.delivery.stop();
      await database.pool.end();
    }
    await request(t.app).get('/healthz').expect(503);
    t.deps.database.close = async () => undefined;
  });
});
