// The manifest records what a generation read and wrote, by content hash, so that a run with
// nothing changed can stop before loading any generator.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const MANIFEST = 'manifest.json';

/** Packages whose version changes the output. */
const GENERATORS = ['@redocly/openapi-core', 'openapi-typescript', '@hey-api/openapi-ts', 'typescript'];

/**
 * @typedef {object} Manifest
 * @property {string} spec root document, relative to the project
 * @property {Record<string, string>} generators package versions
 * @property {Record<string, string>} inputs sha256 of every file read, by path relative to the project
 * @property {Record<string, string>} outputs sha256 of every file written, by name
 */

/** @param {string | Buffer} data */
export const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/**
 * Versions of the generators installed in the project (read from disk: not every package exports
 * its package.json).
 * @param {string} root
 * @returns {Record<string, string>}
 */
export function generatorVersions(root) {
  const version = (/** @type {string} */ name) =>
    JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  return Object.fromEntries(GENERATORS.map((name) => [name, version(name)]));
}

/**
 * Hashes files, keyed by path relative to root, in sorted order so the manifest is deterministic.
 * @param {string} root
 * @param {Iterable<string>} files absolute paths
 */
export async function hashFiles(root, files) {
  const keys = [...new Set([...files].map((file) => path.relative(root, file)))].sort();
  const entries = await Promise.all(
    keys.map(async (key) => /** @type {const} */ ([key, sha256(await readFile(path.resolve(root, key)))])),
  );
  return Object.fromEntries(entries);
}

/**
 * True when `outDir` holds the output of exactly these inputs and nobody has edited it since.
 * @param {string} root
 * @param {string} outDir
 * @param {string | null} spec relative to root; null for redocly.yaml's
 */
export async function isUpToDate(root, outDir, spec) {
  /** @type {Manifest} */
  let manifest;
  try {
    manifest = JSON.parse(await readFile(path.join(outDir, MANIFEST), 'utf8'));
  } catch {
    return false;
  }
  if (manifest.spec !== spec) return false;
  if (JSON.stringify(manifest.generators) !== JSON.stringify(generatorVersions(root))) return false;
  try {
    const inputs = await hashFiles(root, Object.keys(manifest.inputs).map((key) => path.resolve(root, key)));
    const outputs = await hashFiles(outDir, Object.keys(manifest.outputs).map((name) => path.join(outDir, name)));
    return sameEntries(inputs, manifest.inputs) && sameEntries(outputs, manifest.outputs);
  } catch {
    return false; // a file it lists is gone
  }
}

/** @param {Record<string, string>} a @param {Record<string, string>} b */
const sameEntries = (a, b) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([key, value]) => b[key] === value);
