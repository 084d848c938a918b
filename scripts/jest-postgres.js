// The integration suite once more, on PostgreSQL, when TEST_DATABASE_URL names a database to use
// (scripts/test-postgres.sh starts one on loopback and prints its URL; .ci/run does both).
// Without it, says so and succeeds: a contributor without PostgreSQL still runs `npm test`.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

if (!process.env.TEST_DATABASE_URL) {
  console.log('PostgreSQL: TEST_DATABASE_URL is not set, so the integration tests ran on SQLite only (see README, "Development").');
  process.exit(0);
}
const jest = path.join(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
// The tests mostly wait for the database here (one worker: 17 min of wall time for 6 min of CPU), so
// two workers run at once unless told otherwise (`npm run test:postgres -- --maxWorkers=1`).
const args = process.argv.slice(2);
const workers = args.some((a) => a.startsWith('--maxWorkers') || a === '-w' || a === '--runInBand' || a === '-i') ? [] : ['--maxWorkers=2'];
const run = spawnSync(process.execPath, [jest, 'tests/integration', ...workers, ...args], { stdio: 'inherit', env: { ...process.env, TEST_DB: 'postgres' } });
process.exit(run.status ?? 1);
