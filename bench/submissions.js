'use strict';
// One agency saving two comments, the demo's 26 agencies taking turns: the request the submission
// benchmarks send (bench/run.js, bench/background.js).
function submissions(tokens, clauseIds) {
  let turn = 0;
  return () => {
    const token = tokens[turn++ % tokens.length];
    const n = turn % clauseIds.length;
    const body = JSON.stringify({
      comments: [
        { clauseId: clauseIds[n], text: `Đề nghị làm rõ trách nhiệm của đơn vị chủ trì (lượt ${turn}).` },
        { clauseId: clauseIds[(n + 1) % clauseIds.length], text: 'Đề nghị sửa câu chữ.', proposedText: 'Sở Thông tin và Truyền thông chủ trì, phối hợp …' },
      ],
      savedBy: 'Nguyễn Văn A',
    });
    return { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body };
  };
}

module.exports = { submissions };
