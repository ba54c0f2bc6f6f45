/**
 * Runs test tiers with Node's built-in runner over the compiled tests and prints one summary line
 * over all of them: "N passed, N failed, N skipped". Tiers: unit (libs/*\/test, apps/*\/test), integration and
 * e2e (test/<tier>). Usage: node dist/tools/run-tests.js unit [integration] [e2e]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const DIST = join(__dirname, '..');
const TIER_ROOTS: Record<string, string[]> = {
  unit: ['libs', 'apps'].flatMap((group) =>
    existsSync(join(DIST, group)) ? readdirSync(join(DIST, group)).map((name) => join(DIST, group, name, 'test')) : [],
  ),
  integration: [join(DIST, 'test', 'integration')],
  e2e: [join(DIST, 'test', 'e2e')],
};

function testFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

export interface TierResult {
  passed: number;
  failed: number;
  skipped: number;
}

function count(output: string, label: string): number {
  const match = new RegExp(`^# ${label} (\\d+)$`, 'm').exec(output);
  return match ? Number(match[1]) : 0;
}

export function runTier(tier: string, concurrency: number): TierResult {
  const files = (TIER_ROOTS[tier] ?? []).flatMap(testFiles).sort();
  if (files.length === 0) return { passed: 0, failed: 0, skipped: 0 };
  console.log(`\n== ${tier}: ${files.length} files ==`);
  const run = spawnSync(
    process.execPath,
    ['--enable-source-maps', '--test', '--test-reporter=tap', `--test-concurrency=${concurrency}`, ...files],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 256 * 1024 * 1024 },
  );
  process.stdout.write(run.stdout);
  const result = {
    passed: count(run.stdout, 'pass'),
    failed: count(run.stdout, 'fail'),
    skipped: count(run.stdout, 'skipped'),
  };
  if (run.status !== 0 && result.failed === 0) result.failed = 1; // a crashed runner is a failure
  return result;
}

export function emptyResult(): TierResult {
  return { passed: 0, failed: 0, skipped: 0 };
}

export function addResult(total: TierResult, result: TierResult): void {
  total.passed += result.passed;
  total.failed += result.failed;
  total.skipped += result.skipped;
}

export const summaryLine = (result: TierResult): string =>
  `${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped`;
