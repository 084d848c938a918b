'use strict';
// A fresh schema for one PostgreSQL bench run, in the database the URL names (the role need only
// own that database, as in tests/helpers/test-engine.ts): the URL returned puts it first in the
// search path, so the portal migrates and works there; drop() removes it and all it holds.
const { randomBytes } = require('node:crypto');
const pg = require('pg');

async function withClient(url, run) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function createBenchSchema(databaseUrl) {
  const schema = `gopy_bench_${randomBytes(6).toString('hex')}`;
  await withClient(databaseUrl, (client) => client.query(`create schema ${schema}`));
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    schema,
    url: url.toString(),
    drop: () => withClient(databaseUrl, (client) => client.query(`drop schema if exists ${schema} cascade`)).then(() => undefined),
  };
}

module.exports = { createBenchSchema };
