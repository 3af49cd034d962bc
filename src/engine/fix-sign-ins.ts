import type { Fix } from './finding';

/**
 * Who a fix's rewrite signs in, as its title says: the account that gave the Secure Application Model
 * consent, or an app (app-only with a certificate or secret, a service principal, a managed identity)
 * with no user.
 */
export type FixSignIn = 'secure-application-model' | 'app';

const SECURE_APPLICATION_MODEL = /Secure Application Model/i;
const APP_IDENTITY = /app-only|\bas an app\b|managed identity|service principal/i;

/** Undefined for a fix whose title names neither (`Remove this sign-in: …`, `Read the password from …`). */
export function fixSignIn(fix: Pick<Fix, 'title'>): FixSignIn | undefined {
  if (SECURE_APPLICATION_MODEL.test(fix.title)) return 'secure-application-model';
  return APP_IDENTITY.test(fix.title) ? 'app' : undefined;
}

/** A fix's title that signs in as an app rather than the user. */
export function signsInAsApp(fix: Pick<Fix, 'title'>): boolean {
  return APP_IDENTITY.test(fix.title);
}
