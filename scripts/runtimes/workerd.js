// Runs the bundled smoke worker in workerd through Miniflare, with no compatibility flags (so no
// nodejs_compat), and prints its answer: node workerd.js MINIFLARE_MODULE WORKER_BUNDLE SERVER_URL.
import { pathToFileURL } from 'node:url';

const [miniflareModule = '', scriptPath = '', server = ''] = process.argv.slice(2);
const { Miniflare } = await import(pathToFileURL(miniflareModule).href);
const miniflare = new Miniflare({ modules: true, scriptPath, compatibilityDate: '2025-09-01', compatibilityFlags: [] });
try {
  const response = await miniflare.dispatchFetch(`http://smoke.local/?server=${encodeURIComponent(server)}`);
  const text = await response.text();
  if (response.ok) console.log(text);
  else {
    console.error(text);
    process.exitCode = 1;
  }
} finally {
  await miniflare.dispose();
}
