import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';


/**
 * The house picture (DESIGN.md, "Architecture"): which layer may import which. Type imports of row
 * types are allowed where noted; a value import across an arrow is an error.
 */
const restrict = (files, patterns, allowTypeImports = true) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: patterns.map(([group, message]) => ({ group, message, allowTypeImports })) }] },
});
const FEATURES = ['agencies', 'attachments', 'audit', 'auth', 'consultations', 'demo', 'drafts', 'invitations', 'mail', 'office', 'offices', 'moderation', 'public-comments', 'reports', 'responses', 'rounds', 'submissions'];
const house = [
  restrict(['src/db/**/*.ts'], [[[...FEATURES.map((f) => `**/${f}/**`), '**/repositories', '**/web/**'], 'Nothing under db/ knows a feature or the web layer.']], false),
  restrict(
    ['src/drafts/{parser,labels,lines,quotes,clause-tree,anchors,letter-facts,editing,matching,similarity,word-diff,longest-increasing}.ts', 'src/drafts/import/**'],
    [[['**/db/**', '**/repositories', '**/web/**', 'kysely', 'better-sqlite3', 'pg', 'express'], 'The parser and the importers know no database and no HTTP.']],
    false,
  ),
  restrict(['src/reports/writers/**', 'src/rounds/writers/**'], [[['**/web/**', 'express', '**/repository', '**/repositories', 'kysely'], 'A report writer knows no HTTP and no database: it is given the report model.']]),
  restrict(['src/web/**/*.ts'], [[['**/repository', '**/*-repository', '**/repositories', '**/db/database', '**/db/unit-of-work', 'kysely'], 'Middleware never queries: it calls a service.']]),
  restrict(['src/mail/{delivery,transport}.ts'], [[[...FEATURES.filter((f) => f !== 'mail').map((f) => `**/${f}/**`)], 'Mail delivery knows no use case: it sends what the outbox holds.']]),
  restrict(['src/**/*service.ts'], [[['**/web/**', 'express', 'kysely', '**/db/database', '**/*repository'], 'A service gets repositories from the unit of work and knows no HTTP.']]),
  restrict(['src/**/*routes.ts', 'src/**/*api.ts'], [[['**/repository', '**/*-repository', '**/repositories', '**/db/**', 'kysely'], 'A route calls services only.']]),
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name=/^(it|test|describe)$/][property.name=/^(only|skip)$/]", message: 'No focused or skipped tests.' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  ...house,
);
