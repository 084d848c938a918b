import { deadlinePhrase, renderDeadlineChanged, renderInvitation, renderReminder, type InvitationMailData } from '../../src/mail/templates';

const invitation: InvitationMailData = {
  letterNumber: '532/STTTT-BCVT',
  letterDate: '2020-04-21',
  subject: 'tham gia góp ý Dự thảo văn bản tăng cường công tác quản lý, cung cấp, sử dụng dịch vụ Internet và thông tin trên mạng trên địa bàn tỉnh Gia Lai',
  officeName: 'Sở Thông tin và Truyền thông tỉnh Gia Lai',
  deadlineAt: '2020-04-26T17:00:00.000Z', // 00:00 on 27/04/2020 in Vietnam
  deadlineRule: 'before_date',
  agencyName: 'Ủy ban nhân dân thành phố Pleiku',
  link: 'https://gopy.example.gov.vn/moi/3f9a',
  contactName: 'Bà Nguyễn Thị Lan',
  contactPhone: '0269 3 823 456',
  contactEmail: 'lan@stttt.example.vn',
};

describe('mail templates', () => {
  it('when an invitation is rendered, then its text names the letter, the deadline with its last minute, the link, the contact and that the link is personal', () => {
    const mail = renderInvitation(invitation);

    expect(mail.subject).toBe(`Công văn số 532/STTTT-BCVT: V/v ${invitation.subject}`);
    expect(mail.text).toContain('Kính gửi: Ủy ban nhân dân thành phố Pleiku');
    expect(mail.text).toContain('Công văn số 532/STTTT-BCVT ngày 21/04/2020 V/v tham gia góp ý');
    expect(mail.text).toContain('Hạn góp ý: trước ngày 27/04/2020 (tức hạn chót 23:59 ngày 26/04/2020).');
    expect(mail.text).toContain('\nhttps://gopy.example.gov.vn/moi/3f9a\n');
    expect(mail.text).toContain('Bà Nguyễn Thị Lan, điện thoại 0269 3 823 456, e-mail lan@stttt.example.vn');
    expect(mail.text).toMatch(/dành riêng cho Ủy ban nhân dân thành phố Pleiku.*không chuyển tiếp/u);
    expect(mail.text).toContain('Trân trọng,\nSở Thông tin và Truyền thông tỉnh Gia Lai');
    expect(mail.text).not.toMatch(/\n{3}/u);
    expect(mail.html).toContain('<a href="https://gopy.example.gov.vn/moi/3f9a">');
    expect(mail.html).toContain('<a href="mailto:lan@stttt.example.vn">');
  });

  it('when the letter has no contact person, then the contact line is left out', () => {
    const mail = renderInvitation({ ...invitation, contactName: null, contactPhone: null, contactEmail: '  ' });
    expect(mail.text).not.toContain('liên hệ');
    expect(mail.html).not.toContain('liên hệ');
  });

  it('when user text carries markup, then the HTML escapes it and the subject stays on one line', () => {
    const mail = renderInvitation({
      ...invitation,
      agencyName: '<script>alert("x")</script> Công ty & Cộng sự',
      subject: 'dự thảo\r\nBcc: victim@example.com',
      contactName: '<img src=x onerror=alert(1)>',
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Công ty &amp; Cộng sự');
    expect(mail.subject).toBe('Công văn số 532/STTTT-BCVT: V/v dự thảo Bcc: victim@example.com');
    expect(mail.text).toContain('<script>alert("x")</script> Công ty & Cộng sự');
  });

  it.each([
    ['before_date', '2020-04-26T17:00:00.000Z', 'trước ngày 27/04/2020 (tức hạn chót 23:59 ngày 26/04/2020)'],
    ['by_end_of_date', '2020-04-27T17:00:00.000Z', 'chậm nhất ngày 27/04/2020 (tức hạn chót 23:59 ngày 27/04/2020)'],
    ['at_time', '2020-04-27T10:00:00.000Z', 'trước 17:00 ngày 27/04/2020'],
  ] as const)('when the rule is %s, then the deadline reads as the letter words it in Vietnam time', (rule, at, phrase) => {
    expect(deadlinePhrase(rule, at)).toBe(phrase);
  });

  it('when a reminder is rendered, then it gives the days left with the same facts', () => {
    const mail = renderReminder({ ...invitation, daysLeft: 2 });
    expect(mail.subject).toBe(`Nhắc hạn góp ý (còn 2 ngày) – Công văn số 532/STTTT-BCVT: V/v ${invitation.subject}`);
    expect(mail.text).toContain('còn 2 ngày');
    expect(mail.text).toContain('trước ngày 27/04/2020');
    expect(mail.text).toContain('https://gopy.example.gov.vn/moi/3f9a');
    expect(mail.html).toContain('<strong>còn 2 ngày</strong>');
  });

  it('when the deadline moves later, then the mail announces an extension with the old and the new deadline', () => {
    const mail = renderDeadlineChanged({ ...invitation, deadlineAt: '2020-05-03T17:00:00.000Z', previousDeadlineAt: invitation.deadlineAt });
    expect(mail.subject).toMatch(/^Gia hạn góp ý – Công văn số 532\/STTTT-BCVT/u);
    expect(mail.text).toContain('gia hạn thời hạn góp ý');
    expect(mail.text).toContain('Hạn cũ: trước ngày 27/04/2020 (tức hạn chót 23:59 ngày 26/04/2020).');
    expect(mail.text).toContain('Hạn mới: trước ngày 04/05/2020 (tức hạn chót 23:59 ngày 03/05/2020).');
    expect(mail.text).not.toContain('sớm hơn');
  });

  it('when the consultation ends early, then the mail says the new deadline is earlier', () => {
    const mail = renderDeadlineChanged({ ...invitation, deadlineAt: '2020-04-24T10:00:00.000Z', deadlineRule: 'at_time', previousDeadlineAt: invitation.deadlineAt, previousDeadlineRule: 'before_date' });
    expect(mail.subject).toMatch(/^Thay đổi hạn góp ý – /u);
    expect(mail.text).toContain('Hạn cũ: trước ngày 27/04/2020');
    expect(mail.text).toContain('Hạn mới: trước 17:00 ngày 24/04/2020.');
    expect(mail.text).toContain('Hạn mới sớm hơn hạn cũ');
    expect(mail.html).toContain('<s>trước ngày 27/04/2020');
  });
});
