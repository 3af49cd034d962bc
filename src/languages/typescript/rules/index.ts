import type { TypeScriptRule } from '../rule-context';
import { hardcodedPasswordRule } from './hardcoded-password';
import { msalRopcRule } from './msal-ropc';
import { identityUsernamePasswordRule } from './identity-username-password';
import { adalRopcRule } from './adal-ropc';
import { msRestUserCredentialsRule } from './ms-rest-user-credentials';
import { mailBasicAuthRule } from './mail-basic-auth';
import { ropcHttpRule } from './ropc-http';
import { sqlEntraPasswordRule } from './sql-entra-password';
import { sharePointUserCredentialsRule } from './sharepoint-user-credentials';
import { ewsBasicAuthRule } from './ews-basic-auth';
import { exchangeWebBasicAuthRule } from './exchange-web-basic-auth';
import { wsTrustPasswordRule } from './ws-trust-password';
import { cliPasswordSignInRule } from './cli-password-sign-in';
import { powerShellSignInRule } from './powershell-sign-in';
import { dataversePasswordConnectionStringRule } from './dataverse-password-connection-string';
import { browserPasswordSignInRule } from './browser-password-sign-in';
import { oauthClientRopcRule } from './oauth-client-ropc';

export const typeScriptRules: readonly TypeScriptRule[] = [
  msalRopcRule,
  hardcodedPasswordRule,
  identityUsernamePasswordRule,
  adalRopcRule,
  msRestUserCredentialsRule,
  mailBasicAuthRule,
  ropcHttpRule,
  sqlEntraPasswordRule,
  sharePointUserCredentialsRule,
  ewsBasicAuthRule,
  exchangeWebBasicAuthRule,
  wsTrustPasswordRule,
  cliPasswordSignInRule,
  powerShellSignInRule,
  dataversePasswordConnectionStringRule,
  browserPasswordSignInRule,
  oauthClientRopcRule,
];
