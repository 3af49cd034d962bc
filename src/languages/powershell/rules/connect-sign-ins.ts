import { LEGACY_PNP_CMDLETS, ONLINE_MANAGEMENT_API_CMDLETS } from '../cmdlets';
import { escapedForDoubleQuotes } from '../code-style';
import { quoted, type Argument, type FixInputs, type Rewrite } from './connect-rewrite';
import type { ReturnedContext } from './connect-result-reads';
import { myWorkspaceCall } from '../powerbi-workspaces';
import type { PowerShellRuleContext } from '../rule-context';

const GRAPH = 'https://graph.microsoft.com/.default';
const ARM = 'https://management.azure.com/user_impersonation';
const EXCHANGE = 'https://outlook.office365.com/.default';
const KEY_VAULT = 'https://vault.azure.net/.default';
const TEAMS = '48ac35b8-9aa8-4d74-927d-1f4a14a0b239/.default';
const PARTNER_CENTER = 'https://api.partnercenter.microsoft.com/user_impersonation';
const POWER_BI = 'https://analysis.windows.net/powerbi/api/.default';
const DATAVERSE_APP_ONLY =
  'sign in app-only with a certificate through a connection string (AuthType=Certificate), as an application user ' +
  'added to the Dataverse environment for the app registration';

/**
 * `sam`: a Secure Application Model token from the script's token function (the preferred fix; it
 * stores the rotated refresh token back, which a module redeeming the refresh token itself would drop);
 * `app-only`: a certificate; `managed-identity`: the identity of the Azure resource the script runs on;
 * `interactive`: the cmdlet's own sign-in of the person running the script, with MFA (see `CredentialSignIn.interactive`).
 */
export type FixKind = 'sam' | 'app-only' | 'managed-identity' | 'interactive';

export interface FixBuilder {
  kind: FixKind;
  /** The new command; undefined when the sign-in lacks what it needs (the reason is `needs`). */
  build(inputs: FixInputs): Rewrite | undefined;
  needs?: string;
}

/** A parameter naming the cloud: any value but the listed public-cloud ones means a sovereign cloud. */
export interface CloudParameter {
  parameter: string;
  publicValues: string[];
}

/** A cloud connect cmdlet that accepts a user credential, and how to sign it in without a password. */
export interface CredentialSignIn {
  cmdlet: string;
  credentialParameters: string[];
  /** The credential may be a string: the name of an entry in Windows Credential Manager. */
  takesStoredCredentialName?: boolean;
  /**
   * Switches (when on) and parameters that make this no password sign-in of a user: the credential is
   * an app's, or unused. A list counts when every parameter in it is given.
   */
  notUserSignIn: (string | string[])[];
  /** Why a password sign-in breaks here, with dates from the platform facts. */
  why: string;
  /**
   * `why` for a sign-in to an environment with endpoints of its own (an Azure Stack Hub stamp, or one
   * added with Add-AzEnvironment): the public cloud's enforcement dates do not apply there.
   */
  ownEnvironmentWhy?: string;
  /** `why` for a sign-in to a cloud other than the public one (`cloud`: as the script names it, where it shows it), where `why` names the public cloud's resources. */
  otherCloudWhy?: (cloud: string | undefined) => string;
  /**
   * When the module itself is retired: its other cmdlets in the script are listed with the finding.
   * While the script has them, a fix that signs in with the successor is no fix for fix-all: where the
   * module `stillRuns` (AzureRM) it leaves them without a sign-in; elsewhere they fail either way.
   */
  retiredModule?: {
    name: string;
    cmdlets: RegExp;
    /**
     * The .NET types its assemblies bring (full names, lower-case), which a script may use with no cmdlet of
     * the module: calling the connect cmdlet is what loaded them, and a fix that drops it leaves them missing.
     */
    types?: RegExp;
    successor: string;
    stillRuns?: boolean;
    /** What its other cmdlets come to after the fix, where neither of the stock notes (`stillRuns` or not) says it. */
    strandedNote?: string;
  };
  /**
   * The cmdlet's other names (its spec's aliases) that only a legacy module had, with what to say of them: a script
   * calling one was written for that module, not the one the fixes write the cmdlet of.
   */
  legacyNames?: { names: string[]; note: string };
  clouds: CloudParameter[];
  /** Parameters that point the sign-in at endpoints of its own (a sovereign cloud or a test ring). */
  customEndpoints: string[];
  /** Values of those parameters that name the public cloud's endpoint, the cmdlet's default: the fixes, which drop them, still sign in there. */
  publicEndpoints?: Readonly<Record<string, RegExp>>;
  /** Parameters the fixes do not carry over, by name, with why no fix is offered where the sign-in has one. */
  notCarriedOver?: Readonly<Record<string, string>>;
  /** A SharePoint URL parameter: a literal URL outside SharePoint Online is an on-premises farm, not a cloud sign-in. */
  sharePointUrl?: string;
  /** The SharePoint site (or admin site) parameter: a host such as `contoso.sharepoint.us` names another cloud. */
  siteParameter?: string;
  /** Parameters of the cloud sign-in: without one of them the credential signs in to an on-premises deployment. */
  cloudOnlyWith?: string[];
  /** How the cmdlet signs a person in with MFA, where leaving out the credential is not enough. */
  interactiveForm?: string;
  /**
   * The cmdlet's interactive sign-in, offered (first) only where the credential is typed in at a prompt on every run:
   * someone runs the script. None where that form needs what the script cannot give (PnP's own app id) or scopes the
   * fix cannot know (Connect-MgGraph -Scopes for a retired module's cmdlets).
   */
  interactive?: FixBuilder;
  /** Without the user's form's `missing` parameter (and with `given`, where named) the credential is an app's id and secret. */
  appFormWithout?: { missing: string; given?: string };
  fixes: FixBuilder[];
  /** What the script relies on that an app-only sign-in lacks (a user's My workspace), where the script shows it. */
  appOnlyCaveat?: (context: PowerShellRuleContext) => string | undefined;
  /** What the cmdlet returns, where the fixes return a stand-in for it (see resultMemberLost). */
  returned?: ReturnedContext;
  /** Offer the `sam` fix again with New-PartnerAccessToken when the script uses the PartnerCenter module. */
  partnerVariant: boolean;
}

