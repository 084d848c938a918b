import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { simpleParser } from 'mailparser';
import { DEMO_LOGIN_FILE } from '../../src/demo/demo-access';
import { type TestApp, startTestApp } from '../helpers/app';
import { linkIn } from '../helpers/office';
import { signIn, csrfFrom } from '../helpers/staff';

describe('the demo, played offline', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await t.deps.mail.delivery.stop();
    await t.close();
  });

  it('when the portal starts empty then a demo officer can sign in and open an agency link from the outbox page', async () => {
    const login = readFileSync(path.join(t.dataDir, DEMO_LOGIN_FILE), 'utf8');
    const email = /e-mail: (\S+)/u.exec(login)![1]!;
    const password = /password: (\S+)/u.exec(login)![1]!;
    const officer = await signIn(t.app, email, password);

    await t.deps.mail.delivery.deliverDue();
    const rows = await t.deps.db.selectFrom('outbox').select('state').execute();
    expect(rows.filter((r) => r.state === 'sent')).toHaveLength(26);

    const outbox = await officer.get('/office/outbox').expect(200);
    expect(outbox.text).toContain('SMTP_URL');
    const emlPath = /href="(\/office\/outbox\/\d+\.eml)"/u.exec(outbox.text)![1]!;
    const eml = await officer.get(emlPath).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    const mail = await simpleParser(eml.body as Buffer);
    expect(mail.subject).toContain('532/STTTT-BCVT');
    const page = await request(t.app).get(new URL(linkIn(mail.text!)).pathname).expect(200);
    expect(page.text).toContain('Góp ý của');

    const dashboard = await officer.get(`/office/consultations/${t.demoId}`).expect(200);
    expect(dashboard.text).toContain('0/26 cơ quan đã gửi ý kiến');
    expect(dashboard.text).toContain('Đã mở đường liên kết');

    // Someone else's office cannot read the demo's mail.
    await request(t.app).get(emlPath).expect(303);

    // The newcomer's way: the mail shown in the page, its link followed, a comment sent, a receipt.
    const mailPage = await officer.get(emlPath.replace('.eml', '')).expect(200);
    const href = /<a href="(\/invite\/[A-Za-z0-9_-]{43})"/u.exec(mailPage.text)![1]!;
    const agency = request.agent(t.app);
    const form = await agency.get(href).expect(200);
    const csrf = csrfFrom(form.text);
    const clauseBox = /name="(c_\d+)"/u.exec(form.text)![1]!;
    const sent = await agency
      .post(`${href}?_csrf=${encodeURIComponent(csrf)}`)
      .field('action', 'submit')
      .field(clauseBox, 'Ý kiến thử của bản trình diễn.')
      .attach('letterFile', Buffer.from('%PDF-1.4\n%%EOF\n'), 'cong-van.pdf')
      .expect(303);
    const receipt = await agency.get(sent.headers.location as string).expect(200);
    expect(receipt.text).toContain('Đã nhận ý kiến góp ý — biên nhận số BN-');
    expect((await officer.get(`/office/consultations/${t.demoId}`)).text).toContain('1/26 cơ quan đã gửi ý kiến');
  });
});
