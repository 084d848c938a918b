import fc from 'fast-check';
import { buildReport } from '../../src/reports/builder';
import { createSubmissionsRepository } from '../../src/submissions/repository';
import { TEST_NOW, startTestApp } from '../helpers/app';

/** What one agency did: nothing, or one or more submitted versions (only the last counts). */
const agencyReply = fc.oneof(
  fc.constant(null),
  fc.array(
    fc.record({
      agree: fc.boolean(),
      general: fc.option(fc.constantFrom('Đồng ý về cơ bản.', 'Cần rà soát lại căn cứ.', '  Cần rà soát lại căn cứ!  '), { nil: null }),
      comments: fc.uniqueArray(fc.record({ clause: fc.nat(33), text: fc.constantFrom('Đề nghị bổ sung.', 'đề nghị bổ sung', 'Làm rõ trách nhiệm phối hợp.', 'Sửa câu chữ cho rõ.') }), {
        selector: (c) => c.clause,
        maxLength: 3,
      }),
      late: fc.boolean(),
    }),
    { minLength: 1, maxLength: 2 },
  ),
);

describe('the consolidated report over random replies', () => {
  it('when agencies reply at random then every last-version comment appears exactly once and the counts equal the table', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(agencyReply, { minLength: 26, maxLength: 26 }), async (replies) => {
        const t = await startTestApp();
        try {
          const db = t.deps.db;
          const invitations = await db.selectFrom('invitations').select('id').where('consultation_id', '=', t.demoId!).orderBy('id').execute();
          const clauses = (await t.deps.services.drafts.latestDraft(t.demoId!))!.flat;
          const repo = createSubmissionsRepository(db, t.deps.database.plans.on(db));
          const expected = new Set<number>();
          let agreed = 0;
          let commented = 0;
          let late = 0;
          for (const [n, reply] of replies.entries()) {
            if (!reply) continue;
            for (const [revision, version] of reply.entries()) {
              // An agency agrees, or comments; never both (the submit rules refuse that).
              const agree = version.agree && !version.general && version.comments.length === 0;
              const comments = agree ? [] : version.comments.map((c) => ({ clauseId: clauses[c.clause]!.id, text: c.text, proposedText: null }));
              const general = agree ? null : (version.general ?? (comments.length ? null : 'Ý kiến chung.'));
              const { id } = await repo.insertSubmitted(
                invitations[n]!.id,
                { generalComment: general, agreeWithoutComments: agree, comments, letter: { number: null, date: null, signer: null, title: null, attachmentId: null }, savedBy: null },
                { revision: revision + 1, submittedAt: new Date(Date.parse(TEST_NOW) + revision * 60_000).toISOString(), late: version.late, enteredByUserId: null, receiptNumber: `BN-T${n}-${revision}` },
              );
              if (revision === reply.length - 1) {
                const rows = await db.selectFrom('comments').select('id').where('submission_id', '=', id).execute();
                for (const r of rows) expected.add(r.id);
                if (agree) agreed++;
                if (rows.length) commented++;
                if (version.late) late++;
              }
            }
          }
          const model = (await buildReport(t.repos, t.demoId!, t.clock.now()))!;
          const rows = [...model.general, ...model.byClause];
          expect(rows.map((r) => r.commentId).sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
          expect(rows.map((r) => r.stt)).toEqual(rows.map((_, i) => i + 1));
          const replied = replies.filter(Boolean).length;
          expect(model.counts).toEqual({ asked: 26, replied, agreedWithoutComments: agreed, commented, noReply: 26 - replied, revoked: 0, late, comments: expected.size, answered: 0, publicComments: 0, publicGroups: 0, publicAnswered: 0 });
          expect(model.replied).toHaveLength(replied);
          expect(model.noReply).toHaveLength(26 - replied);
          const positions = model.byClause.map((r) => clauses.findIndex((c) => c.id === r.clause!.id));
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
          for (const r of model.byClause.filter((x) => x.groupSize > 1)) {
            const members = model.byClause.filter((x) => x.groupKey === r.groupKey);
            expect(members).toHaveLength(r.groupSize);
          }
        } finally {
          await t.close();
        }
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
