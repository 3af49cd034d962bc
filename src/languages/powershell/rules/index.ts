import type { PowerShellRule } from '../rule-context';
import { analysisServicesPasswordRule } from './analysis-services-password';
import { azLoginPasswordRule } from './az-login-password';
import { connectUserCredentialRule } from './connect-user-credential';
import { dataversePasswordConnectionStringRule } from './dataverse-password-connection-string';
import { ewsBasicAuthRule } from './ews-basic-auth';
import { exchangeBasicAuthSessionRule } from './exchange-basic-auth-session';
import { exchangeWebBasicAuthRule } from './exchange-web-basic-auth';
import { m365CliPasswordRule } from './m365-cli-password';
import { m365DscCredentialRule } from './m365dsc-credential';
import { mailBasicAuthRule } from './mail-basic-auth';
import { pacAuthPasswordRule } from './pac-auth-password';
import { plaintextPasswordRule } from './plaintext-password';
import { ropcHttpRule } from './ropc-http';
import { sharePointOnlineCredentialsRule } from './sharepoint-online-credentials';
import { sqlEntraPasswordRule } from './sql-entra-password';
import { tokenLibraryRopcRule } from './token-library-ropc';
import { wsTrustPasswordRule } from './ws-trust-password';

export const powerShellRules: readonly PowerShellRule[] = [
  connectUserCredentialRule,
  exchangeBasicAuthSessionRule,
  ewsBasicAuthRule,
  exchangeWebBasicAuthRule,
  ropcHttpRule,
  plaintextPasswordRule,
  azLoginPasswordRule,
  pacAuthPasswordRule,
  m365CliPasswordRule,
  mailBasicAuthRule,
  sqlEntraPasswordRule,
  tokenLibraryRopcRule,
  dataversePasswordConnectionStringRule,
  sharePointOnlineCredentialsRule,
  wsTrustPasswordRule,
  m365DscCredentialRule,
  analysisServicesPasswordRule,
];
