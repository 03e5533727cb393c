// The page's script and stylesheet: plain files shipped in the package (dist/dashboard/assets, copied
// by the build), read once, served from this server only: nothing comes from a CDN, all works offline.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ASSET_TYPES: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/**
 * src/dashboard/assets from the sources; in the package, dist/dashboard/assets, seen from whichever
 * bundle or chunk this code landed in (dist/, dist/cli/ ...), so a few folders up are looked at.
 */
function assetsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 3; up++, dir = dirname(dir)) {
    for (const candidate of [join(dir, 'assets'), join(dir, 'dashboard', 'assets')]) {
      if (existsSync(join(candidate, 'app.js'))) return candidate;
    }
  }
  throw new Error(`the dashboard's assets (app.js, app.css) are missing near ${fileURLToPath(import.meta.url)}; is the package complete?`);
}

/** Every asset's bytes, by name. */
export function loadAssets(): Map<string, Buffer> {
  const dir = assetsDir();
  return new Map(Object.keys(ASSET_TYPES).map((name) => [name, readFileSync(join(dir, name))]));
}
