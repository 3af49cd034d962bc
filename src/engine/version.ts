declare const MFA_READY_VERSION: string | undefined;
declare const MFA_READY_BUILD: string | undefined;

/** Injected by the bundler; the compiled sources (tests) read it from package.json. */
export const VERSION: string =
  typeof MFA_READY_VERSION === 'string' ? MFA_READY_VERSION : (require('../../../package.json') as { version: string }).version;

/** A hash of the sources the bundles were built from, injected by the bundler; the compiled sources have none. */
export const BUILD_ID: string = typeof MFA_READY_BUILD === 'string' ? MFA_READY_BUILD : 'unbundled';