export const PASSWORD = 'signs in with a username and password, which cannot perform multi-factor authentication';
const PARTNER_MFA = 'Microsoft requires MFA for every user of a partner tenant, service accounts included';

// Azure's mandatory MFA covers the public cloud's Resource Manager (management.azure.com), not a stamp's own.
const OWN_ENVIRONMENT =
  'This sign-in is to an environment with its own Resource Manager endpoint (Azure Stack Hub, or one added with Add-AzEnvironment), ' +
  "which Azure's mandatory MFA for management.azure.com does not cover. Where the environment signs in with Entra ID, MFA is still " +
  `required as the tenant's own policies (Conditional Access, security defaults) set it, and ${PARTNER_MFA}: the sign-in fails ` +
  'with AADSTS50076 once MFA applies to the account. Where it signs in with AD FS, it does not use Entra ID at all.';
const OWN_ENVIRONMENT_SIGN_INS = 'Sign in as a service principal with a certificate (-ServicePrincipal -ApplicationId -CertificateThumbprint -Tenant) instead';

const arg = (name: string, value?: string): Argument => ({ name, value });

/** What the sign-ins moved to Connect-MgGraph, Connect-AzAccount and Exchange Online sign in with, as their fixes do. */
const GRAPH_SIGN_INS = 'a Secure Application Model access token (-AccessToken), app-only with a certificate (-ClientId -TenantId -CertificateThumbprint), or a managed identity (-Identity)';
const AZURE_SIGN_INS =
  'a Secure Application Model access token (-AccessToken), or as a service principal with a certificate (-ServicePrincipal ' +
  '-ApplicationId -CertificateThumbprint) or a managed identity (-Identity), which mandatory MFA does not affect';
const EXCHANGE_SIGN_INS =
  'a Secure Application Model access token (-AccessToken, with -DelegatedOrganization for a customer), or app-only ' +
  'with a certificate (-AppId -CertificateThumbprint -Organization)';

/** Connect-MgGraph, the successor of MSOnline and AzureAD, with the tenant (a customer's) the sign-in named. */
function graphFixes(tenantParameter?: string): FixBuilder[] {
  const tenant = (f: FixInputs): string | undefined => (tenantParameter ? f.value(tenantParameter) : undefined);
  return [
    {
      kind: 'sam',
      build: (f) => ({ cmdlet: 'Connect-MgGraph', args: [arg('AccessToken', f.token(quoted(GRAPH), { tenant: tenant(f), secure: true })), arg('NoWelcome')] }),
    },
    {
      kind: 'app-only',
      build: (f) => ({
        cmdlet: 'Connect-MgGraph',
        args: [arg('ClientId', f.secret('APP_ID')), arg('TenantId', tenant(f) ?? f.secret('TENANT_ID')), arg('CertificateThumbprint', f.secret('CERT_THUMBPRINT')), arg('NoWelcome')],
      }),
    },
    { kind: 'managed-identity', build: () => ({ cmdlet: 'Connect-MgGraph', args: [arg('Identity'), arg('NoWelcome')] }) },
  ];
}

/** Cmdlets of Microsoft Graph (`Get-AzADUser`, AzureRM's `Get-AzureRmADUser`) and of Key Vault's data (`Get-AzKeyVaultSecret`). */
const AZ_GRAPH_CMDLET = /^[a-z]+-az(?:urerm)?ad[a-z]/;
const AZ_KEY_VAULT_DATA_CMDLET = /^[a-z]+-az(?:urerm)?keyvault(?:secret|key|certificate|managedstorage)/;

/**
 * Connect-AzAccount (Az), also for AzureRM sign-ins, which move to Az. Given an Azure Resource Manager
 * token only, the script's Graph and Key Vault data cmdlets fail: they get tokens of their own.
 */
function azureFixes(tenantParameter: string): FixBuilder[] {
  const kept = azureKept(tenantParameter);
  const tokenFor = (f: FixInputs, parameter: string, scope: string): Argument => arg(parameter, f.token(quoted(scope), { tenant: f.value(tenantParameter) }));
  return [
    {
      kind: 'sam',
      build: (f) => ({
        cmdlet: 'Connect-AzAccount',
        args: [
          tokenFor(f, 'AccessToken', ARM),
          ...(f.scriptCalls(AZ_GRAPH_CMDLET) ? [tokenFor(f, 'MicrosoftGraphAccessToken', GRAPH)] : []),
          ...(f.scriptCalls(AZ_KEY_VAULT_DATA_CMDLET) ? [tokenFor(f, 'KeyVaultAccessToken', KEY_VAULT)] : []),
          arg('AccountId', f.secret('APP_ID')),
          ...kept(f),
        ],
      }),
    },
    {
      kind: 'app-only',
      build: (f) => ({
        cmdlet: 'Connect-AzAccount',
        args: [
          arg('ServicePrincipal'),
          arg('ApplicationId', f.secret('APP_ID')),
          arg('CertificateThumbprint', f.secret('CERT_THUMBPRINT')),
          ...(f.value(tenantParameter) ? [] : [arg('Tenant', f.secret('TENANT_ID'))]),
          ...kept(f),
        ],
      }),
    },
    { kind: 'managed-identity', build: (f) => ({ cmdlet: 'Connect-AzAccount', args: [arg('Identity'), ...kept(f)] }) },
  ];
}

/** What Connect-AzAccount keeps of the sign-in in every form: the tenant (renamed from AzureRM's -TenantId), the subscription, the context. */
function azureKept(tenantParameter: string): (f: FixInputs) => Argument[] {
  return (f) => [...f.carry([tenantParameter, 'Tenant']), ...f.carry('Subscription', 'ContextName', 'Scope', 'SkipContextPopulation', 'Force')];
}

