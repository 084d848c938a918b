'use strict';
// Forked by bench/run.js: agencies submitting at a fixed rate (open-loop) while the parent measures
// something else; answers with how many were served.
const { openLoop } = require('./open-loop');
const { submissions } = require('./submissions');

process.once('message', async ({ url, rate, seconds, timeoutMs, tokens, clauseIds }) => {
  const result = await openLoop({ url, rate, seconds, timeoutMs, request: submissions(tokens, clauseIds) });
  const served = result.answers.filter(([status]) => status >= 200 && status < 300).length;
  process.send({ served, sent: result.sent, timeouts: result.timeouts, errors: result.errors, seconds: result.seconds }, () => process.exit(0));
});
