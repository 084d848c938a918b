import { type TestApp, startTestApp } from '../helpers/app';
import { DEMO_OFFICE, letterFields, sendFields } from '../helpers/office';
import { addStaff, signIn } from '../helpers/staff';

const MANY = 5_000;
const nameOf = (i: number) => `Đơn vị thử nghiệm số ${String(i).padStart(4, '0')}`;
const count = (text: string, re: RegExp) => [...text.matchAll(re)].length;
const editLinks = (html: string) => count(html, /href="\/office\/agencies\/\d+\/edit"/gu);
const pickerBoxes = (html: string) => count(html, /name="agencyIds"/gu);
const checkedBox = (id: number) => `id="agency-${id}" name="agencyIds" value="${id}" checked`;

type Agent = Awaited<ReturnType<typeof signIn>>;

describe('long lists: the directory, the recipient picker and the outbox with thousands of rows', () => {
  let t: TestApp;
  let officer: Agent;
  let officeId: number;
  const ids = new Map<number, number>();

  beforeAll(async () => {
    t = await startTestApp();
    officeId = (await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE })).officeId;
    officer = await signIn(t.app, 'chuyenvien@gialai.example');
    await t.deps.uow.write(async ({ agencies: tx }) => {
      for (let i = 1; i <= MANY; i++) ids.set(i, await tx.insertAgency(officeId, nameOf(i), [`dv${i}@thu.example`]));
    });
  }, 120_000);
  afterAll(() => t.close());

  it('when the directory holds 5,000 agencies then a page lists at most 50 of them, says how many there are and links page 2', async () => {
    const page = await officer.get('/office/agencies').expect(200);
    expect(editLinks(page.text)).toBe(50);
    expect(page.text).toContain(`(${MANY + 26})`);
    expect(page.text).toMatch(/href="\/office\/agencies#agencies" aria-label="Trang 1, đang xem" aria-current="page"/u);
    expect(page.text).toContain('href="/office/agencies?page=2#agencies"');

    const second = await officer.get('/office/agencies?page=2').expect(200);
    expect(editLinks(second.text)).toBe(50);
    expect(second.text).toMatch(/aria-label="Trang 2, đang xem" aria-current="page"/u);
    const firstNames = new Set([...page.text.matchAll(/<th scope="row">([^<]+)/gu)].map((m) => m[1]));
    expect([...second.text.matchAll(/<th scope="row">([^<]+)/gu)].some((m) => firstNames.has(m[1]))).toBe(false);
  });

  it('when the officer searches the large directory without diacritics then the agency is found on page 1', async () => {
    const page = await officer.get('/office/agencies?q=don vi thu nghiem so 4321').expect(200);
    expect(editLinks(page.text)).toBe(1);
    expect(page.text).toContain(nameOf(4321));
    expect(page.text).toContain('dv4321@thu.example');
  });

  it('when the new-consultation form opens on a large directory then it offers one page of agencies with a search', async () => {
    const page = await officer.get('/office/consultations/new').expect(200);
    expect(pickerBoxes(page.text)).toBe(50);
    expect(page.text).toContain('<label for="pickerQ">Tìm cơ quan theo tên</label>');
    expect(page.text).toMatch(/name="pickerPage" value="2" aria-label="Trang 2"/u);
  });

  it('when an agency not on the current page is ticked and the officer turns the page then it stays chosen and nothing is saved', async () => {
    const csrf = await officer.csrf(`/office/consultations/${t.demoId}/recipients`);
    const before = await t.deps.db.selectFrom('consultation_recipients').select('id').where('consultation_id', '=', t.demoId!).execute();
    const chosen = ids.get(4321)!;
    const page = await officer
      .post(`/office/consultations/${t.demoId}/recipients`)
      .type('form')
      .send({ _csrf: csrf, agencyIds: [String(chosen)], pickerQ: '', pickerPage: '3' })
      .expect(200);
    expect(page.text).toContain(checkedBox(chosen));
    expect(page.text).toMatch(/aria-label="Trang 3, đang xem" aria-current="page"/u);
    expect(pickerBoxes(page.text)).toBe(51);
    expect(await t.deps.db.selectFrom('consultation_recipients').select('id').where('consultation_id', '=', t.demoId!).execute()).toEqual(before);
  });

  it('when the officer searches the picker of the new-consultation form then the ticked agencies and the letter are kept', async () => {
    const csrf = await officer.csrf('/office/consultations/new');
    const chosen = [ids.get(7)!, ids.get(4999)!];
    const req = officer.post(`/office/consultations?_csrf=${encodeURIComponent(csrf)}`);
    const page = await sendFields(req, { ...letterFields(), agencyIds: chosen.map(String), pickerQ: 'so 1234', pickerAction: 'search' }).expect(200);
    for (const id of chosen) expect(page.text).toContain(checkedBox(id));
    expect(page.text).toContain(nameOf(1234));
    expect(page.text).toContain('value="600/STTTT-BCVT"');
    expect(page.text).toContain('value="so 1234"');
    expect(pickerBoxes(page.text)).toBe(3);
  });

  it('when the outbox holds more than a page of mail then it shows 50 rows a page, page 2 and a search by recipient', async () => {
    for (let i = 1; i <= 120; i++) {
      await t.deps.mail.outbox.enqueue({ template: 'invitation', to: `hop-thu-${i}@thu.example`, subject: `Thư thử số ${i}`, text: 'nội dung', consultationId: t.demoId });
    }
    const mailRows = (html: string) => count(html, /<a href="\/office\/outbox\/\d+">/gu);
    const first = await officer.get('/office/outbox').expect(200);
    expect(mailRows(first.text)).toBe(50);
    expect(first.text).toContain('hop-thu-120@thu.example');
    expect(first.text).toContain('href="/office/outbox?page=2"');
    const second = await officer.get('/office/outbox?page=2').expect(200);
    expect(mailRows(second.text)).toBe(50);
    expect(second.text).not.toContain('hop-thu-120@thu.example');
    const found = await officer.get('/office/outbox?q=hop-thu-7@').expect(200);
    expect(mailRows(found.text)).toBe(1);
    expect(found.text).toContain('Thư thử số 7<');
    // Whatever the engine, the search ignores case.
    expect(mailRows((await officer.get('/office/outbox?q=HOP-THU-7@').expect(200)).text)).toBe(1);
  });
});
