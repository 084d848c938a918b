import { type TestApp, startTestApp } from '../helpers/app';
import { at } from '../helpers/days';
import { addStaff, signIn } from '../helpers/staff';

const OFFICE = 'Sở Thông tin và Truyền thông tỉnh Gia Lai';

describe.each([
  ['five days ahead of', 5],
  ['five days behind', -5],
  ['a year ahead of', 365],
])('when the portal clock runs %s the real one', (_label, days) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ now: at(days, '10:00'), demo: false });
    await addStaff(t, 'chuyenvien@gialai.example', { office: OFFICE });
  });
  afterEach(() => t.close());

  it('then the session cookie carries Max-Age, and a signed-in officer stays signed in', async () => {
    const agent = await signIn(t.app, 'chuyenvien@gialai.example');
    const office = await agent.get('/office').expect(200);
    expect(office.text).toContain('chuyenvien');
    // Eleven hours on: the session slides forward and the renewed cookie is kept by the jar.
    t.clock.advance(11 * 60 * 60 * 1000);
    const renewed = await agent.get('/office').expect(200);
    const cookie = (renewed.headers['set-cookie'] as unknown as string[] | undefined)?.find((c) => c.startsWith('gopy_session='));
    expect(cookie).toMatch(/Max-Age=43200/u);
    t.clock.advance(11 * 60 * 60 * 1000);
    await agent.get('/office').expect(200);
  });
});
