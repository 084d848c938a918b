import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedDraftDocx } from '../fixtures/make-docx';
import { demoLinks } from '../helpers/agency';
import { type TestApp, startTestApp } from '../helpers/app';
import { launchBrowser } from '../helpers/browser';
import { DEMO_OFFICE, PDF_FIXTURE, letterFields, sendFields } from '../helpers/office';
import { PageChecks } from '../helpers/page-checks';
import { type TestSmtpServer, startSmtpServer } from '../helpers/smtp';
import { STAFF_PASSWORD, addStaff, signIn } from '../helpers/staff';

// The office's pages on a 360 px phone, the agency's page once it has submitted, and Vietnamese
// drawn in fonts that carry it, in Debian's chromium.

const OFFICER = 'chuyenvien@stttt.gialai.example';
const PHONE = { width: 360, height: 740 };
const DESK = { width: 1280, height: 900 };
/** Screenshots for a person to look at, when asked for: SHOTS_DIR=/tmp/shots npx jest tests/e2e/phone-and-fonts.test.ts */
const SHOTS_DIR = process.env.SHOTS_DIR;

let smtp: TestSmtpServer;
let t: TestApp;
let server: Server;
let base: string;
let browser: Browser;
let link: (agency: string) => string;
let draftId: number;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ env: { SMTP_URL: smtp.url } });
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
  link = await demoLinks(t, smtp);

  // A consultation still in draft, for the pages that exist only before publishing.
  await addStaff(t, OFFICER, { office: DEMO_OFFICE, name: 'Nguyễn Chuyên Viên' });
  const agent = await signIn(t.app, OFFICER);
  const csrf = await agent.csrf('/office/consultations/new');
  const req = agent.post(`/office/consultations?_csrf=${encodeURIComponent(csrf)}`);
  sendFields(req, letterFields({ number: '610/STTTT-BCVT' }));
  req.attach('draft', await seedDraftDocx('automatic'), 'du-thao-lan-1.docx');
  const created = await req.expect(303);
  draftId = Number(/\/office\/consultations\/(\d+)\/draft$/u.exec(created.headers.location as string)![1]);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await t?.close();
  await smtp?.close();
});

/**
 * The portal serves no script (tests/integration/public-pages.test.ts), so turning JavaScript off
 * changes nothing but axe-core, which needs it to run: pages played without it skip axe.
 */
async function open(viewport: { width: number; height: number }, javaScript = true): Promise<{ context: BrowserContext; page: Page; checks: PageChecks }> {
  const context = await browser.newContext({ viewport, javaScriptEnabled: javaScript, locale: 'vi-VN' });
  const page = await context.newPage();
  return { context, page, checks: new PageChecks(page) };
}

async function shoot(page: Page, name: string): Promise<void> {
  if (SHOTS_DIR) await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true });
}

/** What every page must pass: axe-core, the fonts, and at phone width the layout. */
async function expectSound(checks: PageChecks, where: string, width: number, axe = true): Promise<void> {
  if (axe) expect({ where, axe: await checks.seriousAxeViolations() }).toEqual({ where, axe: [] });
  const { wrong } = await checks.fonts();
  expect({ where, wrongFonts: wrong }).toEqual({ where, wrongFonts: [] });
  if (width <= PHONE.width) expect({ where, layout: await checks.layout() }).toEqual({ where, layout: [] });
}

async function signInOfficer(page: Page): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Địa chỉ thư điện tử').fill(OFFICER);
  await page.getByLabel('Mật khẩu').fill(STAFF_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Các đợt lấy ý kiến của cơ quan' }).waitFor();
}

