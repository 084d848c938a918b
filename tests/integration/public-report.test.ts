import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { launchBrowser } from '../helpers/browser';
import { at } from '../helpers/days';
import { ARTIFACTS, docxToPdf, pdfPagesToPng } from '../helpers/libreoffice';
import { DEMO_OFFICE } from '../helpers/office';
import { addStaff, csrfFrom, signIn, STAFF_PASSWORD } from '../helpers/staff';

const AFTER_DEADLINE = at(7, '09:00');
const OFFICER = 'chuyenvien@gialai.example';

/** One realistic comment of a campaign, and the small edits people make when they copy it. */
const CAMPAIGN =
  'Tôi đề nghị Ban soạn thảo xem xét lại quy định tại mục này theo hướng không buộc các đại lý Internet, điểm truy nhập Internet công cộng phải lưu giữ thông tin cá nhân của người sử dụng trong thời gian 12 tháng, vì quy định như vậy làm tăng chi phí cho các hộ kinh doanh nhỏ và tiềm ẩn nguy cơ lộ, lọt thông tin cá nhân của người dân. Đề nghị chỉ yêu cầu lưu giữ khi có yêu cầu của cơ quan nhà nước có thẩm quyền.';
const EDITS: ((text: string) => string)[] = [
  (s) => s,
  (s) => s.replace('Tôi đề nghị', 'Kính đề nghị'),
  (s) => s.replace('12 tháng', 'mười hai tháng'),
  (s) => `${s} Xin trân trọng cảm ơn.`,
  (s) => s.replace('hộ kinh doanh nhỏ', 'hộ kinh doanh cá thể'),
  (s) => s.toLocaleUpperCase('vi'),
  (s) => s.replace(/,/gu, ' ,').replace('người dân.', 'người dân!'),
  (s) => s.replace('Ban soạn thảo', 'cơ quan soạn thảo'),
];
const CAMPAIGN_NAMES = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Hoàng Cường', 'Phạm Thị Dung'];
const ANSWER = 'Dự thảo được sửa để chỉ yêu cầu lưu giữ thông tin theo quy định của Nghị định 72/2013/NĐ-CP, không đặt thêm nghĩa vụ mới.';

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('public comments in the consolidated report (section III)', () => {
  let t: TestApp;
  let token: string;
  let clause: (label: string) => number;

  beforeEach(async () => {
    t = await startTestApp();
    await addStaff(t, OFFICER, { office: DEMO_OFFICE, name: 'Chuyên viên Phòng BCVT' });
    token = await t.deps.services.auth.createApiToken(OFFICER);
    const flat = (await t.deps.services.drafts.publishedDraft(t.demoId!))!.flat;
    clause = (label) => flat.find((k) => k.label === label)!.id;
  });
  afterEach(() => t.close());

  const api = (method: 'get' | 'put' | 'post', url: string) => request(t.app)[method](url).set('Authorization', `Bearer ${token}`);

  /** Comments as the intake would leave them, inserted directly: one multi-row statement per chunk. */
  async function insertComments(rows: { clauseId: number | null; name: string; email: string; text: string; showName: boolean; state: 'unconfirmed' | 'pending' | 'published' | 'rejected' | 'hidden'; organisation?: string }[]) {
    const now = t.clock.now().toISOString();
    const values = rows.map((r, i) => ({
      consultation_id: t.demoId!,
      clause_id: r.clauseId,
      name: r.name,
      email: r.email,
      email_key: r.email.toLowerCase(),
      organisation: r.organisation ?? null,
      text: r.text,
      show_name: r.showName ? 1 : 0,
      state: r.state,
      created_at: now,
      confirmed_at: r.state === 'unconfirmed' ? null : now,
      published_at: r.state === 'published' || r.state === 'hidden' ? new Date(Date.parse(now) + i).toISOString() : null,
      expires_at: r.state === 'unconfirmed' ? new Date(Date.parse(now) + 86_400_000).toISOString() : null,
    }));
    for (let i = 0; i < values.length; i += 250) {
      const chunk = values.slice(i, i + 250);
      await t.write((db) => db.insertInto('public_comments').values(chunk).execute());
    }
  }

  async function seedComments() {
    await insertComments([
      // Comments on the whole draft come first in the report.
      { clauseId: null, name: 'Hoàng Minh Đức', email: 'duc.hoang@example.vn', organisation: 'Hội Tin học tỉnh Gia Lai', text: 'Đề nghị bổ sung quy định về trách nhiệm phối hợp giữa các sở, ngành trong xử lý vi phạm trên mạng.', showName: true, state: 'published' },
      ...Array.from({ length: 1000 }, (_, i) => ({
        clauseId: clause('1.2.'),
        name: CAMPAIGN_NAMES[i % CAMPAIGN_NAMES.length]!,
        email: `nguoidan${i}@example.vn`,
        text: EDITS[i % EDITS.length]!(CAMPAIGN),
        // The first three agree to be named; the fourth name never appears.
        showName: i < 3,
        state: 'published' as const,
      })),
      { clauseId: clause('1.2.'), name: 'Võ Thị Hạnh', email: 'hanh.vo@example.vn', text: 'Đề nghị làm rõ khái niệm "điểm truy nhập Internet công cộng" cho thống nhất với Nghị định 72/2013/NĐ-CP.', showName: false, state: 'published' },
      { clauseId: clause('2.3.'), name: 'Đặng Quốc Khánh', email: 'khanh.dang@example.vn', text: 'Đề nghị giao Sở Thông tin và Truyền thông chủ trì tổng hợp báo cáo định kỳ 6 tháng một lần.', showName: true, state: 'published' },
      { clauseId: clause('8.1.'), name: 'Bùi Văn Lâm', email: 'lam.bui@example.vn', text: 'Nên bổ sung cơ chế tiếp nhận phản ánh của người dân qua đường dây nóng.', showName: true, state: 'published' },
      // Never in the report, nor on the page: hidden, rejected, awaiting moderation or confirmation.
      { clauseId: clause('1.2.'), name: 'Người Bị Ẩn', email: 'an@example.vn', text: 'NỘI DUNG ĐÃ BỊ ẨN khỏi cổng.', showName: true, state: 'hidden' },
      { clauseId: null, name: 'Người Bị Từ Chối', email: 'tuchoi@example.vn', text: 'NỘI DUNG BỊ TỪ CHỐI vì vi phạm nội quy.', showName: true, state: 'rejected' },
      { clauseId: clause('2.3.'), name: 'Người Chờ Duyệt', email: 'cho@example.vn', text: 'NỘI DUNG CHỜ KIỂM DUYỆT của người dân.', showName: true, state: 'pending' },
      { clauseId: null, name: 'Người Chưa Xác Nhận', email: 'chuaxacnhan@example.vn', text: 'NỘI DUNG CHƯA XÁC NHẬN qua thư.', showName: true, state: 'unconfirmed' },
    ]);
  }

  const NEVER = ['NỘI DUNG ĐÃ BỊ ẨN', 'NỘI DUNG BỊ TỪ CHỐI', 'NỘI DUNG CHỜ KIỂM DUYỆT', 'NỘI DUNG CHƯA XÁC NHẬN', 'Phạm Thị Dung', 'Võ Thị Hạnh', '@example.vn'];
  const expectNone = (text: string) => {
    for (const s of NEVER) expect([s, text.includes(s)]).toEqual([s, false]);
  };

  it('when a campaign of 1,000 near-duplicates is answered once then every member carries the answer, the report holds one group in every format, publishing waits for moderation and answers, and the public list shows them', async () => {
    const started = Date.now();
    await seedComments();
    const seeded = Date.now() - started;
    expect(seeded).toBeLessThan(15_000);
    t.clock.set(AFTER_DEADLINE);
    const officer = await signIn(t.app, OFFICER);

    // The answers page: each group once, in document order, the campaign as one group of 1.000.
    const page = await officer.get(`/office/consultations/${t.demoId}/public-answers`).expect(200);
    expect(page.text).toContain('1.000 ý kiến có nội dung giống nhau');
    expect(page.text).toContain('Đã trả lời 0/5 nhóm ý kiến (1.004 ý kiến đã đăng).');
    const order = ['Đề nghị bổ sung quy định về trách nhiệm', 'Tôi đề nghị Ban soạn thảo', 'Đề nghị làm rõ khái niệm', 'Đề nghị giao Sở Thông tin', 'Nên bổ sung cơ chế'].map((s) => page.text.indexOf(s));
    expect(order.every((p) => p > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expectNone(page.text);
    // A compact form per group: its first id and key, never a thousand hidden inputs.
    expect(page.text.length).toBeLessThan(60_000);
    const forms = [...page.text.matchAll(/name="firstId" value="(\d+)">\s*<input type="hidden" name="key" value="([^"]+)">/gu)].map((m) => ({ firstId: m[1]!, key: m[2]! }));
    expect(forms).toHaveLength(5);
    const campaign = forms[1]!;

    // The JSON report: one group of 1.000 on clause 1.2.
    const before = await api('get', `/api/v1/consultations/${t.demoId}/report?format=json`).expect(200);
    expect(before.body.counts).toMatchObject({ publicComments: 1004, publicGroups: 5, publicAnswered: 0 });
    expect(before.body.publicComments.total).toBe(1004);
    expect(before.body.publicComments.groups.map((g: { count: number; clauseLabel: string | null }) => [g.clauseLabel, g.count])).toEqual([[null, 1], ['1.2.', 1000], ['1.2.', 1], ['2.3.', 1], ['8.1.', 1]]);
    const html0 = await api('get', `/api/v1/consultations/${t.demoId}/report?format=html`).expect(200);
    expect(html0.text).toContain('1.000 ý kiến có nội dung giống nhau');

    // Publishing waits for moderation, then for the answers.
    const pending = await api('post', `/api/v1/consultations/${t.demoId}/report/publish`).expect(409);
    expect(pending.body.error).toBe('Còn 1 ý kiến của tổ chức, cá nhân đang chờ kiểm duyệt: hãy kiểm duyệt trước khi công bố báo cáo.');
    await t.write((db) => db.updateTable('public_comments').set({ state: 'rejected', moderated_at: t.clock.now().toISOString() }).where('state', '=', 'pending').execute());
    const unanswered = await api('post', `/api/v1/consultations/${t.demoId}/report/publish`).expect(409);
    expect(unanswered.body.error).toBe('Còn 5 nhóm ý kiến của tổ chức, cá nhân chưa được tiếp thu, giải trình.');

    // The page's form answers the whole group at once; a refusal keeps the answer at the group's fields.
    const csrf = csrfFrom(page.text);
    const post = (body: Record<string, string>) => officer.post(`/office/consultations/${t.demoId}/public-answers`).type('form').send({ _csrf: csrf, page: '1', ...body });
    const missing = await post({ ...campaign, decision: 'partly_accepted' }).expect(400);
    expect(missing.text).toContain('id="explanation-' + campaign.firstId + '-error"');
    const stale = await post({ firstId: campaign.firstId, key: 'g-1-00000000', decision: 'accepted' }).expect(409);
    expect(stale.text).toContain('Nhóm ý kiến đã thay đổi');
    const saved = await post({ ...campaign, decision: 'partly_accepted', explanation: ANSWER }).expect(303);
    expect(saved.headers.location).toContain(`#pg-${campaign.firstId}`);
    const members = await t.deps.db.selectFrom('public_comments').select(['decision', 'explanation', 'decided_by', 'decided_at']).where('consultation_id', '=', t.demoId!).where('clause_id', '=', clause('1.2.')).where('state', '=', 'published').execute();
    expect(members).toHaveLength(1001);
    expect(members.filter((m) => m.decision === 'partly_accepted' && m.explanation === ANSWER && m.decided_by !== null && m.decided_at !== null)).toHaveLength(1000);
    const audit = await t.deps.db.selectFrom('audit_log').select(['details_json']).where('action', '=', 'public_comment.answer').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details_json!)).toMatchObject({ firstId: Number(campaign.firstId), count: 1000, decision: 'partly_accepted' });

    const after = await officer.get(saved.headers.location!).expect(200);
    expect(after.text).toContain('Đã lưu câu trả lời cho 1.000 ý kiến.');
    expect(after.text).toContain('Đã trả lời 1/5 nhóm ý kiến');
    await screenshot(t, 'public-answers');

    // The API answers the group a comment belongs to, the office checked before the body.
    const others = await t.deps.db.selectFrom('public_comments').select(['id', 'text']).where('consultation_id', '=', t.demoId!).where('state', '=', 'published').where('decision', 'is', null).orderBy('id').execute();
    expect(others).toHaveLength(4);
    const bad = await api('put', `/api/v1/consultations/${t.demoId}/public-answers`).send({ commentId: others[0]!.id, decision: 'not_accepted' }).expect(400);
    expect(bad.body.fields.explanation).toBeDefined();
    await api('put', `/api/v1/consultations/${t.demoId}/public-answers`).send({ commentId: 999_999_999, decision: 'accepted' }).expect(404);
    for (const [i, c] of others.entries()) {
      const answer = i === 0 ? { decision: 'noted', explanation: 'Ghi nhận, sẽ nghiên cứu khi xây dựng quy chế phối hợp.' } : { decision: i === 3 ? 'not_accepted' : 'accepted', explanation: i === 3 ? 'Nội dung này thuộc phạm vi văn bản khác.' : null };
      const res = await api('put', `/api/v1/consultations/${t.demoId}/public-answers`).send({ commentId: c.id, ...answer }).expect(200);
      expect(res.body).toEqual({ answered: 1 });
    }
    // Until the report is published the answers are the office's own.
    const listBefore = await request(t.app).get(`/consultations/${t.demoId}/public-comments`).expect(200);
    expect(listBefore.text).not.toContain('Ý kiến tiếp thu, giải trình');

    const published = await api('post', `/api/v1/consultations/${t.demoId}/report/publish`).expect(200);
    expect(published.body.counts).toMatchObject({ publicComments: 1004, publicGroups: 5, publicAnswered: 5 });
    // Once published, the answers no longer change.
    const late = await officer.get(`/office/consultations/${t.demoId}/public-answers`).expect(200);
    expect(late.text).toContain('Báo cáo tổng hợp đã công bố');
    await post({ ...campaign, decision: 'accepted' }).expect(409);
    await api('put', `/api/v1/consultations/${t.demoId}/public-answers`).send({ commentId: others[0]!.id, decision: 'accepted' }).expect(409);

    // Every format has section III: one row per group, names only where allowed, never an address.
    const report = (format: string) => request(t.app).get(`/consultations/${t.demoId}/report.${format}`);
    const json = await api('get', `/api/v1/consultations/${t.demoId}/report?format=json`).expect(200);
    const group = json.body.publicComments.groups[1];
    expect(Object.keys(group).sort()).toEqual(['clauseLabel', 'count', 'decision', 'decisionLabel', 'explanation', 'names', 'stt', 'text'].sort());
    expect(group).toMatchObject({ clauseLabel: '1.2.', count: 1000, text: CAMPAIGN, decision: 'partly_accepted', explanation: ANSWER, names: CAMPAIGN_NAMES.slice(0, 3) });
    expect(json.body.publicComments.groups[2].names).toEqual([]);
    expectNone(JSON.stringify(json.body));

    const html = (await api('get', `/api/v1/consultations/${t.demoId}/report?format=html`).expect(200)).text;
    expect(html).toContain('III. Ý KIẾN CỦA TỔ CHỨC, CÁ NHÂN GÓP Ý TRÊN CỔNG THÔNG TIN');
    expect(html).toContain('(1.000 ý kiến có nội dung giống nhau)');
    expect(html).toContain('Nguyễn Văn An; Trần Thị Bình; Lê Hoàng Cường và 997 người khác');
    expect(html).toContain('Hoàng Minh Đức (Hội Tin học tỉnh Gia Lai)');
    expect(html).toContain('1.004 ý kiến của tổ chức, cá nhân góp ý trên Cổng thông tin');
    expect(html).toContain('Tiếp thu một phần');
    expectNone(html);
    expect(html.indexOf('II. Ý KIẾN THEO ĐIỀU, KHOẢN')).toBeLessThan(html.indexOf('III. Ý KIẾN CỦA TỔ CHỨC'));

    const docx = (await api('get', `/api/v1/consultations/${t.demoId}/report?format=docx`).buffer(true).parse(binary).expect(200)).body as Buffer;
    const docxText = (await mammoth.extractRawText({ buffer: docx })).value;
    expect(docxText).toContain('III. Ý KIẾN CỦA TỔ CHỨC, CÁ NHÂN GÓP Ý TRÊN CỔNG THÔNG TIN');
    expect(docxText).toContain('(1.000 ý kiến có nội dung giống nhau)');
    expect(docxText).toContain(ANSWER);
    expectNone(docxText);

    const xlsx = (await report('xlsx').buffer(true).parse(binary).expect(200)).body as Buffer;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheetRows: string[][] = [];
    workbook.getWorksheet('Tổng hợp')!.eachRow((row) => sheetRows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    const portalRows = sheetRows.filter((r) => r.includes('Góp ý trên Cổng thông tin'));
    expect(portalRows).toHaveLength(5);
    expect(portalRows[1]![1]).toBe('1.2.');
    expect(portalRows[1]![4]).toBe(`${CAMPAIGN}\n(1.000 ý kiến có nội dung giống nhau)`);
    expect(portalRows[1]![8]).toBe('Tiếp thu một phần');
    expectNone(JSON.stringify(sheetRows));

    const csv = (await report('csv').expect(200)).text;
    expect(csv.split('\r\n').filter((line) => line.includes('Góp ý trên Cổng thông tin'))).toHaveLength(5);
    expect(csv).toContain('(1.000 ý kiến có nội dung giống nhau)');
    expectNone(csv);

    // The public list shows each comment's answer under it once the report is published.
    const list = await request(t.app).get(`/consultations/${t.demoId}/public-comments`).expect(200);
    expect(list.text).toContain('Ý kiến tiếp thu, giải trình');
    expect(list.text).toContain(ANSWER);
    expectNone(list.text);
    const listApi = await request(t.app).get(`/api/v1/consultations/${t.demoId}/public-comments?limit=5`).expect(200);
    expect(listApi.body.items[0].answer).toEqual({ decision: 'not_accepted', explanation: 'Nội dung này thuộc phạm vi văn bản khác.' });

    // The printed page of section III, as LibreOffice lays out the DOCX, kept for a person to look at.
    const pdf = (await docxToPdf({ report: docx })).report;
    const pngs = await pdfPagesToPng(pdf, 'public-report', 60);
    expect(pngs.length).toBeGreaterThan(1);
  }, 180_000);

  it('when there are many groups then the answers page shows them a page at a time, numbered on across pages', async () => {
    const topics = ['thời hạn báo cáo', 'đường dây nóng', 'trách nhiệm của xã', 'kinh phí thực hiện', 'đào tạo cán bộ'];
    await insertComments(
      Array.from({ length: 25 }, (_, i) => ({
        clauseId: clause('2.3.'),
        name: `Người góp ý ${i + 1}`,
        email: `gopy${i}@example.vn`,
        text: `Ý kiến riêng thứ ${i + 1}: ${i % 2 ? 'đề nghị làm rõ' : 'cần bổ sung quy định về'} ${topics[i % topics.length]} ${'và phối hợp liên ngành '.repeat(i % 3)}tại mục ${i + 1} (${String.fromCharCode(65 + i)}).`,
        showName: false,
        state: 'published' as const,
      })),
    );
    const officer = await signIn(t.app, OFFICER);
    const first = await officer.get(`/office/consultations/${t.demoId}/public-answers`).expect(200);
    const groups = (text: string) => [...text.matchAll(/name="firstId"/gu)].length;
    expect(first.text).toContain('Đã trả lời 0/25 nhóm ý kiến (25 ý kiến đã đăng).');
    expect(groups(first.text)).toBe(20);
    expect(first.text).toContain(`/office/consultations/${t.demoId}/public-answers?page=2`);
    const second = await officer.get(`/office/consultations/${t.demoId}/public-answers?page=2`).expect(200);
    expect(groups(second.text)).toBe(5);
    expect(second.text).toContain('Nhóm 21:');
    expect(second.text).toContain('Nhóm 25:');
  });
});

/** The answers page as chromium shows it, signed in through the login form, kept under test-artifacts/. */
async function screenshot(t: TestApp, name: string): Promise<void> {
  const server: Server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    await page.goto(`${base}/login`);
    await page.fill('input[name=email]', OFFICER);
    await page.fill('input[name=password]', STAFF_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    await page.goto(`${base}/office/consultations/${t.demoId}/public-answers`);
    await mkdir(path.join(ARTIFACTS, name), { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, name, 'answers.png'), fullPage: true });
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
