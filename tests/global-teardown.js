const { rmSync } = require('node:fs');

module.exports = async () => {
  if (process.env.GOPY_TEST_TEMPLATES) rmSync(process.env.GOPY_TEST_TEMPLATES, { recursive: true, force: true });
};
