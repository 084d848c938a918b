import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { largeDraft } from '../helpers/large-draft';
import { addStaff } from '../helpers/staff';

const HOSTILE = '<script>alert("A")</script> ý kiến riêng của Sở A';
const count = (text: string, re: RegExp) => [...text.matchAll(re)].length;

describe('the agency page of a large draft', () => {
  let t: TestApp;
  let draft: Awaited<ReturnType<typeof largeDraft>>;

  const save = (name: string, comments: { clauseId: number; text: string; proposedText: string | null }[]) => {
    const link = draft.links.get(name)!;
    return t.deps.services.submissions.save(
      { kind: 'ok', invitationId: link.invitationId, consultationId: draft.consultationId, agencyId: link.agencyId, agencyName: name },
      { generalComment: null, agreeWithoutComments: false, comments, letter: { number: null, date: null, signer: null, title: null }, savedBy: null },
    );
  };

  beforeAll(async () => {
    t = await startTestApp({ demo: false });
    const { officeId } = await addStaff(t, 'chuyenvien@lon.example', { office: 'Sở Tư pháp tỉnh Lớn' });
    draft = await largeDraft(t, officeId, { articles: 1_000, perArticle: 4, agencies: ['Sở A', 'Sở B'] });
  }, 120_000);
  afterAll(() => t.close());

  it('when two agencies open a 5,000-clause draft then it is rendered whole once, and each page shows its own comment and not the other’s', async () => {
    const a = draft.clauseIds[1234]!;
    const b = draft.clauseIds[4321]!;
    await save('Sở A', [{ clauseId: a, text: HOSTILE, proposedText: 'Sửa thành: đề xuất của Sở A.' }]);
    await save('Sở B', [{ clauseId: b, text: 'Ý kiến của Sở B.', proposedText: null }]);
    const before = t.deps.caches.agencyTrees.renders;

    const pageA = (await request(t.app).get(draft.links.get('Sở A')!.path).expect(200)).text;
    const pageB = (await request(t.app).get(draft.links.get('Sở B')!.path).expect(200)).text;
    await request(t.app).get(draft.links.get('Sở A')!.path).expect(200);

    expect(t.deps.caches.agencyTrees.renders).toBe(before + 1);
    expect(count(pageA, /<textarea id="c_\d+" name="c_\d+"/gu)).toBe(5_000);
    expect(pageA).toContain(`<textarea id="c_${a}" name="c_${a}" rows="3">&lt;script&gt;alert(&#34;A&#34;)&lt;/script&gt; ý kiến riêng của Sở A</textarea>`);
    expect(pageA).toContain(`<textarea id="p_${a}" name="p_${a}" rows="2">Sửa thành: đề xuất của Sở A.</textarea>`);
    expect(pageA).not.toContain('<script>alert');
    expect(pageA).not.toContain('Ý kiến của Sở B.');
    expect(pageA).toContain(`<textarea id="c_${b}" name="c_${b}" rows="3"></textarea>`);
    expect(pageB).toContain(`<textarea id="c_${b}" name="c_${b}" rows="3">Ý kiến của Sở B.</textarea>`);
    expect(pageB).not.toContain('ý kiến riêng của Sở A');
    expect(pageB).toContain(`<textarea id="c_${a}" name="c_${a}" rows="3"></textarea>`);
  });

  it('when an agency opens the page then each box is named with its article and the opened boxes are the agency’s own', async () => {
    const page = (await request(t.app).get(draft.links.get('Sở A')!.path).expect(200)).text;
    const a = draft.clauseIds[1234]!;
    expect(page).toContain(`<label for="c_${draft.clauseIds[2]!}">Ý kiến góp ý — Điều 1. 2.</label>`);
    expect(page).toContain(`<label for="c_${draft.clauseIds[0]!}">Ý kiến góp ý — Điều 1. Quy định số 1</label>`);
    expect(count(page, /<details class="comment-box" open>/gu)).toBe(1);
    expect(page.indexOf(`id="c_${a}"`)).toBeGreaterThan(page.indexOf('<details class="comment-box" open>'));
  });
});
