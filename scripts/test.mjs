#!/usr/bin/env node
// `npm test`: type check, lint, format check, unit + integration tests (Vitest), end-to-end tests
// (Playwright), then one summary line. Any failure, or a suite that ran no
// test, fails the run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const reports = path.join(root, 'test-results');
mkdirSync(reports, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function step(title, command, args, env = {}) {
  process.stdout.write(`\n=== ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

let failures = 0;
let passed = 0;
let failed = 0;
let skipped = 0;

if (step('type check', bin('tsc'), ['--noEmit', '-p', '.']) !== 0) failures++;
if (step('lint: the import rules of the layout', bin('eslint'), ['.']) !== 0) failures++;
if (step('format check', bin('prettier'), ['--check', '.', '--log-level', 'warn']) !== 0) failures++;

const vitestJson = path.join(reports, 'vitest.json');
const vitestCode = step('unit and integration tests', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
if (vitestCode !== 0) failures++;
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  if (r.numTotalTests === 0) failures++;
} else {
  failures++;
}

if (existsSync(path.join(root, 'playwright.config.ts'))) {
  if (!existsSync(path.join(root, 'dist', 'notebook', 'index.html'))) {
    if (step('build the notebook UI', bin('vite'), ['build', '--logLevel', 'warn']) !== 0) failures++;
  }
  const pwJson = path.join(reports, 'playwright.json');
  const pwCode = step('end-to-end tests', bin('playwright'), ['test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
  });
  if (pwCode !== 0) failures++;
  if (existsSync(pwJson)) {
    const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats;
    passed += s.expected;
    failed += s.unexpected;
    skipped += s.skipped;
    if (s.expected + s.unexpected + s.flaky === 0) failures++;
    passed += s.flaky;
  } else {
    failures++;
  }
}

process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failures > 0 || failed > 0 ? 1 : 0);
