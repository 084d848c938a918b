import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { csrfFrom } from '../helpers/staff';

// The header's language link reloads the page the user is looking at in the other language.
describe('the language switch', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demo: false });
  });
  afterAll(() => t.close());

  const switchLink = (html: string): string => /<a href="([^"]*)" lang="en"/u.exec(html)![1]!.replace(/&amp;/gu, '&');

  it('when a page is read then the link is the same address in English', async () => {
    const page = await request(t.app).get('/login?next=%2Foffice').expect(200);
    expect(switchLink(page.text)).toBe('/login?next=%2Foffice&lang=en');
  });

  it('when a refused form is shown again then the link goes back to the form\'s page, never to the address it was posted to, and carries no token', async () => {
    const agent = request.agent(t.app);
    const form = await agent.get('/login').expect(200);
    const refused = await agent
      .post('/login')
      .set('Host', 'gopy.test')
      .set('Referer', 'http://gopy.test/login?_csrf=x')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), email: 'khong.co@gialai.example', password: 'sai-mat-khau-2026' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(switchLink(refused.text)).toBe('/login?lang=en');
    const foreign = await agent.post('/login').set('Referer', 'https://evil.example/phish').type('form').send({ _csrf: csrfFrom(form.text), email: 'a@b.example', password: 'x' });
    expect(switchLink(foreign.text)).toBe('/?lang=en');
  });
});