/** Connect-AzAccount signing in the person running the script (a browser, or Web Account Manager on Windows), with MFA. */
function azureInteractive(tenantParameter: string): FixBuilder {
  return { kind: 'interactive', build: (f) => ({ cmdlet: 'Connect-AzAccount', args: azureKept(tenantParameter)(f) }) };
}

/** Exchange Online and Security & Compliance PowerShell (EXO V3): a customer through -DelegatedOrganization, else the partner's own organization. */
function exchangeFixes(cmdlet: string, sessionParameters: readonly string[]): FixBuilder[] {
  // -AccessToken goes with -DelegatedOrganization (a customer), -Organization, or -UserPrincipalName.
  const organization = (f: FixInputs): Argument[] => {
    if (f.value('DelegatedOrganization')) return f.carry('DelegatedOrganization');
    if (f.value('Organization')) return f.carry('Organization');
    return f.value('UserPrincipalName') ? [] : [arg('Organization', f.organization() ?? f.secret('ORGANIZATION'))];
  };
  return [
    {
      kind: 'sam',
      build: (f) => ({
        cmdlet,
        args: [
          arg('AccessToken', f.token(quoted(EXCHANGE), { tenant: f.value('DelegatedOrganization') ?? f.value('Organization') ?? organizationHeld(f) })),
          ...organization(f),
          ...f.carry('UserPrincipalName', ...sessionParameters),
        ],
      }),
    },
    {
      kind: 'app-only',
      build: (f) => ({
        cmdlet,
        args: [
          arg('AppId', f.secret('APP_ID')),
          arg('CertificateThumbprint', f.secret('CERT_THUMBPRINT')),
          arg('Organization', f.value('DelegatedOrganization') ?? f.value('Organization') ?? f.organization() ?? f.secret('ORGANIZATION')),
          ...f.carry(...sessionParameters),
        ],
      }),
    },
  ];
}

/** The interactive sign-in of Exchange Online or Security & Compliance PowerShell: without -Credential, the rest kept (a customer, a known user). */
function exchangeInteractive(cmdlet: string, sessionParameters: readonly string[]): FixBuilder {
  return { kind: 'interactive', build: (f) => ({ cmdlet, args: f.carry('DelegatedOrganization', 'UserPrincipalName', ...sessionParameters) }) };
}

/** The organisation the script holds, where the sign-in names none (nor a user): the token is then the organisation's (the consent's tenant may be another). */
function organizationHeld(f: FixInputs): string | undefined {
  return f.value('UserPrincipalName') ? undefined : f.organization();
}

/** Exchange Online's and Security & Compliance's public remote PowerShell endpoints, which their connect cmdlets use by default. */
const EXCHANGE_PUBLIC_ENDPOINT = { ConnectionUri: /^https:\/\/outlook\.office365\.com\/powershell-liveid\/?$/i } as const;
const COMPLIANCE_PUBLIC_ENDPOINT = { ConnectionUri: /^https:\/\/ps\.compliance\.protection\.outlook\.com\/powershell-liveid\/?$/i } as const;

const EXCHANGE_SESSION: readonly string[] = [
  'Prefix', 'CommandName', 'FormatTypeName', 'ShowBanner', 'ShowProgress', 'PageSize', 'SkipLoadingFormatData', 'SkipLoadingCmdletHelp',
  'LoadCmdletHelp', 'LogDirectoryPath', 'LogLevel', 'EnableErrorReporting', 'TrackPerformance', 'UseMultithreading', 'SigningCertificate',
];

const COMPLIANCE_SESSION: readonly string[] = [...EXCHANGE_SESSION, 'EnableSearchOnlySession'];

/** Connect-ExchangeOnline's fixes, `sam` then `app-only`: also what replaces a remote PowerShell session to Exchange Online. */
export const EXCHANGE_ONLINE_FIXES = exchangeFixes('Connect-ExchangeOnline', EXCHANGE_SESSION);
export const EXCHANGE_ONLINE_INTERACTIVE = exchangeInteractive('Connect-ExchangeOnline', EXCHANGE_SESSION);

/** The SharePoint resource of a site URL: `https://contoso.sharepoint.com/.default`, worked out at run time for a URL in a variable. */
function sharePointScope(f: FixInputs): string | undefined {
  const literal = f.literal('Url');
  if (literal) {
    try {
      return quoted(`${new URL(literal).origin}/.default`);
    } catch {
      return undefined;
    }
  }
  const code = f.expression('Url');
  return code ? `"$(([uri](${code})).GetLeftPart('Authority'))/.default"` : undefined;
}

const NEEDS_URL = 'the sign-in gives no site URL the fix could keep';

/**
 * The Dataverse environment's URL inside a double-quoted connection string, with the https://
 * Connect-CrmOnline adds when it is missing: a literal as written, code as a subexpression that
 * adds the scheme at run time.
 */
