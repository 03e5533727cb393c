// npm run docs: the API reference, from the TSDoc of every public entry package.json "exports" lists
// (a new entry there is documented with no change here), into docs/api/ (gitignored). CI fails on any
// warning: an exported name without TSDoc, a broken {@link}, a type the reference cannot reach.
import { OptionDefaults } from 'typedoc';
import { publicEntries } from './scripts/build/entries.js';

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'paypal-payouts',
  entryPoints: Object.values(publicEntries()),
  tsconfig: 'tsconfig.build.json',
  out: 'docs/api',
  readme: 'none',
  // openapi-typescript writes `@description` in generated/types.ts, which is never edited by hand.
  blockTags: [...OptionDefaults.blockTags, '@description'],
  // Internal helpers that public types are written with (a local alias of the generated schemas, the request
  // loop, the emulator's store): the reference shows the public type they resolve to, not the helper.
  intentionallyNotExported: [
    'src/types.ts:Schemas', 'src/errors.ts:Schemas', 'src/webhooks/events.ts:Schemas', 'src/webhooks/events.ts:Envelope',
    'src/request.ts:Call', 'src/generic-request.ts:Operation', 'src/generic-request.ts:OperationPaths',
    'src/generic-request.ts:RequestArgs', 'src/errors.ts:APIErrorInit', 'src/core.ts:Core',
    'src/webhooks/signature.ts:SIGNING_ALGORITHMS', 'src/bulk/money.ts:Totals', 'src/bulk/wait.ts:WaitOptions',
    'src/bulk/rows.ts:RowStream', 'src/testing/events.ts:WebhookEvent', 'src/testing/outcomes.ts:ItemOutcome',
    'src/testing/store.ts:Batch', 'src/testing/store.ts:Item', 'src/testing/fees.ts:Schemas',
  ],
  excludePrivate: true,
  excludeInternal: true,
  treatWarningsAsErrors: true,
  // Every exported name, and every method of an exported class or interface, carries TSDoc. Properties
  // are not required: most are PayPal's fields in generated/types.ts, which openapi-typescript writes.
  requiredToBeDocumented: ['Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias', 'Method', 'Accessor'],
  validation: { notExported: true, invalidLink: true, rewrittenLink: true, notDocumented: true, unusedMergeModuleWith: true },
  githubPages: false,
  // No links to source lines: they need a git remote, which a fresh clone or a tarball may not have.
  disableSources: true,
};
