// @peculiar/x509 resolves its parts through tsyringe, which needs a Reflect metadata polyfill loaded
// first (the library's README says so). An ES module polyfill, so that bundlers, which evaluate CommonJS
// lazily, still load it before the library. Every webhooks module imports X.509 through this file.
import '@abraham/reflection';

export * from '@peculiar/x509';