function dataverseUrl(f: FixInputs): string | undefined {
  const literal = f.literal('ServerUrl');
  if (literal !== undefined) {
    // A ; or ' would end the value or quote it inside the connection string.
    if (/[;'\s]/.test(literal) || literal === '') return undefined;
    const url = /^https?:\/\//i.test(literal) ? literal : `https://${literal}`;
    return escapedForDoubleQuotes(url);
  }
  const code = f.expression('ServerUrl');
  return code === undefined ? undefined : `$('https://' + (${code} -replace '^https?://'))`;
}

/**
 * Each cmdlet of Microsoft.Xrm.OnlineManagementAPI signs in with the credential it is given. The module takes
 * no access token and signs in no app: there is nothing to rewrite the call to.
 */
const ONLINE_MANAGEMENT_API_SIGN_INS: readonly CredentialSignIn[] = ONLINE_MANAGEMENT_API_CMDLETS.map((cmdlet) => ({
  cmdlet,
  credentialParameters: ['Credential'],
  notUserSignIn: [],
  why:
    `${cmdlet} -Credential ${PASSWORD} (AADSTS50076 once MFA applies); ${PARTNER_MFA}. It belongs to Microsoft.Xrm.OnlineManagementAPI, ` +
    "Dynamics 365's Online Management API, which Microsoft deprecated for the Power Platform admin cmdlets " +
    '(Microsoft.PowerApps.Administration.PowerShell). The module takes no access token and signs in no app, so no fix is offered: ' +
    'move the script to those cmdlets, signed in app-only with a certificate (Add-PowerAppsAccount -TenantID -ApplicationId ' +
    '-CertificateThumbprint), as an app registered for Power Platform administration (New-PowerAppManagementApp).',
  clouds: [],
  customEndpoints: [],
  fixes: [],
  partnerVariant: false,
}));

/** Why Connect-PowerBIServiceAccount's password sign-in breaks, with the resource a token is for. */
function powerBiWhy(resource: string): string {
  return (
    `Connect-PowerBIServiceAccount -Credential without -ServicePrincipal ${PASSWORD} (AADSTS50076 once MFA applies); ${PARTNER_MFA}. ` +
    'Sign in as a service principal with a certificate, or, where the installed MicrosoftPowerBIMgmt has the -Token parameter ' +
    `(recent versions only: check Get-Help Connect-PowerBIServiceAccount), with a Secure Application Model access token for ${resource}.`
  );
}

export const SIGN_INS: readonly CredentialSignIn[] = [
  {
    cmdlet: 'Connect-MsolService',
    credentialParameters: ['Credential'],
    notUserSignIn: [],
    why:
      `Connect-MsolService -Credential ${PASSWORD}; the MSOnline module itself was retired on 2025-05-30 and every cmdlet of it fails. ` +
      `Move to Microsoft Graph PowerShell (Connect-MgGraph) with ${GRAPH_SIGN_INS}.`,
    retiredModule: { name: 'MSOnline', cmdlets: /^[a-z]+-msol/i, successor: 'Microsoft Graph PowerShell' },
    clouds: [{ parameter: 'AzureEnvironment', publicValues: ['AzureCloud'] }],
    customEndpoints: [],
    fixes: graphFixes(),
    partnerVariant: true,
  },
  {
    cmdlet: 'Connect-AzureAD',
    credentialParameters: ['Credential'],
    notUserSignIn: ['AadAccessToken', 'CertificateThumbprint'],
    why:
      `Connect-AzureAD -Credential ${PASSWORD}; the AzureAD module itself is retired: unsupported since 2025-03-30, retiring after ` +
      '2025-07-01, and built on Azure AD Graph, which was fully retired on 2025-08-31. Move to Microsoft Graph PowerShell ' +
      `(Connect-MgGraph) with ${GRAPH_SIGN_INS}.`,
    // ADAL.NET comes with the module, which scripts used to get tokens of their own (Intune's Graph samples).
    retiredModule: { name: 'AzureAD', cmdlets: /^[a-z]+-azuread/i, types: /^microsoft\.(?:identitymodel\.clients\.activedirectory|open)\./, successor: 'Microsoft Graph PowerShell' },
    clouds: [{ parameter: 'AzureEnvironmentName', publicValues: ['AzureCloud'] }],
    customEndpoints: [],
    fixes: graphFixes('TenantId'),
    // PSAzureContext: Account (an object: Id, Type), Environment (an object), TenantId, TenantDomain.
    returned: {
      standIn: 'Get-MgContext',
      kept: ['TenantId'],
      keptWhole: ['Account'],
      elsewhere: { tenantdomain: 'after Connect-MgGraph, (Get-MgDomain | Where-Object IsInitial).Id gives the tenant\'s initial domain' },
    },
    partnerVariant: true,
  },
  {
    cmdlet: 'Connect-AzAccount',
    credentialParameters: ['Credential'],
    notUserSignIn: ['ServicePrincipal', 'Identity', 'AccessToken', 'CertificateThumbprint', 'FederatedToken'],
    why:
      `Connect-AzAccount -Credential ${PASSWORD}: since 2025-10-01 (Azure mandatory MFA, phase 2) Azure PowerShell ` +
      'create, update and delete calls fail for user sign-ins without MFA, and ' +
      `${PARTNER_MFA}. Sign in with ${AZURE_SIGN_INS}.`,
    ownEnvironmentWhy: `Connect-AzAccount -Credential ${PASSWORD}. ${OWN_ENVIRONMENT} ${OWN_ENVIRONMENT_SIGN_INS}.`,
    clouds: [{ parameter: 'Environment', publicValues: ['AzureCloud'] }],
    customEndpoints: [],
    notCarriedOver: {
      AuthScope:
        "the sign-in asks for another resource's token (-AuthScope, such as Analysis Services), which the fixes do not carry over: -AccessToken signs in for Azure Resource Manager only",
    },
    fixes: azureFixes('Tenant'),
    interactive: azureInteractive('Tenant'),
    partnerVariant: true,
  },
  {
    cmdlet: 'Connect-AzureRmAccount',
    credentialParameters: ['Credential'],
    notUserSignIn: ['ServicePrincipal', 'Identity', 'AccessToken', 'CertificateThumbprint'],
    why:
      `Connect-AzureRmAccount -Credential ${PASSWORD}: since 2025-10-01 (Azure mandatory MFA, phase 2) create, update and delete ` +
      'calls fail for user sign-ins without MFA. The AzureRM module itself is deprecated since 2024-02-29 and unsupported: the fix ' +
      "signs in with Az's Connect-AzAccount (the script's other AzureRM cmdlets must move to Az too), with " +
      `${AZURE_SIGN_INS}.`,
    ownEnvironmentWhy:
      `Connect-AzureRmAccount -Credential ${PASSWORD}. ${OWN_ENVIRONMENT} ${OWN_ENVIRONMENT_SIGN_INS}, with Az's Connect-AzAccount: ` +
      'the AzureRM module itself is deprecated since 2024-02-29 and unsupported.',
    retiredModule: { name: 'AzureRM', cmdlets: /^[a-z]+-azurerm/i, successor: 'Az', stillRuns: true },
    clouds: [{ parameter: 'Environment', publicValues: ['AzureCloud'] }],
    customEndpoints: [],
    fixes: azureFixes('TenantId'),
    interactive: azureInteractive('TenantId'),
    partnerVariant: true,
  },
  {
    // The Azure module of the classic deployment model (Service Management), before AzureRM and Az.
    cmdlet: 'Add-AzureAccount',
    credentialParameters: ['Credential'],
    notUserSignIn: ['ServicePrincipal'],
    why:
      `Add-AzureAccount -Credential ${PASSWORD} (AADSTS50076 once MFA applies); ${PARTNER_MFA}. ` +
      'Add-AzureAccount belongs to the Azure (Service Management) module of the ' +
      "classic deployment model, which Az does not cover: move the script's resources and cmdlets to Az, and sign in with " +
      'Connect-AzAccount and a Secure Application Model token, or app-only (no fix is offered for the classic cmdlets).',
    clouds: [{ parameter: 'Environment', publicValues: ['AzureCloud'] }],
    customEndpoints: [],
    fixes: [],
    partnerVariant: false,
  },
  {
    cmdlet: 'Connect-PartnerCenter',
    credentialParameters: ['Credential'],
    notUserSignIn: ['ServicePrincipal', 'AccessToken', 'RefreshToken', 'CertificateThumbprint'],
    // PartnerCenter 1.5 signed in a service principal with -Credential -Tenant, before it had -ServicePrincipal.
    appFormWithout: { missing: 'ApplicationId', given: 'Tenant' },
    why:
      `Connect-PartnerCenter -Credential without -ServicePrincipal or -RefreshToken ${PASSWORD}: from 2026-04-01 every App+User ` +
      `call to the Partner Center API must carry MFA (401 otherwise), and ${PARTNER_MFA}. Sign in with a Secure Application Model ` +
      'access token (-AccessToken, from New-PartnerAccessToken, which stores the rotated refresh token back), or app-only with a ' +
      'certificate (-ServicePrincipal -ApplicationId -CertificateThumbprint) for the calls that take an app-only token, which the MFA requirement exempts.',
    clouds: [{ parameter: 'Environment', publicValues: ['AzureCloud'] }],
    customEndpoints: [],
    fixes: [
      {
        kind: 'sam',
        build: (f) => ({ cmdlet: 'Connect-PartnerCenter', args: [arg('AccessToken', f.token(quoted(PARTNER_CENTER), { tenant: f.value('Tenant') })), ...f.carry('Tenant')] }),
      },
      {
        kind: 'app-only',
        build: (f) => ({
          cmdlet: 'Connect-PartnerCenter',
          args: [
            arg('ApplicationId', f.secret('APP_ID')),
            arg('CertificateThumbprint', f.secret('CERT_THUMBPRINT')),
            arg('ServicePrincipal'),
            arg('Tenant', f.value('Tenant') ?? f.secret('TENANT_ID')),
          ],
        }),
      },
    ],
    // Connect-PartnerCenter -RefreshToken would drop the rotated refresh token: New-PartnerAccessToken keeps it.
    partnerVariant: true,
  },
  {
    cmdlet: 'Connect-ExchangeOnline',
    credentialParameters: ['Credential'],
    notUserSignIn: ['AccessToken', 'AppId', 'CertificateThumbprint', 'ManagedIdentity'],
    why: `Connect-ExchangeOnline -Credential ${PASSWORD} (AADSTS50076 once MFA applies); ${PARTNER_MFA}. Sign in with ${EXCHANGE_SIGN_INS}.`,
    clouds: [{ parameter: 'ExchangeEnvironmentName', publicValues: ['O365Default'] }],
    customEndpoints: ['ConnectionUri', 'AzureADAuthorizationEndpointUri'],
    publicEndpoints: EXCHANGE_PUBLIC_ENDPOINT,
    fixes: EXCHANGE_ONLINE_FIXES,
    interactive: EXCHANGE_ONLINE_INTERACTIVE,
    partnerVariant: true,
  },
  {
    // The Exchange Online Remote PowerShell module's (CreateExoPSSession.ps1), before EXO V2 and V3.
    cmdlet: 'Connect-EXOPSSession',
    credentialParameters: ['Credential'],
    notUserSignIn: [],
    why:
      `Connect-EXOPSSession -Credential ${PASSWORD} (AADSTS50076 once MFA applies); ${PARTNER_MFA}. It comes from the ` +
      'Exchange Online Remote PowerShell module, whose remote PowerShell was replaced by the REST-based ' +
      `ExchangeOnlineManagement module (EXO V3) in Oct 2023: use its Connect-ExchangeOnline, signed in with ${EXCHANGE_SIGN_INS}.`,
    clouds: [],
    customEndpoints: ['ConnectionUri', 'AzureADAuthorizationEndpointUri'],
    publicEndpoints: EXCHANGE_PUBLIC_ENDPOINT,
    fixes: EXCHANGE_ONLINE_FIXES,
    interactive: EXCHANGE_ONLINE_INTERACTIVE,
    partnerVariant: true,
  },
  {
    cmdlet: 'New-ExoPSSession',
    credentialParameters: ['Credential'],
    notUserSignIn: [],
    why:
      `New-ExoPSSession -Credential ${PASSWORD} (AADSTS50076 once MFA applies); ${PARTNER_MFA}. It is the Exchange Online ` +
      'Remote PowerShell module\'s session behind Connect-EXOPSSession; that remote PowerShell was replaced by the REST-based ' +
      'ExchangeOnlineManagement module (EXO V3) in Oct 2023: use its Connect-ExchangeOnline with a Secure Application Model ' +
      'token (-AccessToken) or a certificate, and drop the Import-PSSession.',
    clouds: [],
    customEndpoints: [],
    fixes: [],
    partnerVariant: false,
  },
  {
    cmdlet: 'Connect-IPPSSession',
    credentialParameters: ['Credential'],
    notUserSignIn: ['AccessToken', 'AppId', 'CertificateThumbprint'],
    why:
      `Connect-IPPSSession -Credential ${PASSWORD} (AADSTS50076 once MFA applies); ${PARTNER_MFA}. ` +
      `Sign in with ${EXCHANGE_SIGN_INS}; Connect-IPPSSession takes -AccessToken from ExchangeOnlineManagement 3.8.0.`,
    clouds: [],
    customEndpoints: ['ConnectionUri', 'AzureADAuthorizationEndpointUri'],
    publicEndpoints: COMPLIANCE_PUBLIC_ENDPOINT,
    fixes: exchangeFixes('Connect-IPPSSession', COMPLIANCE_SESSION),
    interactive: exchangeInteractive('Connect-IPPSSession', COMPLIANCE_SESSION),
    partnerVariant: true,
  },
  {
    cmdlet: 'Connect-MicrosoftTeams',
    credentialParameters: ['Credential'],
    notUserSignIn: ['AccessTokens', 'CertificateThumbprint', 'Certificate', 'Identity'],
    why:
      `Connect-MicrosoftTeams -Credential ${PASSWORD} (AADSTS50076 once MFA applies); ${PARTNER_MFA}. Sign in with Secure Application ` +
      'Model access tokens for Microsoft Graph and Teams (-AccessTokens, the Graph token first), or app-only with a certificate ' +
      '(-ApplicationId -CertificateThumbprint -TenantId; not every Teams cmdlet runs app-only).',
    clouds: [{ parameter: 'TeamsEnvironmentName', publicValues: [] }],
    customEndpoints: [],
    fixes: [
      {
        kind: 'sam',
        // -AccessTokens takes the Microsoft Graph token first, then the Teams one.
        build: (f) => {
          const tenant = f.value('TenantId');
          return { cmdlet: 'Connect-MicrosoftTeams', args: [arg('AccessTokens', `@(${f.token(quoted(GRAPH), { tenant })}, ${f.token(quoted(TEAMS), { tenant })})`), ...f.carry('LogLevel', 'LogFilePath')] };
        },
      },
    ],
    interactive: { kind: 'interactive', build: (f) => ({ cmdlet: 'Connect-MicrosoftTeams', args: f.carry('TenantId', 'LogLevel', 'LogFilePath') }) },
    partnerVariant: true,
  },
  {
    cmdlet: 'Connect-SPOService',
    credentialParameters: ['Credential'],
    notUserSignIn: ['ClientId', 'CertificateThumbprint', 'ManagedIdentity'],
    why:
      `Connect-SPOService -Credential ${PASSWORD} (AADSTS50076 once MFA applies); ${PARTNER_MFA}. Connect-SPOService takes no ` +
      'access token, so the Secure Application Model does not apply: sign in app-only with a certificate or a managed identity.',
    clouds: [{ parameter: 'Region', publicValues: ['Default'] }],
    customEndpoints: ['AuthenticationUrl'],
    siteParameter: 'Url',
    fixes: [
      {
        kind: 'app-only',
        needs: NEEDS_URL,
        build: (f) =>
          f.value('Url') === undefined
            ? undefined
            : {
                cmdlet: 'Connect-SPOService',
                args: [
                  ...f.carry('Url'),
                  arg('ClientId', f.secret('APP_ID')),
                  arg('TenantId', f.tenantNamedBy('Url') ?? f.secret('TENANT_ID')),
                  arg('CertificateThumbprint', f.secret('CERT_THUMBPRINT')),
                  ...f.carry('ClientTag'),
                ],
              },
      },
      {
        kind: 'managed-identity',
        needs: NEEDS_URL,
        build: (f) => (f.value('Url') === undefined ? undefined : { cmdlet: 'Connect-SPOService', args: [...f.carry('Url'), arg('ManagedIdentity'), ...f.carry('ClientTag')] }),
      },
    ],
    interactive: {
      kind: 'interactive',
      needs: NEEDS_URL,
      build: (f) => (f.value('Url') === undefined ? undefined : { cmdlet: 'Connect-SPOService', args: f.carry('Url', 'ClientTag') }),
    },
    partnerVariant: false,
  },
  {
    cmdlet: 'Connect-PnPOnline',
    credentialParameters: ['Credentials'],
    legacyNames: {
      names: ['Connect-SPOnline'],
      note:
        "is Connect-PnPOnline's name in the legacy PnP module (OfficeDevPnP.PowerShell, SharePointPnPPowerShellOnline to 2017); " +
        "PnP.PowerShell, whose Connect-PnPOnline the fixes write, has no such alias",
    },
    retiredModule: {
      name: 'legacy PnP (OfficeDevPnP.PowerShell, SharePointPnPPowerShellOnline)',
      cmdlets: LEGACY_PNP_CMDLETS,
      successor: "PnP.PowerShell, under its -PnP name (Get-SPOWeb is Get-PnPWeb)",
      // Its interactive sign-in is PnP.PowerShell's, with MFA (see `typedNote`).
      stillRuns: true,
      strandedNote:
        "PnP.PowerShell, whose Connect-PnPOnline the fix writes, has none of the script's other cmdlets of the legacy PnP module " +
        '(named -SPO…), so the script would stop at the first of them; rename them to their -PnP names with it',
    },
    takesStoredCredentialName: true,
    notUserSignIn: ['AccessToken', 'Thumbprint', 'CertificatePath', 'CertificateBase64Encoded', 'Certificate', 'ManagedIdentity', 'ClientSecret'],
    why:
      `Connect-PnPOnline -Credentials ${PASSWORD} (AADSTS50076 once MFA applies); ${PARTNER_MFA}. Sign in with a Secure Application ` +
      "Model access token for the site's SharePoint (-Url -AccessToken), app-only with a certificate (-ClientId -Tenant -Thumbprint), " +
      'or the managed identity of the Azure resource the script runs on (-Url -ManagedIdentity).',
    clouds: [{ parameter: 'AzureEnvironment', publicValues: ['Production'] }],
    customEndpoints: ['AzureADLoginEndPoint', 'MicrosoftGraphEndPoint'],
    sharePointUrl: 'Url',
    siteParameter: 'Url',
    interactiveForm: "with -Interactive -ClientId <your app registration's id> (PnP PowerShell signs in only through an app of your own)",
    fixes: [
      {
        kind: 'sam',
        needs: NEEDS_URL,
        build: (f) => {
          const scope = sharePointScope(f);
          // The "Access Token" parameter set has no -ClientId (the token names its app), -CreateDrive or -DriveName.
          const kept = f.carry('ReturnConnection', 'ValidateConnection');
          const token = scope === undefined ? undefined : f.token(scope, { tenant: f.value('Tenant') ?? f.tenantNamedBy('Url') });
          return token === undefined ? undefined : { cmdlet: 'Connect-PnPOnline', args: [...f.carry('Url'), arg('AccessToken', token), ...kept] };
        },
      },
      {
        kind: 'app-only',
        needs: NEEDS_URL,
        build: (f) =>
          f.value('Url') === undefined
            ? undefined
            : {
                cmdlet: 'Connect-PnPOnline',
                args: [
                  ...f.carry('Url'),
                  arg('ClientId', f.secret('APP_ID')),
                  arg('Tenant', f.value('Tenant') ?? f.tenantNamedBy('Url') ?? f.secret('TENANT_ID')),
                  arg('Thumbprint', f.secret('CERT_THUMBPRINT')),
                  ...f.carry('ReturnConnection', 'CreateDrive', 'DriveName', 'TenantAdminUrl', 'ValidateConnection'),
                ],
              },
      },
      {
        kind: 'managed-identity',
        needs: NEEDS_URL,
        // The identity belongs to the tenant of the resource it runs on: none for a sign-in to another (-Tenant, a customer's).
        build: (f) =>
          f.value('Url') === undefined || f.value('Tenant') !== undefined
            ? undefined
            : { cmdlet: 'Connect-PnPOnline', args: [...f.carry('Url'), arg('ManagedIdentity'), ...f.carry('ReturnConnection')] },
      },
    ],
    partnerVariant: true,
  },
  {
    cmdlet: 'Connect-PowerBIServiceAccount',
    credentialParameters: ['Credential'],
    // With -ServicePrincipal the credential is an app's id and secret.
    notUserSignIn: ['ServicePrincipal', 'CertificateThumbprint', 'Token'],
    why: powerBiWhy(POWER_BI),
    otherCloudWhy: (cloud) => powerBiWhy(cloud ? `${cloud}'s Power BI resource (not the public cloud's ${POWER_BI})` : `the Power BI resource of the environment it is given (${POWER_BI} in the public cloud)`),
    clouds: [{ parameter: 'Environment', publicValues: ['Public'] }],
    customEndpoints: ['CustomEnvironment', 'DiscoveryUrl'],
    fixes: [
      {
        kind: 'app-only',
        build: (f) => ({
          cmdlet: 'Connect-PowerBIServiceAccount',
          args: [
            arg('ServicePrincipal'),
            arg('ApplicationId', f.secret('APP_ID')),
            arg('CertificateThumbprint', f.secret('CERT_THUMBPRINT')),
            arg('Tenant', f.value('Tenant') ?? f.secret('TENANT_ID')),
            ...f.carry('Environment'),
          ],
        }),
      },
    ],
    appOnlyCaveat: (context) => {
      const call = myWorkspaceCall(context);
      return (
        call &&
        `a service principal has no My workspace, and ${call} names no workspace (-Workspace, -WorkspaceId), so it works in the signed-in user's: ` +
        'after the fix the script must name a workspace the app is a member of'
      );
    },
    partnerVariant: false,
  },
  {
    cmdlet: 'New-PartnerAccessToken',
    credentialParameters: ['Credential'],
    // The credential is the app's: the Secure Application Model's refresh token exchange, app-only, or an
    // interactive sign-in (1.5's -Consent dialog, 3.x's authorization code and device code), or none is used.
    notUserSignIn: ['ServicePrincipal', 'RefreshToken', 'Consent', 'UseAuthorizationCode', 'UseDeviceAuthentication', 'CertificateThumbprint'],
    // The user's form (UserCredential) has a mandatory -ApplicationId.
    appFormWithout: { missing: 'ApplicationId' },
    why:
      `New-PartnerAccessToken -ApplicationId -Credential without -RefreshToken ${PASSWORD}: from 2026-04-01 every App+User call ` +
      `to the Partner Center API must carry MFA (401 otherwise), and ${PARTNER_MFA}. Redeem the Secure Application Model's ` +
      'refresh token instead: New-PartnerAccessToken -ApplicationId -Credential <the app\'s id and secret> -RefreshToken ' +
      '-Scopes https://api.partnercenter.microsoft.com/user_impersonation -ServicePrincipal. The PartnerCenter module is archived (2024-07-22).',
    clouds: [{ parameter: 'Environment', publicValues: ['GlobalCloud', 'AzureCloud'] }],
    customEndpoints: [],
    fixes: [],
    partnerVariant: false,
  },
  {
    cmdlet: 'Connect-AipService',
    credentialParameters: ['Credential'],
    notUserSignIn: ['AccessToken'],
    why:
      `Connect-AipService -Credential ${PASSWORD} (AADSTS50076 once MFA applies); ${PARTNER_MFA}. Connect-AipService also takes ` +
      '-AccessToken with -TenantId: pass it a token obtained without a password (the Secure Application Model, or an app-only token).',
    clouds: [],
    customEndpoints: [],
    fixes: [],
    partnerVariant: false,
  },
  {
    cmdlet: 'Connect-OrganizationAddInService',
    credentialParameters: ['Credential'],
    notUserSignIn: [],
    why:
      `Connect-OrganizationAddInService -Credential ${PASSWORD} (AADSTS50076 once MFA applies); ${PARTNER_MFA}. The cmdlet takes no token ` +
      'or certificate: run it interactively (without -Credential) as an admin who completes MFA, or deploy the add-ins through the Microsoft 365 admin center (Integrated apps).',
    clouds: [],
    customEndpoints: [],
    fixes: [],
    partnerVariant: false,
  },
  {
    cmdlet: 'New-CsOnlineSession',
    credentialParameters: ['Credential'],
    notUserSignIn: [],
    why:
      `New-CsOnlineSession -Credential ${PASSWORD}; ${PARTNER_MFA}. The cmdlet itself belongs to retired modules ` +
      '(SkypeOnlineConnector, and MicrosoftTeams before 2.0): use ' +
      'Connect-MicrosoftTeams with Secure Application Model access tokens (-AccessTokens) or a certificate, and drop the Import-PSSession.',
    clouds: [],
    customEndpoints: [],
    fixes: [],
    partnerVariant: false,
  },
  {
    cmdlet: 'Connect-MSGraph',
    credentialParameters: ['PSCredential'],
    notUserSignIn: ['ClientSecret', 'Certificate', 'AccessToken'],
    why:
      `Connect-MSGraph -PSCredential ${PASSWORD} (AADSTS50076 once MFA applies); ${PARTNER_MFA}. Its module, the Intune ` +
      'PowerShell SDK (Microsoft.Graph.Intune), is no longer maintained: move the script to Microsoft Graph PowerShell ' +
      `(Connect-MgGraph) with ${GRAPH_SIGN_INS}.`,
    clouds: [],
    customEndpoints: [],
    fixes: [],
    partnerVariant: false,
  },
  {
    cmdlet: 'Add-PowerAppsAccount',
    // -Username without -Password signs in interactively: the password is what makes it unattended.
    credentialParameters: ['Password'],
    // The module signs in as the app only when it is given the tenant too.
    notUserSignIn: [['TenantID', 'CertificateThumbprint'], ['TenantID', 'ClientSecret']],
    why:
      `Add-PowerAppsAccount -Username -Password ${PASSWORD} (AADSTS50076 once MFA applies); ${PARTNER_MFA}. Add-PowerAppsAccount ` +
      'takes no access token, so the Secure Application Model does not apply: sign in app-only with a certificate, as an app ' +
      'registered for Power Platform administration (New-PowerAppManagementApp).',
    clouds: [{ parameter: 'Endpoint', publicValues: ['prod'] }],
    customEndpoints: [
      'AudienceOverride', 'AuthBaseUriOverride', 'FlowEndpointOverride', 'PowerAppsEndpointOverride', 'BapEndpointOverride', 'GraphEndpointOverride',
      'CdsOneEndpointOverride', 'PvaEndpointOverride',
    ],
    fixes: [
      {
        kind: 'app-only',
        build: (f) => ({
          cmdlet: 'Add-PowerAppsAccount',
          args: [
            ...f.carry('Endpoint', 'Audience'),
            arg('TenantID', f.value('TenantID') ?? f.secret('TENANT_ID')),
            // An app and certificate the call already names (the module ignored them without the tenant) are kept.
            arg('ApplicationId', f.value('ApplicationId') ?? f.secret('APP_ID')),
            arg('CertificateThumbprint', f.value('CertificateThumbprint') ?? f.secret('CERT_THUMBPRINT')),
          ],
        }),
      },
    ],
    partnerVariant: false,
  },
  {
    cmdlet: 'Connect-CrmOnline',
    credentialParameters: ['Credential'],
    // -ClientSecret is another parameter set (the app's); a connection string is read by ps-dataverse-password-connection-string.
    notUserSignIn: ['ClientSecret', 'ConnectionString'],
    why:
      `Connect-CrmOnline -Credential ${PASSWORD} (it sends the password as AuthType=Office365, or as OAuth with -ForceOAuth; AADSTS50076 once MFA applies); ` +
      `${PARTNER_MFA}. Microsoft.Xrm.Data.PowerShell takes no access token: ${DATAVERSE_APP_ONLY}.`,
    clouds: [],
    customEndpoints: [],
    fixes: [
      {
        kind: 'app-only',
        needs: 'the sign-in gives no environment URL (-ServerUrl) the fix could keep',
        build: (f) => {
          const url = dataverseUrl(f);
          if (url === undefined) return undefined;
          const connection = `"AuthType=Certificate;Url=${url};ClientId=$(${f.secret('APP_ID')});Thumbprint=$(${f.secret('CERT_THUMBPRINT')});RequireNewInstance=True"`;
          return { cmdlet: 'Connect-CrmOnline', args: [arg('ConnectionString', connection), ...f.carry('ConnectionTimeoutInSeconds')] };
        },
      },
    ],
    partnerVariant: false,
  },
  {
    cmdlet: 'Connect-CrmOnlineDiscovery',
    credentialParameters: ['Credential'],
    notUserSignIn: ['InteractiveMode'],
    why:
      `Connect-CrmOnlineDiscovery -Credential ${PASSWORD} (AADSTS50076 once MFA applies); ${PARTNER_MFA}. ` +
      `Discovery lists the environments the user may open, which an app cannot: name the environment and ${DATAVERSE_APP_ONLY} ` +
      '(Connect-CrmOnline -ConnectionString).',
    clouds: [],
    customEndpoints: [],
    fixes: [],
    partnerVariant: false,
  },
  {
    cmdlet: 'Get-CrmConnection',
    credentialParameters: ['Credential'],
    notUserSignIn: ['ConnectionString', 'InteractiveMode'],
    // -ServerUrl with -Credential is an on-premises deployment's Windows or claims sign-in.
    cloudOnlyWith: ['OnLineType', 'DeploymentRegion'],
    why:
      `Get-CrmConnection -Credential for an online deployment (-OnLineType, -DeploymentRegion) ${PASSWORD} (AADSTS50076 once MFA applies); ${PARTNER_MFA}. ` +
      `It takes no access token: ${DATAVERSE_APP_ONLY} (Get-CrmConnection -ConnectionString, with the environment's URL).`,
    clouds: [],
    customEndpoints: [],
    fixes: [],
    partnerVariant: false,
  },
  ...ONLINE_MANAGEMENT_API_SIGN_INS,
];