describe('an agency that has submitted, in a real browser without JavaScript', () => {
  it('when Công an tỉnh submits on a 360 px phone with a mouse and opens its link again, then its receipt comes first and "Sửa và gửi lại" opens the form', async () => {
    const { context, page, checks } = await open(PHONE, false);
    await page.goto(`${base}${link('Công an tỉnh')}`);
    await page.getByRole('heading', { level: 1, name: 'Góp ý của Công an tỉnh' }).waitFor();
    await expectSound(checks, 'the agency page before sending', PHONE.width, false);
    const item = page.locator('#k-muc-2-3');
    await item.locator('summary').first().click();
    await item.getByLabel(/^Ý kiến góp ý/u).first().fill('Đề nghị làm rõ đầu mối phối hợp.');
    await page.getByLabel('Số, ký hiệu văn bản').fill('123/CAT-PV05');
    await page.getByLabel(/Tệp văn bản đã ký/u).setInputFiles(PDF_FIXTURE);
    await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /^Đã nhận ý kiến góp ý — biên nhận số BN-/u }).waitFor();
    await expectSound(checks, 'the receipt', PHONE.width, false);
    const number = /BN-\d{8}-\d{6}/u.exec(page.url())![0];
    await page.getByRole('columnheader', { name: 'Mục', exact: true }).waitFor({ state: 'attached' });

    await page.goto(`${base}${link('Công an tỉnh')}`);
    const sent = page.getByRole('heading', { level: 2, name: new RegExp(`^Đã gửi ý kiến lúc .+ — biên nhận ${number}$`, 'u') });
    await sent.waitFor();
    // At the top: above the deadline box, within the first screen.
    const top = await sent.boundingBox();
    expect(top!.y + top!.height).toBeLessThan(PHONE.height);
    expect(await page.getByRole('textbox').count()).toBe(0);
    await page.getByText('Đề nghị làm rõ đầu mối phối hợp.').waitFor();
    await expectSound(checks, 'the agency page after sending', PHONE.width, false);
    await shoot(page, 'agency-sent-360');

    await page.getByRole('link', { name: `Xem biên nhận đầy đủ ${number}` }).click();
    await page.getByRole('heading', { level: 1, name: `Đã nhận ý kiến góp ý — biên nhận số ${number}` }).waitFor();
    await page.goBack();
    await page.getByRole('link', { name: 'Sửa và gửi lại' }).click();
    const box = page.locator('#k-muc-2-3').getByLabel(/^Ý kiến góp ý/u).first();
    expect(await box.inputValue()).toBe('Đề nghị làm rõ đầu mối phối hợp.');
    await page.getByRole('button', { name: 'Gửi lại ý kiến (thay lần gửi trước)' }).waitFor();
    await expectSound(checks, 'the agency page, revising', PHONE.width, false);
    await shoot(page, 'agency-revising-360');
    await page.getByRole('link', { name: 'Thôi sửa, xem lại ý kiến đã gửi' }).click();
    await sent.waitFor();
    expect(await page.getByRole('textbox').count()).toBe(0);
    await context.close();
  }, 120_000);

  it('when Tỉnh đoàn agrees and comes back by keyboard alone at 1280 px, then Tab reaches "Sửa và gửi lại" and Enter opens the form, and Tab reaches every control', async () => {
    const { context, page, checks } = await open(DESK);
    await page.goto(`${base}${link('Tỉnh đoàn Gia Lai')}`);
    await page.getByRole('checkbox', { name: 'Thống nhất với dự thảo, không có ý kiến khác' }).check();
    await page.getByRole('button', { name: 'Gửi ý kiến', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /^Đã nhận ý kiến góp ý/u }).waitFor();

    await page.goto(`${base}${link('Tỉnh đoàn Gia Lai')}`);
    await page.getByRole('heading', { level: 2, name: /^Đã gửi ý kiến lúc/u }).waitFor();
    await expectSound(checks, 'the agency page after agreeing', DESK.width);
    await shoot(page, 'agency-sent-1280');
    const tabbed = await checks.tabThrough();
    expect({ missed: tabbed.missed, hidden: tabbed.hidden }).toEqual({ missed: [], hidden: [] });

    const focused = () => checks.inspect<string>(`(document.activeElement && document.activeElement.textContent || '').trim()`);
    for (let i = 0; i < 60 && (await focused()) !== 'Sửa và gửi lại'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('Sửa và gửi lại');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Gửi lại ý kiến (thay lần gửi trước)' }).waitFor();
    expect(await page.getByRole('checkbox', { name: 'Thống nhất với dự thảo, không có ý kiến khác' }).isChecked()).toBe(true);
    await context.close();
  }, 120_000);
});

