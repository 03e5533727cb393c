// Vitest global setup for npm run test:examples: builds dist/ once, before the suites pack it in parallel.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT } from '../support/paths.js';

export default async function setup() {
  await promisify(execFile)('npm', ['run', 'build', '--silent'], { cwd: ROOT });
}
