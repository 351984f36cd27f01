import { execSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../src/db/orm-options.js';

/** The commit measured (short hash), named in each report and its file. */
export function measuredCommit(): string {
  return execSync('git rev-parse --short HEAD', { cwd: projectRoot }).toString().trim();
}

/**
 * Writes a benchmark's report to `<name>-<commit>.md` in bench/results (or
 * BENCH_RESULTS_DIR, where the tests keep theirs), and returns its path.
 */
export async function saveReport(name: string, commit: string, text: string): Promise<string> {
  const directory = process.env.BENCH_RESULTS_DIR ?? path.join(projectRoot, 'bench', 'results');
  await mkdir(directory, { recursive: true });
  const file = path.join(directory, `${name}-${commit}.md`);
  await writeFile(file, `${text}\n`);
  return file;
}