describe('the office on a 360 px phone without JavaScript', () => {
  it('when the officer opens every office page then nothing sticks out, every control is reachable by finger and by Tab, axe-core finds nothing serious and Vietnamese is drawn right', async () => {
    const demo = t.demoId!;
    const police = await t.deps.db
      .selectFrom('invitations as i')
      .innerJoin('agencies as a', 'a.id', 'i.agency_id')
      .select('i.id')
      .where('a.name', '=', 'Công an tỉnh')
      .where('i.consultation_id', '=', demo)
      .executeTakeFirstOrThrow();
    const mail = await t.deps.db.selectFrom('outbox').select('id').orderBy('id').executeTakeFirstOrThrow();
    const pages: [string, string | RegExp][] = [
      ['/office', 'Các đợt lấy ý kiến của cơ quan'],
      [`/office/consultations/${demo}`, /^Công văn đề nghị góp ý 532/u],
      ['/office/consultations/new', 'Tạo đợt lấy ý kiến'],
      [`/office/consultations/${draftId}/edit`, /./u],
      [`/office/consultations/${draftId}/recipients`, 'Cơ quan được lấy ý kiến (Kính gửi)'],
      [`/office/consultations/${demo}/recipients`, /./u],
      [`/office/consultations/${draftId}/draft`, 'Kiểm tra cây điều khoản'],
      [`/office/consultations/${demo}/draft`, 'Kiểm tra cây điều khoản'],
      ['/office/agencies', 'Danh bạ cơ quan, đơn vị được lấy ý kiến'],
      ['/office/agencies/new', 'Thêm cơ quan'],
      ['/office/agencies/import', /./u],
      ['/office/agencies/groups/new', /./u],
      ['/office/outbox', /./u],
      [`/office/outbox/${mail.id}`, /./u],
      [`/office/consultations/${demo}/invitations/${police.id}`, /./u],
      [`/office/consultations/${demo}/invitations/${police.id}/entry`, /./u],
      [`/office/consultations/${demo}/review`, 'Tổng hợp, tiếp thu, giải trình ý kiến'],
      [`/office/consultations/${demo}/report`, /./u],
    ];
    const { context, page, checks } = await open(PHONE);
    await signInOfficer(page);
    const failures: unknown[] = [];
    for (const [where, heading] of pages) {
      await page.goto(`${base}${where}`);
      await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
      await shoot(page, `office${where.replaceAll('/', '-')}-360`);
      const tabbed = await checks.tabThrough();
      const { wrong } = await checks.fonts();
      const problems = {
        where,
        layout: await checks.layout(),
        axe: await checks.seriousAxeViolations(),
        wrongFonts: wrong,
        notTabbed: tabbed.missed,
        focusHidden: tabbed.hidden,
      };
      if (Object.values(problems).some((v) => Array.isArray(v) && v.length)) failures.push(problems);
    }
    expect(failures).toEqual([]);

    // The dashboard's recipients are stacked rows: each row's details and actions within the screen, named by their column.
    await page.goto(`${base}/office/consultations/${demo}`);
    const row = page.getByRole('row').filter({ hasText: 'Công an tỉnh' });
    const actions = row.getByRole('button', { name: /^Gửi lại đường liên kết/u });
    await actions.scrollIntoViewIfNeeded();
    const at = await actions.boundingBox();
    expect(at!.x + at!.width).toBeLessThanOrEqual(PHONE.width);
    const labels = await checks.inspect<string[]>(`Array.from(document.querySelectorAll('#recipients tbody tr:first-child td'), (td) => getComputedStyle(td, '::before').content)`);
    expect(labels).toEqual(['"Tình trạng"', '"Chi tiết"', '"Thao tác"']);

    // The draft review's monospace panel is drawn in a monospace font that places the marks, found on this machine.
    await page.goto(`${base}/office/consultations/${draftId}/draft`);
    const panel = await checks.fontsOf('.source-text');
    expect(panel).toContain('Liberation Mono');
    expect(panel).not.toContain('DejaVu Sans Mono');
    await context.close();
  }, 240_000);
});

describe('the public pages', () => {
  it('when a visitor reads the draft then the table of contents numbers each heading once, the header offers "Đăng nhập", and every page draws Vietnamese right', async () => {
    const demo = t.demoId!;
    const anchor = 'muc-2-3';
    for (const viewport of [DESK, PHONE]) {
      const { context, page, checks } = await open(viewport);
      for (const [where, heading] of [
        ['/', 'Dự thảo văn bản lấy ý kiến góp ý'],
        [`/consultations/${demo}`, /./u],
        [`/consultations/${demo}/clauses/${anchor}`, /^2\.3\. Tăng cường thu thập/u],
        ['/login', 'Đăng nhập cho cán bộ'],
      ] as [string, string | RegExp][]) {
        await page.goto(`${base}${where}`);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await expectSound(checks, `${where} at ${viewport.width} px`, viewport.width);
        await shoot(page, `public${where.replaceAll('/', '-') || '-home'}-${viewport.width}`);
      }
      await page.goto(`${base}/`);
      await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Đăng nhập' }).click();
      await page.getByRole('heading', { level: 1, name: 'Đăng nhập cho cán bộ' }).waitFor();

      await page.goto(`${base}/consultations/${demo}`);
      const toc = page.getByRole('navigation', { name: 'Mục lục' });
      const first = toc.getByRole('link').first();
      expect(await first.textContent()).toMatch(/^1\. /u);
      // A list number before "1. …" would say it twice: the entries carry no marker.
      const markers = await checks.inspect<string[]>(`Array.from(document.querySelectorAll('.toc li'), (li) => getComputedStyle(li).listStyleType)`);
      expect(markers.length).toBeGreaterThan(9);
      expect(new Set(markers)).toEqual(new Set(['none']));
      await context.close();
    }
  }, 120_000);
});
