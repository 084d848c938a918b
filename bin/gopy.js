#!/usr/bin/env node
// The `gopy` command: runs the compiled CLI (built by `npm install` through the prepare script).
const path = require('node:path');
const { existsSync } = require('node:fs');

const cli = path.join(__dirname, '..', 'dist', 'src', 'cli.js');
if (!existsSync(cli)) {
  console.error('gopy: the portal is not built yet; run `npm install` (or `npm run build`) first.');
  process.exit(1);
}
require(cli).main(process.argv.slice(2));
