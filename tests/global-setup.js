// A folder for what tests/helpers/app.ts builds once per jest worker and copies for each test (the
// demo's database), removed by ./global-teardown.js when the run ends.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

module.exports = async () => {
  process.env.GOPY_TEST_TEMPLATES = mkdtempSync(path.join(tmpdir(), 'gopy-test-templates-'));
};
