declare const MFA_READY_VERSION: string | undefined;

/** Injected by the bundler; the compiled sources (tests) read it from package.json. */
export const VERSION: string =
  typeof MFA_READY_VERSION === 'string' ? MFA_READY_VERSION : (require('../../../package.json') as { version: string }).version;
