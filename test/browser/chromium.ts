// Debian's Chromium driven by playwright-core (which never downloads a browser): a fresh profile per
// launch, nothing fetched in the background, screenshots kept under test-results/ for a person to look at.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from '../support/paths.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-results', 'dashboard');

export interface Browser {
  context: BrowserContext;
  /** A new tab that records the page's console errors (a CSP violation is one). */
  open(): Promise<{ page: Page; errors: string[] }>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  // playwright passes the profile as --user-data-dir; it refuses that flag among `args`.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1366, height: 900 }, // a laptop screen
  });
  return {
    context,
    async open() {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
      page.on('pageerror', (error) => void errors.push(error.message));
      return { page, errors };
    },
    screenshot: async (page, name) => void (await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
