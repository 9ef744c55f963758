// Lint: the import rules of the architecture (README "Layout"). Imports flow one way:
// notebook -> cells -> cells/gateway -> protocol, relay -> protocol, runner -> relay and cells;
// protocol/ imports nothing of ours. Formatting is Prettier's job, not ESLint's.
import babelParser from '@babel/eslint-parser';

/** A rule forbidding relative imports that match `regex`, with the reason. */
const forbid = (...patterns) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map(([regex, message]) => ({ regex, message })) }],
});

const OUT_OF_PROTOCOL = '^(\\.\\./)+(cells|relay|notebook|runner|report|bench|test|scripts)(/|$)';

/** Py4J answer lines (`!y…`, `!x…`, `!z…`) and commands (`c\n…`) are written and read by protocol/ alone. */
const WIRE_TEXT = {
  'no-restricted-syntax': [
    'error',
    ...[
      'Literal[value=/^![xyz]/]',
      'TemplateLiteral > TemplateElement:first-child[value.raw=/^![xyz]/]',
      'Literal[value=/^[a-zA-Z]\\n/]',
      'TemplateLiteral > TemplateElement:first-child[value.cooked=/^[a-zA-Z]\\n/]',
    ].map((selector) => ({
      selector,
      message: 'Py4J wire text is built and parsed in protocol/ only: use its builders and predicates.',
    })),
  ],
};

export default [
  {
    ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'bench/.venv/**', '.cache/**'],
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.js', '**/*.mjs'],
    languageOptions: {
      parser: babelParser,
      parserOptions: {
        requireConfigFile: false,
        // Parse only (no transform): the TypeScript syntax plugin of Babel's parser.
        babelOptions: { babelrc: false, configFile: false, parserOpts: { plugins: ['typescript'] } },
      },
    },
  },
  {
    files: ['cells/**', 'relay/**', 'runner/**', 'notebook/**', 'report/**'],
    rules: WIRE_TEXT,
  },
  {
    files: ['protocol/**'],
    rules: forbid([OUT_OF_PROTOCOL, 'protocol/ holds the wire and file formats and imports nothing of ours.']),
  },
  {
    files: ['cells/**'],
    ignores: ['cells/gateway/**'],
    rules: forbid([
      '^(\\.\\./)+(relay|notebook|runner|bench)/',
      'The kernel (cells/) never imports the relay, the notebook UI or the runner.',
    ]),
  },
  {
    files: ['cells/gateway/**'],
    rules: forbid(
      [
        '^(\\.\\./)+(relay|notebook|runner|bench)/',
        'The gateway client never imports the relay, the notebook UI or the runner.',
      ],
      ['^\\.\\./[^./][^/]*$', 'cells/gateway/ sits under the kernel: it imports only itself and protocol/.'],
    ),
  },
  {
    files: ['relay/**'],
    ignores: ['relay/cli/**'],
    rules: forbid([
      '^(\\.\\./)+(cells|notebook|runner|bench)/',
      'The relay never imports the kernel, the notebook UI or the runner.',
    ]),
  },
  {
    // The CLI dispatches to `jvm-notebook run`, which composes the relay and the kernel.
    files: ['relay/cli/**'],
    rules: forbid([
      '^(\\.\\./)+(cells|notebook|bench)/',
      'The relay never imports the kernel or the notebook UI (runner/ composes them).',
    ]),
  },
  {
    files: ['notebook/**'],
    rules: forbid([
      '^(\\.\\./)+(relay|runner|bench)/|^(\\.\\./)+cells/gateway/',
      'The notebook UI owns no Java reference: it talks to the kernel worker through protocol/worker-messages.ts.',
    ]),
  },
  {
    files: ['report/**'],
    rules: forbid([
      '^(\\.\\./)+(cells|relay|notebook|runner|bench)/',
      'report/ renders a notebook from its file format alone: it imports only protocol/.',
    ]),
  },
  {
    files: ['runner/**'],
    rules: forbid(['^(\\.\\./)+(notebook|bench)/', 'The runner composes the relay and the kernel, never the UI.']),
  },
];
