// Starts Prism on the bundled contract: as a mock (contract tests, examples), or as a validating proxy
// in front of a real server (the local PayPal), which checks every request and answer against it.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const PRISM = path.join(ROOT, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');
const CONTRACT = path.join(ROOT, 'generated', 'openapi.yaml');
const STARTUP_TIMEOUT_MS = 30_000;

/** Asks the OS for a free loopback port (Prism and PostgreSQL cannot listen on port 0 and report it). @returns {Promise<number>} */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/**
 * Starts `prism mock` on a free port and resolves once it is listening.
 * @param {string} [document] OpenAPI document to serve; generated/openapi.yaml by default
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export function startPrism(document = CONTRACT) {
  return runPrism(['mock', document]);
}

/**
 * Starts `prism proxy --errors` in front of `upstream`: requests and answers that break the contract
 * are reported in each answer's `sl-violations` header (errors also turn the answer into Prism's error).
 * @param {string} upstream base URL of the real server
 * @param {string} [document] OpenAPI document to hold it to; generated/openapi.yaml by default
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export function startPrismProxy(upstream, document = CONTRACT) {
  return runPrism(['proxy', document, upstream, '--errors']);
}

/**
 * @param {string[]} args Prism's command and its positionals
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
async function runPrism(args) {
  const port = await freePort();
  const child = spawn(process.execPath, [PRISM, ...args, '-h', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  /** @type {(chunk: Buffer) => void} */
  let onData = () => {};
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`Prism did not start in ${STARTUP_TIMEOUT_MS} ms`)), STARTUP_TIMEOUT_MS);
    /** @param {Error} error */
    const fail = (error) => {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`${error.message}\n${output}`));
    };
    onData = (chunk) => {
      output += chunk;
      if (output.includes('Prism is listening')) {
        clearTimeout(timer);
        resolve(undefined);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`Prism exited with code ${code}`)));
  });
  // Stop collecting, but keep draining the pipes so a chatty Prism never blocks on a full buffer.
  child.stdout.off('data', onData).resume();
  child.stderr.off('data', onData).resume();
  child.removeAllListeners('exit');

  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
