// @peculiar/x509 resolves its parts through tsyringe, which needs a Reflect metadata polyfill loaded
// first (the library's README says so). Every webhooks module imports X.509 through this file.
import 'reflect-metadata';

export * from '@peculiar/x509';
