/**
 * The names of the token functions fixes write into a file, with the parameters through which a call
 * names its own tenant (or app): the function reads the setting (TENANT_ID, APP_ID) only when a call
 * leaves that parameter out. Here, apart from the templates, so that the engine can tell what the fixed
 * code reads without loading a language.
 */
export const SAM_HELPER = 'acquireTokenBySecureAppModel';
export const APP_ONLY_HELPER = 'acquireTokenAppOnly';
export const SAM_CREDENTIAL = 'secureAppModelCredential';
export const APP_ONLY_CREDENTIAL = 'appOnlyCertificateCredential';
export const GET_SAM_ACCESS_TOKEN = 'Get-SamAccessToken';
export const GET_PARTNER_SAM_ACCESS_TOKEN = 'Get-PartnerSamAccessToken';

/** TypeScript: each function's argument positions that default to a setting, by the setting's name. */
export const TYPESCRIPT_DEFAULTED_ARGUMENTS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  [SAM_HELPER]: { TENANT_ID: 1 },
  [APP_ONLY_HELPER]: { TENANT_ID: 1 },
  [SAM_CREDENTIAL]: { TENANT_ID: 0 },
  [APP_ONLY_CREDENTIAL]: { TENANT_ID: 0, APP_ID: 1 },
};

/** PowerShell: the token functions, whose `-Tenant` defaults to TENANT_ID. */
export const POWERSHELL_TENANT_FUNCTIONS: readonly string[] = [GET_SAM_ACCESS_TOKEN, GET_PARTNER_SAM_ACCESS_TOKEN];
