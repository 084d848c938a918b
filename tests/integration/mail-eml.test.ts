import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { createMail } from '../../src/mail';
import { renderInvitation } from '../../src/mail/templates';
import { TEST_NOW } from '../helpers/app';
import { type TestDatabase, openTestDatabase } from '../helpers/database';

describe('mail without SMTP_URL', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => database.close());

  it('when a message is delivered, then an .eml file under DATA_DIR/outbox parses back to the same subject and body', async () => {
    const config = loadConfig({ DATA_DIR: database.dir, MAIL_FROM: 'Gopy <no-reply@gopy.example.org>' });
    const mail = createMail(config, database.db, fixedClock(TEST_NOW), () => undefined);
    const rendered = renderInvitation({
      letterNumber: '532/STTTT-BCVT',
      letterDate: '2020-04-21',
      subject: 'tham gia góp ý Dự thảo văn bản tăng cường công tác quản lý, cung cấp, sử dụng dịch vụ Internet',
      officeName: 'Sở Thông tin và Truyền thông tỉnh Gia Lai',
      deadlineAt: '2020-04-26T17:00:00.000Z',
      deadlineRule: 'before_date',
      agencyName: 'Ủy ban nhân dân huyện Chư Păh',
      link: 'http://gopy.test/i/Zm9v',
    });
    const first = await mail.outbox.enqueue({ template: 'invitation', to: 'chupah@example.vn', ...rendered });
    const second = await mail.outbox.enqueue({ template: 'reminder', to: 'kbang@example.vn', subject: 'Nhắc hạn góp ý', text: 'Còn 2 ngày.' });

    expect(await mail.delivery.deliverDue()).toEqual({ sent: 2, failed: 0, retried: 0 });

    const dir = path.join(database.dir, 'outbox');
    const files = readdirSync(dir);
    expect(files).toEqual([`00000${first}-invitation.eml`, `00000${second}-reminder.eml`]);
    const raw = readFileSync(path.join(dir, files[0]));
    expect(raw.toString('latin1')).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/mu);
    expect([...raw].every((byte) => byte < 0x80)).toBe(true);
    expect(readdirSync(dir, { withFileTypes: true }).filter((f) => f.name.endsWith('.tmp'))).toEqual([]);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(rendered.subject);
    expect(parsed.text?.trim()).toBe(rendered.text.trim());
    expect(parsed.html).toContain('Ủy ban nhân dân huyện Chư Păh');
    expect(parsed.from?.value).toEqual([{ name: 'Gopy', address: 'no-reply@gopy.example.org' }]);
    expect(parsed.messageId).toMatch(/^<.+@.+>$/u);
    expect(await mail.outbox.find(first)).toMatchObject({ state: 'sent', sent_at: TEST_NOW });
  });
});
