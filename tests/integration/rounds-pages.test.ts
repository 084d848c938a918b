import JSZip from 'jszip';
import request from 'supertest';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { type TestApp, startTestApp } from '../helpers/app';
import { ARTIFACTS, docxToPdf, pdfPagesToPng } from '../helpers/libreoffice';
import { createMailbox } from '../helpers/mailbox';
import { DEMO_OFFICE } from '../helpers/office';
import { addStaff } from '../helpers/staff';
import { startLan2 } from '../helpers/rounds';

const hasSoffice = (() => {
  try {
    execFileSync('which', ['soffice'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** The text of an HTML fragment as a reader hears it: tags dropped, entities of the escaper decoded. */
const textOf = (html: string) => html.replace(/<[^>]+>/gu, '').replace(/&#34;/gu, '"').replace(/&#39;/gu, "'").replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&amp;/gu, '&');

// What citizens see of lần 2 of the demo draft: the changes page, its DOCX bản so sánh, and the links
// to them from the consultation's page and its clause pages.
describe('the public pages of a follow-up round', () => {
  let t: TestApp;
  let token: string;
  let lan2: number;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp({ transport: createMailbox().transport });
    await addStaff(t, 'api@gialai.example', { office: DEMO_OFFICE });
    token = await t.deps.services.auth.createApiToken('api@gialai.example');
    lan2 = await startLan2(t, token);
  }, 60_000);
  afterAll(() => t.close());

  const publish = () => request(t.app).post(`/api/v1/consultations/${lan2}/publish`).set(auth()).expect(200);

  it('when lần 2 is not yet published then its changes page, its DOCX and lần 1\'s list of rounds do not show it', async () => {
    await request(t.app).get(`/consultations/${lan2}/changes`).expect(404);
    await request(t.app).get(`/consultations/${lan2}/changes.docx`).expect(404);
    const first = await request(t.app).get(`/consultations/${t.demoId}`).expect(200);
    expect(first.text).not.toContain('Các đợt lấy ý kiến của dự thảo này');
    // A first round follows nothing: no changes page; nor has an id that is not one.
    const none = await request(t.app).get(`/consultations/${t.demoId}/changes`).expect(404);
    expect(none.text).toContain('<h1>');
    await request(t.app).get('/consultations/999999/changes').expect(404);
    await request(t.app).get('/consultations/abc/changes').expect(404);
  });

  describe('once lần 2 is published', () => {
    beforeAll(async () => {
      await publish();
    });

    it('when a citizen opens the changes then the title, the counts, every clause of lần 2 in order with its badge and marked words, and the removed clause at the end', async () => {
      const res = await request(t.app).get(`/consultations/${lan2}/changes`).expect(200);
      const html = res.text;
      expect(html).toContain('<h1>Những thay đổi so với Dự thảo lần 1');
      expect(html).toContain('2 mục sửa, 3 mục mới, 1 mục bỏ, 1 mục chuyển chỗ');
      // The edited 1.2.: its new words inserted, with the text a screen reader reads.
      expect(html).toMatch(/<ins><span class="visually-hidden">\[thêm: <\/span>[^<]*nền tảng số xuyên biên giới[^<]*<span class="visually-hidden">\]<\/span><\/ins>/u);
      // 1.3. split: the new second half is a new clause.
      expect(html).toContain('Mục mới');
      // Section 2. of lần 1 is 3. now, unchanged.
      expect(textOf(html)).toContain('(trước là 2.)');
      const current = html.slice(html.indexOf('id="current-heading"'), html.indexOf('id="removed-heading"'));
      const removed = html.slice(html.indexOf('id="removed-heading"'));
      expect(textOf(removed)).toContain('Các mục đã bỏ (1)');
      expect(textOf(removed)).toMatch(/9\.2\.\s+Đã bỏ/u);
      expect(current).not.toMatch(/>9\.2\.<\/a>\s*<span class="badge badge--removed">/u);
      // In lần 2's order: 1.1. before the new section 2. before 3.
      const labels = [...current.matchAll(/<h3 class="change__title"><a [^>]*>([^<]+)<\/a>/gu)].map((m) => m[1]);
      expect(labels.slice(0, 9)).toEqual(['1.', '1.1.', '1.2.', '1.3.', '1.4.', '1.5.', '1.6.', '2.', '2.1.']);
      expect(labels.indexOf('3.')).toBeGreaterThan(labels.indexOf('2.1.'));
      expect(html).toContain(`href="/consultations/${lan2}/changes.docx"`);
      expect(html).not.toContain('<script');

      const english = await request(t.app).get(`/consultations/${lan2}/changes?lang=en`).expect(200);
      expect(english.text).toContain('What changed since draft version 1');
      expect(english.text).toContain('<span class="visually-hidden">[added: </span>');
    });

    it('when the filter asks for changed clauses only then unchanged ones are left out, by a plain link', async () => {
      const all = await request(t.app).get(`/consultations/${lan2}/changes`).expect(200);
      expect(all.text).toContain(`href="/consultations/${lan2}/changes?only=changed"`);
      const res = await request(t.app).get(`/consultations/${lan2}/changes?only=changed`).expect(200);
      const current = res.text.slice(res.text.indexOf('id="current-heading"'), res.text.indexOf('id="removed-heading"'));
      const badges = [...current.matchAll(/class="badge[^"]*">([^<]+)</gu)].map((m) => m[1]);
      expect(badges.length).toBe(2 + 3 + 1);
      expect(badges).not.toContain('Giữ nguyên');
      expect(res.text).toMatch(/href="[^"]*\?only=changed" aria-current="page"/u);
      // The removed list stays.
      expect(textOf(res.text)).toContain('Các mục đã bỏ (1)');
    });

    it('when the consultation pages are opened then lần 1 and lần 2 list both rounds, lần 2 links to its changes, and its clause pages say what changed', async () => {
      const second = await request(t.app).get(`/consultations/${lan2}`).expect(200);
      expect(second.text).toContain('Các đợt lấy ý kiến của dự thảo này');
      expect(second.text).toContain(`href="/consultations/${t.demoId}">Dự thảo lần 1</a>`);
      expect(second.text).toContain(`<a href="/consultations/${lan2}/changes">Xem những thay đổi so với Dự thảo lần 1</a>`);
      const first = await request(t.app).get(`/consultations/${t.demoId}`).expect(200);
      expect(first.text).toContain(`href="/consultations/${lan2}">Dự thảo lần 2</a>`);
      expect(first.text).not.toContain('Xem những thay đổi');

      const { body } = await request(t.app).get(`/api/v1/consultations/${lan2}/changes`).expect(200);
      type Side = { label: string; id: number } | null;
      const clauses = body.clauses as { change: string; renumbered: boolean; before: Side; after: Side }[];
      const anchorOf = async (id: number, label: string) => {
        const api = await request(t.app).get(`/api/v1/consultations/${id}`).expect(200);
        const flat: { label: string; anchor: string }[] = [];
        const walk = (nodes: { label: string; anchor: string; children?: unknown[] }[]) => nodes.forEach((n) => (flat.push(n), walk((n.children ?? []) as never)));
        walk(api.body.draft.clauses);
        return flat.find((n) => n.label === label)!.anchor;
      };
      expect(clauses.find((c) => c.change === 'modified' && c.after?.label === '1.2.')).toBeTruthy();
      const edited = await request(t.app).get(`/consultations/${lan2}/clauses/${await anchorOf(lan2, '1.2.')}`).expect(200);
      expect(edited.text).toContain('Mục này đã sửa so với Dự thảo lần 1.');
      expect(edited.text).toContain(`href="/consultations/${t.demoId}/clauses/${await anchorOf(t.demoId!, '1.2.')}">Xem nội dung ở Dự thảo lần 1</a>`);
      const added = await request(t.app).get(`/consultations/${lan2}/clauses/${await anchorOf(lan2, '2.1.')}`).expect(200);
      expect(added.text).toContain('Mục này mới có ở Dự thảo lần 2.');
      expect(added.text).not.toContain('Xem nội dung ở Dự thảo lần 1');
      const same = await request(t.app).get(`/consultations/${lan2}/clauses/${await anchorOf(lan2, '3.')}`).expect(200);
      expect(same.text).toContain('Mục này giữ nguyên như Dự thảo lần 1.');
      expect(textOf(same.text)).toContain('(trước là 2.)');
      // A first round's clause page says nothing of rounds.
      const old = await request(t.app).get(`/consultations/${t.demoId}/clauses/${await anchorOf(t.demoId!, '1.2.')}`).expect(200);
      expect(old.text).not.toContain('Mục này');
    });

    it('when the bản so sánh is downloaded then it is a two-column DOCX: a header row repeated, the removed clause at left only, an added one at right only, changed words underlined and struck', async () => {
      const res = await request(t.app).get(`/consultations/${lan2}/changes.docx`).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(res.headers['content-type']).toContain('wordprocessingml.document');
      expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="?ban-so-sanh-du-thao-lan-1-lan-2-${lan2}\\.docx"?$`, "u"));
      const docx = res.body as Buffer;
      const zip = await JSZip.loadAsync(docx);
      const xml = await zip.file('word/document.xml')!.async('string');
      expect(xml).toContain('w:orient="landscape"');
      expect(await zip.file('word/styles.xml')!.async('string')).toContain('w:ascii="Times New Roman"');
      const rows = xml.split('<w:tr>').slice(1);
      const cells = (row: string) => row.split('<w:tc>').slice(1).map((c) => [...c.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/gu)].map((m) => m[1]).join(''));
      expect(rows[0]).toContain('<w:tblHeader/>');
      expect(cells(rows[0])).toEqual(['Dự thảo lần 1', 'Dự thảo lần 2']);
      const removed = rows.find((r) => cells(r)[0].startsWith('9.2.'))!;
      expect(cells(removed)[0].length).toBeGreaterThan(20);
      expect(cells(removed)[1]).toBe('');
      const added = rows.find((r) => cells(r)[1].startsWith('2.1.') && cells(r)[1].includes('Phối hợp với các cơ quan liên quan rà soát'))!;
      expect(cells(added)[0]).toBe('');
      const edited = rows.find((r) => cells(r)[1].startsWith('1.2.') && cells(r)[1].includes('xuyên biên giới'))!;
      const [left, right] = edited.split('<w:tc>').slice(1);
      expect(right).toMatch(/<w:r><w:rPr><w:u w:val="single"\/><\/w:rPr><w:t[^>]*>[^<]*xuyên biên giới/u);
      expect(left).not.toContain('xuyên biên giới');
      expect(left).not.toContain('<w:u ');
      // 1.3. lost its second half, which is a clause of its own now: struck at left, not at right.
      const split = rows.find((r) => cells(r)[0].startsWith('1.3.') && cells(r)[1].startsWith('1.3.'))!;
      const [splitLeft, splitRight] = split.split('<w:tc>').slice(1);
      expect(splitLeft).toMatch(/<w:r><w:rPr><w:strike\/><\/w:rPr><w:t[^>]*>[^<]*đăng, phát/u);
      expect(splitRight).not.toContain('<w:strike/>');
      // Rendered once by LibreOffice for a person to look at (test-artifacts/comparison-docx/page-*.png).
      if (hasSoffice) {
        const { comparison } = await docxToPdf({ comparison: docx });
        const pngs = await pdfPagesToPng(comparison, 'comparison-docx', 60);
        expect(pngs.length).toBeGreaterThan(1);
        expect(existsSync(pngs[0])).toBe(true);
      }
      mkdirSync(path.join(ARTIFACTS, 'comparison-docx'), { recursive: true });
      writeFileSync(path.join(ARTIFACTS, 'comparison-docx', 'ban-so-sanh.docx'), docx);
    }, 180_000);
  });
});
