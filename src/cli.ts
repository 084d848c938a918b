import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from './config';
import { describeDatabase, openConfiguredDatabase, openDatabase } from './db/database';
import { migrateToLatest } from './db/migrate';
import { type DraftNode, type ParseResult, draftParts, partClauses } from './drafts/clause-tree';
import { ImportError, createDraftImporter } from './drafts/import';
import { ensurePrivateDir, narrowToOwner } from './private-files';
import { restore } from './cli/restore';
import { type CliContext, type Out, defaultAskPassword, token, userAccess, userAdd } from './cli/staff';

const USAGE = `Usage: gopy <command>

Commands:
  migrate            apply pending database migrations (DATA_DIR/gopy.sqlite, or the
                     PostgreSQL database at DATABASE_URL)
  parse FILE [--all] print the clause tree of a draft as JSON; FILE is DOCX, PDF (with a text
                     layer) or UTF-8 text, told apart by its content, not its name; --all also
                     prints the letter's header, preamble and closing, and every document in it
  backup FILE        write an online, consistent copy of the database to FILE (the portal
                     may keep running); SQLite only: on PostgreSQL use pg_dump
  restore FILE       replace the database with a backup made by \`gopy backup\`; the portal
                     must be stopped; the database it replaces is kept beside it; SQLite
                     only: on PostgreSQL use pg_restore
  user add --email E --name N [--role officer|admin] [--office NAME]
                     create a staff account (or reset its password); the password is asked
                     on the terminal, or read from GOPY_PASSWORD when there is none;
                     for an existing account it ends its sessions and revokes its API tokens
  user disable --email E
                     refuse the account's sign-ins, end its sessions, revoke its API tokens
  user enable --email E
                     let a disabled account sign in again
  token create --email E
                     print a new API token for that account (shown once, stored hashed)
  token revoke --email E
                     revoke every API token of that account
  help               show this help
`;


/**
 * Prints what the portal imports, in the `gopy parse` node shape: the draft's clauses, every part
 * of it (a regulation the decision issues, as an `attached_document` node) and every appendix.
 */
function clausesJson(result: ParseResult, all: boolean): unknown {
  if (all) return result;
  const strip = (n: DraftNode): unknown => ({
    kind: n.kind,
    label: n.label,
    heading: n.heading,
    text: n.text,
    ...(n.footnotes ? { footnotes: n.footnotes } : {}),
    ...(n.endnotes ? { endnotes: n.endnotes } : {}),
    ...(n.rows ? { rows: n.rows } : {}),
    ...(n.comments ? { comments: n.comments } : {}),
    children: n.children.map(strip),
  });
  return { version: result.version, clauses: partClauses(draftParts(result)).map(strip) };
}

/** `gopy backup` and `gopy restore` copy a SQLite file; PostgreSQL has its own tools for that. */
function onPostgres(command: 'backup' | 'restore', where: string): string {
  const tool = command === 'backup' ? 'pg_dump' : 'pg_restore';
  const example =
    command === 'backup'
      ? 'pg_dump --format=custom --file=gopy-$(date +%F).dump "$DATABASE_URL"'
      : 'pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" gopy-2026-11-29.dump';
  return [
    `gopy ${command}: cơ sở dữ liệu là PostgreSQL (${where}); hãy dùng ${tool} của PostgreSQL:`,
    `gopy ${command}: the database is PostgreSQL (${where}); use PostgreSQL's ${tool}:`,
    `  ${example}`,
    'See README.md, "PostgreSQL" / Xem README.md, mục "PostgreSQL".',
  ].join('\n');
}

export async function runCli(
  argv: string[],
  out: Out = console,
  env: NodeJS.ProcessEnv = process.env,
  askPassword: CliContext['askPassword'] = defaultAskPassword(),
): Promise<number> {
  const [command, ...args] = argv;
  const ctx: CliContext = { out, env, askPassword };
  switch (command) {
    case 'user':
      if (args[0] === 'add') return userAdd(args.slice(1), ctx);
      if (args[0] === 'disable' || args[0] === 'enable') return userAccess(args[0], args.slice(1), ctx);
      out.error('Usage: gopy user add --email E --name N [--role officer|admin] [--office NAME] | gopy user disable --email E | gopy user enable --email E');
      return 2;
    case 'token':
      return token(args, ctx);
    case 'migrate': {
      const config = loadConfig(env);
      ensurePrivateDir(config.dataDir);
      const database = openConfiguredDatabase(config);
      try {
        const applied = await migrateToLatest(database.db);
        out.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'parse': {
      const file = args.find((a) => !a.startsWith('--'));
      if (!file) {
        out.error('gopy parse: name a file, e.g. gopy parse du-thao.docx');
        return 2;
      }
      try {
        await access(file, constants.R_OK);
      } catch (err) {
        out.error(`gopy parse: cannot read ${file}: ${(err as Error).message}`);
        return 1;
      }
      let result: ParseResult;
      try {
        result = (await createDraftImporter(loadConfig(env).import).importDraft(file)).result;
      } catch (err) {
        if (!(err instanceof ImportError)) throw err;
        out.error(`gopy parse: ${file}: ${err.message}`);
        return err.code === 'unsupported' ? 2 : 1;
      }
      out.log(JSON.stringify(clausesJson(result, args.includes('--all')), null, 2));
      return 0;
    }
    case 'backup': {
      const target = args[0];
      if (!target) {
        out.error('gopy backup: name the file to write, e.g. gopy backup gopy-2026-11-29.sqlite');
        return 2;
      }
      const config = loadConfig(env);
      if (config.databaseUrl) {
        out.error(onPostgres('backup', describeDatabase(config)));
        return 1;
      }
      const database = openDatabase(path.join(config.dataDir, 'gopy.sqlite'));
      try {
        await database.sqlite.backup(target);
        narrowToOwner(target);
        out.log(`Backed up ${path.join(config.dataDir, 'gopy.sqlite')} to ${target}`);
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'restore': {
      const config = loadConfig(env);
      if (config.databaseUrl) {
        out.error(onPostgres('restore', describeDatabase(config)));
        return 1;
      }
      return restore(args[0], config.dataDir, out);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out.log(USAGE);
      return 0;
    default:
      out.error(`gopy: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

/**
 * Ends the process once stdout and stderr have drained: through a pipe they are written
 * asynchronously, and process.exit() straight after a large write cuts the output at 64 KiB.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

/** The `gopy` command as run from a shell (bin/gopy.js). */
export function main(argv: string[] = process.argv.slice(2)): void {
  runCli(argv).then(exitWhenFlushed, (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    exitWhenFlushed(1);
  });
}

if (require.main === module) main();
