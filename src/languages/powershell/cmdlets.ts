/** What PowerShell's parameter binder needs to know of a cmdlet to resolve `-Cred`, aliases and switches. */
export interface CmdletSpec {
  name: string;
  aliases?: string[];
  /** Canonical parameter name → its aliases; switches are listed in `switches`. */
  parameters: Record<string, string[]>;
  switches?: string[];
  /** Parameters that bind positional arguments, in position order (`Invoke-RestMethod $uri`). */
  positions?: string[];
  /** False for a script's simple function (no `[CmdletBinding()]`, no `[Parameter()]`): it has no common parameters. */
  common?: boolean;
  /**
   * Parameters PowerShell 7 added: a name's prefix that only they make ambiguous binds as in Windows
   * PowerShell 5.1, which scripts of the cmdlet were written for (`New-PSSession -Conn`: -ConnectionUri there).
   */
  addedInPowerShell7?: string[];
}

/** The parameters Invoke-RestMethod and Invoke-WebRequest share (Windows PowerShell 5.1 and PowerShell 7). */
const WEB_REQUEST_PARAMETERS: Record<string, string[]> = {
  Uri: [],
  Method: [],
  CustomMethod: ['CM'],
  Body: [],
  Form: [],
  ContentType: [],
  Headers: [],
  Credential: [],
  Authentication: [],
  Token: [],
  Certificate: [],
  CertificateThumbprint: [],
  WebSession: [],
  SessionVariable: ['SV'],
  UserAgent: [],
  TimeoutSec: ['TimeoutSeconds'],
  ConnectionTimeoutSeconds: [],
  OperationTimeoutSeconds: [],
  Proxy: [],
  ProxyCredential: [],
  InFile: [],
  OutFile: [],
  TransferEncoding: [],
  MaximumRedirection: [],
  MaximumRetryCount: [],
  RetryIntervalSec: [],
  SslProtocol: [],
  StatusCodeVariable: [],
  ResponseHeadersVariable: [],
  HttpVersion: [],
  UnixSocket: [],
};
const WEB_REQUEST_SWITCHES = [
  'UseBasicParsing',
  'UseDefaultCredentials',
  'DisableKeepAlive',
  'ProxyUseDefaultCredentials',
  'PassThru',
  'SkipCertificateCheck',
  'AllowUnencryptedAuthentication',
  'NoProxy',
  'SkipHeaderValidation',
  'SkipHttpErrorCheck',
  'Resume',
  'PreserveAuthorizationOnRedirect',
  'AllowInsecureRedirect',
  'PreserveHttpMethodOnRedirect',
];

/** Remoting: the session a script opens, imports and closes. */
const SESSION_OPTIONS: Record<string, string[]> = {
  Name: [],
  Credential: [],
  Authentication: [],
  CertificateThumbprint: [],
  SessionOption: [],
  ThrottleLimit: [],
};

/**
 * The SqlServer module's Analysis Services cmdlets: -Server and the sign-in's parameters (a user's
 * credential, or with -ServicePrincipal an app's); the rest are each cmdlet's own, left unknown.
 */
export const ANALYSIS_SERVICES_CMDLETS: readonly string[] = [
  'Invoke-ASCmd', 'Invoke-ProcessASDatabase', 'Invoke-ProcessTable', 'Invoke-ProcessPartition', 'Invoke-ProcessCube', 'Invoke-ProcessDimension',
  'Backup-ASDatabase', 'Restore-ASDatabase', 'Merge-Partition', 'Add-RoleMember', 'Remove-RoleMember',
];

/** The cmdlets that send a web request (`-Uri`, `-Body`, `-Headers`, `-Credential`): Invoke-RestMethod and Invoke-WebRequest. */
export const WEB_REQUEST_CMDLETS: ReadonlySet<string> = new Set(['Invoke-RestMethod', 'Invoke-WebRequest']);

/**
 * Microsoft.Xrm.OnlineManagementAPI, Dynamics 365's Online Management API, by noun: the verbs it has. Each of
 * these cmdlets calls the service at -ApiUrl (first by position) and signs in itself, with -Credential;
 * the module's New-Crm…Info cmdlets only build requests.
 */
const ONLINE_MANAGEMENT_API_VERBS: Readonly<Record<string, readonly string[]>> = {
  CrmInstance: ['Get', 'New', 'Remove', 'Backup', 'Restore', 'Reset', 'Copy'],
  CrmInstances: ['Get'],
  CrmInstanceBackup: ['Get'],
  CrmInstanceBackups: ['Get'],
  CrmInstanceType: ['Get'],
  CrmInstanceTypes: ['Get'],
  CrmOperationStatus: ['Get'],
  CrmCurrencies: ['Get'],
  CrmLanguages: ['Get'],
  CrmTemplates: ['Get'],
  CrmServiceVersions: ['Get'],
  CrmAdminMode: ['Enable', 'Disable'],
  CrmManagementApp: ['Get', 'New', 'Remove', 'Enable', 'Disable'],
  CrmManagementApps: ['Get'],
};

/** The Online Management API's cmdlets that sign in (see ONLINE_MANAGEMENT_API_VERBS). */
export const ONLINE_MANAGEMENT_API_CMDLETS: readonly string[] = Object.entries(ONLINE_MANAGEMENT_API_VERBS).flatMap(([noun, verbs]) => verbs.map((verb) => `${verb}-${noun}`));

/**
 * The legacy PnP module's cmdlets (OfficeDevPnP.PowerShell, and SharePointPnPPowerShellOnline, which kept these
 * names as aliases until 2017), by verb: the nouns after `-SPO` (`Get-SPOWeb`); PnP.PowerShell has none of them,
 * only their `-PnP` names. Frozen with the module. Left out: Get-SPOSite and Get-SPOTheme, cmdlets of the SharePoint
 * Online Management Shell (Microsoft.Online.SharePoint.PowerShell) too, whose `-SPO` cmdlets are no legacy PnP.
 */
const LEGACY_PNP_NOUNS: Readonly<Record<string, readonly string[]>> = {
  Add: ['ContentType', 'ContentTypeToDocumentSet', 'ContentTypeToList', 'CustomAction', 'DocumentSet', 'EventReceiver', 'Field', 'FieldFromXml', 'FieldToContentType', 'File', 'FileToProvisioningTemplate', 'Folder', 'HtmlPublishingPageLayout', 'IndexedProperty', 'JavaScriptBlock', 'JavaScriptLink', 'ListItem', 'MasterPage', 'NavigationNode', 'PublishingPage', 'PublishingPageLayout', 'TaxonomyField', 'UserToGroup', 'View', 'WebPartToWebPartPage', 'WebPartToWikiPage', 'WikiPage', 'WorkflowDefinition', 'WorkflowSubscription'],
  Apply: ['ProvisioningTemplate'],
  Convert: ['FolderToProvisioningTemplate', 'ProvisioningTemplate'],
  Copy: ['File'],
  Disable: ['Feature', 'ResponsiveUI'],
  Enable: ['Feature', 'ResponsiveUI'],
  Ensure: ['Folder'],
  Execute: ['Query'],
  Export: ['Taxonomy', 'TermGroupToXml'],
  Find: ['File'],
  Get: ['AppInstance', 'Auditing', 'AuthenticationRealm', 'AzureADManifestKeyCredentials', 'ContentType', 'Context', 'CustomAction', 'DocumentSetTemplate', 'EventReceiver', 'Feature', 'Field', 'File', 'Folder', 'FolderItem', 'Group', 'GroupPermissions', 'HealthScore', 'HomePage', 'IndexedPropertyKeys', 'JavaScriptLink', 'List', 'ListItem', 'MasterPage', 'Property', 'PropertyBag', 'ProvisioningTemplate', 'ProvisioningTemplateFromGallery', 'RequestAccessEmails', 'SearchConfiguration', 'SiteClosure', 'SitePolicy', 'SiteSearchQueryResults', 'StoredCredential', 'SubWebs', 'TaxonomyItem', 'TaxonomySession', 'TenantSite', 'TermGroup', 'TimeZoneId', 'UserProfileProperty', 'View', 'Web', 'WebPart', 'WebPartProperty', 'WebPartXml', 'WebTemplates', 'WikiPageContent', 'WorkflowDefinition', 'WorkflowSubscription'],
  Import: ['AppPackage', 'Taxonomy', 'TermGroupFromXml', 'TermSet'],
  Install: ['Solution'],
  Invoke: ['WebAction'],
  Load: ['ProvisioningTemplate'],
  Move: ['File'],
  New: ['ExtensbilityHandlerObject', 'Group', 'List', 'PersonalSite', 'ProvisioningTemplate', 'ProvisioningTemplateFromFolder', 'TenantSite', 'TermGroup', 'User', 'Web'],
  Remove: ['ContentType', 'ContentTypeFromDocumentSet', 'ContentTypeFromList', 'CustomAction', 'EventReceiver', 'Field', 'FieldFromContentType', 'File', 'FileFromProvisioningTemplate', 'Folder', 'Group', 'IndexedProperty', 'JavaScriptLink', 'List', 'ListItem', 'NavigationNode', 'PropertyBagValue', 'TaxonomyItem', 'TenantSite', 'TermGroup', 'UserFromGroup', 'View', 'Web', 'WebPart', 'WikiPage', 'WorkflowDefinition', 'WorkflowSubscription'],
  Rename: ['File'],
  Request: ['ReIndexList', 'ReIndexWeb'],
  Resume: ['WorkflowInstance'],
  Save: ['ProvisioningTemplate'],
  Send: ['Mail'],
  Set: ['AppSideLoading', 'Auditing', 'Context', 'DefaultColumnValues', 'DefaultContentTypeToList', 'DocumentSetField', 'FileCheckedIn', 'FileCheckedOut', 'Group', 'GroupPermissions', 'HomePage', 'IndexedProperties', 'List', 'ListItem', 'ListPermission', 'MasterPage', 'MinimalDownloadStrategy', 'PropertyBagValue', 'ProvisioningTemplateMetadata', 'RequestAccessEmails', 'SearchConfiguration', 'SiteClosure', 'SitePolicy', 'TaxonomyFieldValue', 'TenantSite', 'Theme', 'TraceLog', 'UserProfileProperty', 'Web', 'WebPartProperty', 'WikiPageContent'],
  Stop: ['WorkflowInstance'],
  Submit: ['SearchQuery'],
  Uninstall: ['AppInstance', 'Solution'],
};

/** The legacy PnP module's own cmdlets (see LEGACY_PNP_NOUNS), with its Disconnect-SPOnline. */
export const LEGACY_PNP_CMDLETS = new RegExp(
  `^(?:disconnect-sponline|${Object.entries(LEGACY_PNP_NOUNS).flatMap(([verb, nouns]) => nouns.map((noun) => `${verb}-SPO${noun}`)).join('|')})$`,
  'i',
);

export const CMDLETS: readonly CmdletSpec[] = [
  {
    name: 'Invoke-RestMethod',
    // `irm`; PowerShell 7 has no `curl`/`wget` aliases, but their native forms bind none of these parameters.
    aliases: ['irm'],
    parameters: { ...WEB_REQUEST_PARAMETERS, FollowRelLink: ['FL'], MaximumFollowRelLink: ['ML'] },
    switches: WEB_REQUEST_SWITCHES,
    positions: ['Uri'],
  },
  {
    name: 'Invoke-WebRequest',
    // `curl` and `wget` are aliases of Invoke-WebRequest in Windows PowerShell 5.1.
    aliases: ['iwr', 'curl', 'wget'],
    parameters: WEB_REQUEST_PARAMETERS,
    switches: WEB_REQUEST_SWITCHES,
    positions: ['Uri'],
  },
  {
    name: 'New-PSSession',
    aliases: ['nsn'],
    parameters: {
      ...SESSION_OPTIONS,
      ComputerName: ['Cn'],
      ConnectionUri: ['URI', 'CU'],
      ConfigurationName: [],
      Port: [],
      ApplicationName: [],
      Session: [],
      VMId: ['VMGuid'],
      VMName: [],
      ContainerId: [],
      HostName: [],
      UserName: [],
      KeyFilePath: ['IdentityFilePath'],
      SSHTransport: [],
      Subsystem: [],
      Options: [],
      ConnectingTimeout: [],
    },
    switches: ['AllowRedirection', 'UseSSL', 'EnableNetworkAccess', 'RunAsAdministrator', 'UseWindowsPowerShell'],
    positions: ['ComputerName'],
    addedInPowerShell7: ['HostName', 'UserName', 'KeyFilePath', 'SSHTransport', 'Subsystem', 'Options', 'ConnectingTimeout', 'UseWindowsPowerShell'],
  },
  {
    name: 'Import-PSSession',
    aliases: ['ipsn'],
    parameters: {
      Session: [],
      CommandName: ['Name'],
      FormatTypeName: [],
      Prefix: [],
      ArgumentList: ['Args'],
      CommandType: ['Type'],
      Module: ['PSSnapin'],
      FullyQualifiedModule: [],
      Certificate: [],
    },
    switches: ['AllowClobber', 'DisableNameChecking'],
    positions: ['Session', 'CommandName', 'FormatTypeName'],
  },
  {
    name: 'Remove-PSSession',
    aliases: ['rsn'],
    parameters: { Session: [], Id: [], InstanceId: [], Name: [], ComputerName: ['Cn'], ContainerId: [], VMId: ['VMGuid'], VMName: [] },
    switches: ['WhatIf', 'Confirm'],
    positions: ['Session'],
  },
  {
    name: 'Send-MailMessage',
    parameters: {
      To: [],
      Subject: ['sub'],
      Body: [],
      SmtpServer: ['ComputerName'],
      From: [],
      Attachments: ['PsPath'],
      Bcc: [],
      Cc: [],
      BodyAsHtml: ['BAH'],
      Encoding: ['BE'],
      DeliveryNotificationOption: ['DNO'],
      Priority: [],
      ReplyTo: [],
      Credential: [],
      Port: [],
    },
    switches: ['BodyAsHtml', 'UseSsl'],
    positions: ['To', 'Subject', 'Body', 'SmtpServer'],
  },
  {
    // Mailozaurr's (EvotecIT), on MailKit: -oAuth2 takes a token as the credential, -Graph sends through Graph.
    name: 'Send-EmailMessage',
    parameters: {
      Server: ['SmtpServer'],
      Port: [],
      From: [],
      ReplyTo: [],
      Cc: [],
      Bcc: [],
      To: [],
      Subject: [],
      Priority: ['Importance'],
      Encoding: [],
      DeliveryNotificationOption: [],
      DeliveryStatusNotificationType: [],
      Credential: [],
      Username: [],
      Password: [],
      SecureSocketOptions: [],
      HTML: ['Body'],
      Text: [],
      Attachment: [],
      Timeout: [],
      LocalDomain: [],
      LogPath: [],
    },
    switches: ['UseSsl', 'oAuth2', 'Graph', 'MgGraphRequest', 'AsSecureString', 'RequestReadReceipt', 'RequestDeliveryReceipt', 'SkipCertificateRevocation', 'SkipCertificateValidation', 'Suppress', 'DoNotSaveToSentItems'],
  },
  {
    // The Send-MailKitMessage module's (PowerShell Gallery), on MailKit: it passes -Credential's user name and
    // password to MailKit's Authenticate, and has no token option. Its parameters bind by name only.
    name: 'Send-MailKitMessage',
    parameters: {
      SmtpServer: [],
      Port: [],
      Credential: [],
      From: [],
      RecipientList: [],
      CCList: [],
      BCCList: [],
      Subject: [],
      TextBody: [],
      HTMLBody: [],
      AttachmentList: [],
    },
    switches: ['UseSecureConnectionIfAvailable'],
  },
  {
    name: 'ConvertTo-SecureString',
    parameters: { String: [], SecureKey: [], Key: [] },
    switches: ['AsPlainText', 'Force'],
    positions: ['String', 'SecureKey'],
  },
  {
    name: 'Connect-MsolService',
    parameters: {
      Credential: [],
      AdGraphAccessToken: [],
      MsGraphAccessToken: [],
      AzureEnvironment: [],
    },
    switches: ['CurrentCredentials'],
  },
  // The cloud connect cmdlets ps-connect-user-credential knows (parameters as their modules declare them).
  {
    name: 'Connect-AzureAD',
    parameters: {
      Credential: [],
      TenantId: ['Domain', 'TenantDomain'],
      AzureEnvironmentName: ['EnvironmentName'],
      AccountId: [],
      AadAccessToken: [],
      MsAccessToken: [],
      ApplicationId: [],
      CertificateThumbprint: [],
      LogLevel: [],
      LogFilePath: [],
    },
    switches: ['WhatIf', 'Confirm'],
  },
  {
    name: 'Connect-AzAccount',
    aliases: ['Login-AzAccount', 'Add-AzAccount'],
    parameters: {
      Credential: [],
      Environment: ['EnvironmentName'],
      Tenant: ['Domain', 'TenantId'],
      AccountId: ['Id'],
      Subscription: ['SubscriptionName', 'SubscriptionId'],
      AuthScope: ['AuthScopeTypeName'],
      ContextName: [],
      MaxContextPopulation: [],
      Scope: [],
      ApplicationId: [],
      CertificateThumbprint: [],
      CertificatePath: [],
      CertificatePassword: [],
      AccessToken: [],
      GraphAccessToken: [],
      MicrosoftGraphAccessToken: [],
      KeyVaultAccessToken: [],
      FederatedToken: [],
      ManagedServicePort: [],
      ManagedServiceHostName: [],
      ManagedServiceSecret: [],
    },
    switches: ['ServicePrincipal', 'Identity', 'UseDeviceAuthentication', 'SendCertificateChain', 'SkipContextPopulation', 'SkipValidation', 'Force', 'WhatIf', 'Confirm'],
  },
  {
    name: 'Connect-AzureRmAccount',
    aliases: ['Login-AzureRmAccount', 'Add-AzureRmAccount'],
    parameters: {
      Credential: [],
      Environment: ['EnvironmentName'],
      TenantId: ['Domain', 'Tenant'],
      AccountId: [],
      Subscription: ['SubscriptionName', 'SubscriptionId'],
      ContextName: [],
      Scope: [],
      ApplicationId: [],
      CertificateThumbprint: [],
      AccessToken: [],
      GraphAccessToken: [],
      KeyVaultAccessToken: [],
      ManagedServicePort: [],
      ManagedServiceHostName: [],
      ManagedServiceSecret: [],
    },
    switches: ['ServicePrincipal', 'Identity', 'SkipContextPopulation', 'SkipValidation', 'Force', 'WhatIf', 'Confirm'],
  },
  {
    name: 'Connect-PartnerCenter',
    parameters: {
      Credential: [],
      AccessToken: [],
      ApplicationId: [],
      CertificateThumbprint: [],
      Environment: [],
      RefreshToken: [],
      Tenant: ['Domain', 'TenantId'],
    },
    switches: ['ServicePrincipal', 'UseDeviceAuthentication', 'WhatIf', 'Confirm'],
  },
  exchangeModuleSpec(
    'Connect-ExchangeOnline',
    ['ExchangeEnvironmentName', 'PageSize', 'TrackPerformance', 'UseMultithreading', 'ManagedIdentityAccountId'],
    ['ManagedIdentity', 'Device', 'InlineCredential', 'LoadCmdletHelp', 'SkipLoadingCmdletHelp', 'BypassMailboxAnchoring'],
  ),
  exchangeModuleSpec('Connect-IPPSSession', [], ['EnableSearchOnlySession']),
  {
    // The Exchange Online Remote PowerShell module's (CreateExoPSSession.ps1), before EXO V2.
    name: 'Connect-EXOPSSession',
    parameters: Object.fromEntries(['ConnectionUri', 'AzureADAuthorizationEndpointUri', 'UserPrincipalName', 'PSSessionOption', 'Credential', 'DelegatedOrganization'].map((p) => [p, []])),
    switches: ['BypassMailboxAnchoring'],
  },
  {
    // The same module's cmdlet under Connect-EXOPSSession: it returns the session for Import-PSSession.
    name: 'New-ExoPSSession',
    parameters: Object.fromEntries(['ConnectionUri', 'AzureADAuthorizationEndpointUri', 'UserPrincipalName', 'PSSessionOption', 'Credential', 'DelegatedOrganization'].map((p) => [p, []])),
    switches: ['BypassMailboxAnchoring'],
  },
  {
    name: 'Connect-MicrosoftTeams',
    parameters: {
      Credential: [],
      TenantId: [],
      AccountId: [],
      TeamsEnvironmentName: [],
      AccessTokens: [],
      ApplicationId: [],
      CertificateThumbprint: [],
      Certificate: [],
      LogLevel: [],
      LogFilePath: [],
    },
    switches: ['Identity', 'UseDeviceAuthentication', 'WhatIf', 'Confirm'],
  },
  {
    name: 'Connect-SPOService',
    parameters: {
      Url: [],
      Credential: [],
      AuthenticationUrl: [],
      ClientTag: [],
      Region: [],
      ModernAuth: [],
      ClientId: [],
      TenantId: [],
      CertificateThumbprint: [],
    },
    switches: ['UseSystemBrowser', 'ManagedIdentity'],
    positions: ['Url'],
  },
  {
    name: 'Connect-PnPOnline',
    // SharePointPnPPowerShellOnline (to 2017) exported its old name as an alias.
    aliases: ['Connect-SPOnline'],
    parameters: {
      Url: [],
      Credentials: ['Credential'],
      ClientId: ['ApplicationId'],
      Tenant: [],
      Thumbprint: [],
      CertificatePath: [],
      CertificatePassword: [],
      CertificateBase64Encoded: [],
      Certificate: [],
      ClientSecret: [],
      AccessToken: [],
      AzureEnvironment: [],
      TenantAdminUrl: [],
      DriveName: [],
      RedirectUri: [],
      Realm: [],
      Connection: [],
      MicrosoftGraphEndPoint: [],
      AzureADLoginEndPoint: [],
      UserAssignedManagedIdentityObjectId: [],
      UserAssignedManagedIdentityClientId: [],
      UserAssignedManagedIdentityAzureResourceId: [],
    },
    switches: [
      'ReturnConnection', 'CurrentCredentials', 'CreateDrive', 'ManagedIdentity', 'Interactive', 'DeviceLogin', 'UseWebLogin',
      'ValidateConnection', 'LaunchBrowser', 'PersistLogin', 'ForceAuthentication', 'TransformationOnPrem', 'OSLogin',
    ],
    positions: ['Url'],
  },
  {
    name: 'Connect-PowerBIServiceAccount',
    aliases: ['Login-PowerBIServiceAccount', 'Set-PowerBIServiceAccount', 'Add-PowerBIServiceAccount', 'Login-PowerBI'],
    parameters: {
      Environment: [],
      CustomEnvironment: [],
      Credential: [],
      CertificateThumbprint: [],
      ApplicationId: [],
      Tenant: ['TenantId'],
      DiscoveryUrl: [],
      Token: [],
    },
    switches: ['ServicePrincipal'],
  },
  {
    // Azure (Service Management), the classic deployment model's module.
    name: 'Add-AzureAccount',
    parameters: { Credential: [], Environment: [], Tenant: [], Profile: [] },
    switches: ['ServicePrincipal'],
  },
  {
    // PartnerCenter: the 1.5 user form (-ApplicationId -Credential, ROPC), and the app's forms (-ServicePrincipal, -RefreshToken).
    name: 'New-PartnerAccessToken',
    parameters: Object.fromEntries(
      ['ApplicationId', 'Credential', 'CertificateThumbprint', 'RefreshToken', 'Resource', 'Scopes', 'Environment', 'Module'].map((parameter) => [parameter, []]),
    ),
    switches: ['ServicePrincipal', 'Consent', 'UseAuthorizationCode', 'UseDeviceAuthentication'],
  },
  {
    // AIPService; the AADRM module's name is still its alias.
    name: 'Connect-AipService',
    aliases: ['Connect-AadrmService'],
    parameters: { Credential: [], TenantId: [], AccessToken: [], EnvironmentName: [] },
  },
  {
    // O365CentralizedAddInDeployment: Centralized Deployment of Office add-ins.
    name: 'Connect-OrganizationAddInService',
    parameters: { Credential: [], Url: [] },
  },
  {
    // SkypeOnlineConnector, and MicrosoftTeams before 2.0: a remote PowerShell session to Skype for Business Online.
    name: 'New-CsOnlineSession',
    parameters: Object.fromEntries(
      ['Credential', 'UserName', 'OverrideAdminDomain', 'OverrideDiscoveryUri', 'OverridePowershellUri', 'OverrideAccessTokenResourceUri', 'SessionOption'].map(
        (parameter) => [parameter, []],
      ),
    ),
  },
  {
    // Microsoft.Graph.Intune (the Intune PowerShell SDK).
    name: 'Connect-MSGraph',
    parameters: { PSCredential: ['Credential'], ClientSecret: [], Certificate: [], AccessToken: [] },
    switches: ['AdminConsent', 'Quiet', 'PassThru'],
  },
  {
    // A script function of Microsoft.PowerApps.Administration.PowerShell; its parameters are named in current releases.
    name: 'Add-PowerAppsAccount',
    parameters: Object.fromEntries(
      [
        'Audience', 'Endpoint', 'Username', 'Password', 'TenantID', 'CertificateThumbprint', 'ClientSecret', 'ApplicationId', 'AudienceOverride',
        'AuthBaseUriOverride', 'FlowEndpointOverride', 'PowerAppsEndpointOverride', 'BapEndpointOverride', 'GraphEndpointOverride',
        'CdsOneEndpointOverride', 'PvaEndpointOverride',
      ].map((parameter) => [parameter, []]),
    ),
  },
  {
    // Microsoft.Xrm.Data.PowerShell (script functions): Dynamics 365 / Dataverse sign-ins.
    name: 'Connect-CrmOnline',
    parameters: Object.fromEntries(
      ['ConnectionString', 'ServerUrl', 'Credential', 'OAuthClientId', 'OAuthRedirectUri', 'ClientSecret', 'Username', 'ConnectionTimeoutInSeconds', 'LogWriteDirectory'].map(
        (parameter) => [parameter, []],
      ),
    ),
    switches: ['ForceDiscovery', 'ForceOAuth', 'BypassTokenCache'],
    positions: ['ServerUrl', 'Credential'],
  },
  {
    name: 'Connect-CrmOnlineDiscovery',
    parameters: { Credential: [] },
    switches: ['InteractiveMode'],
    positions: ['Credential'],
  },
  {
    // Microsoft.Xrm.Tooling.CrmConnector.PowerShell. Its positions differ by parameter set (-OnLineType or -ServerUrl first): left unbound.
    name: 'Get-CrmConnection',
    parameters: Object.fromEntries(
      [
        'ConnectionString', 'OnLineType', 'Credential', 'DeploymentRegion', 'OrganizationName', 'ServerUrl', 'HomeRealmUrl', 'ProfileName', 'LogWriteDirectory',
        'MaxCrmConnectionTimeOutMinutes',
      ].map((parameter) => [parameter, []]),
    ),
    switches: ['InteractiveMode'],
  },
  {
    // Microsoft365DSC; -GlobalAdminAccount, -Quiet, -ComponentsToExtract and -AllComponents are its releases before 1.21's.
    name: 'Export-M365DSCConfiguration',
    parameters: Object.fromEntries(
      [
        'Path', 'FileName', 'ConfigurationName', 'Components', 'ExcludeComponents', 'Workloads', 'Mode', 'GenerateInfo', 'Filters', 'ApplicationId',
        'TenantId', 'ApplicationSecret', 'CertificateThumbprint', 'Credential', 'CertificatePassword', 'CertificatePath', 'AccessTokens',
        'TokenReplacement', 'MaxProcesses', 'GlobalAdminAccount', 'ComponentsToExtract',
      ].map((parameter) => [parameter, []]),
    ),
    switches: ['LaunchWebUI', 'ManagedIdentity', 'Validate', 'Parallel', 'WithStatistics', 'Quiet', 'AllComponents'],
  },
  ...ANALYSIS_SERVICES_CMDLETS.map((name) => ({
    name,
    parameters: { Server: [], Credential: [], ApplicationId: [], TenantId: [], CertificateThumbprint: [] },
    switches: ['ServicePrincipal'],
  })),
  // Their parameters beyond the service's URL and the sign-in's are each cmdlet's own (-InstanceId, -BackupInfo, …): left unknown.
  ...ONLINE_MANAGEMENT_API_CMDLETS.map((name) => ({ name, parameters: { ApiUrl: [], Credential: [], MaxCrmConnectionTimeOutMinutes: [] }, positions: ['ApiUrl'] })),
  {
    name: 'New-Object',
    parameters: { TypeName: [], ArgumentList: ['Args'], Property: [], ComObject: [] },
    switches: ['Strict'],
    positions: ['TypeName', 'ArgumentList'],
  },
  {
    // MSAL.PS (a script function): -UserCredential is its username and password flow.
    name: 'Get-MsalToken',
    parameters: Object.fromEntries(
      [
        'ClientId', 'ClientSecret', 'ClientCertificate', 'AuthorizationCode', 'UserAssertion', 'UserAssertionType', 'RedirectUri', 'AzureCloudInstance',
        'TenantId', 'Authority', 'PublicClientApplication', 'ConfidentialClientApplication', 'Scopes', 'ExtraScopesToConsent', 'LoginHint', 'Prompt',
        'UserCredential', 'CorrelationId', 'ExtraQueryParameters', 'ProofOfPossession', 'Timeout',
      ].map((parameter) => [parameter, []]),
    ),
    switches: ['SendX5C', 'AuthenticationBroker', 'Interactive', 'IntegratedWindowsAuth', 'Silent', 'DeviceCode', 'ForceRefresh', 'UseEmbeddedWebView'],
    positions: ['ClientId'],
  },
];

/** Connect-ExchangeOnline and Connect-IPPSSession (ExchangeOnlineManagement) share most of their parameters. */
function exchangeModuleSpec(name: string, parameters: string[], switches: string[]): CmdletSpec {
  const shared = [
    'Credential', 'UserPrincipalName', 'DelegatedOrganization', 'Organization', 'ConnectionUri', 'AzureADAuthorizationEndpointUri',
    'AccessToken', 'AppId', 'CertificateThumbprint', 'Certificate', 'CertificateFilePath', 'CertificatePassword', 'Prefix',
    'CommandName', 'FormatTypeName', 'PSSessionOption', 'LogDirectoryPath', 'LogLevel', 'SigningCertificate', 'ShowProgress',
  ];
  return {
    name,
    parameters: Object.fromEntries([...shared, ...parameters].map((parameter) => [parameter, []])),
    switches: ['ShowBanner', 'UseRPSSession', 'SkipLoadingFormatData', 'EnableErrorReporting', 'DisableWAM', ...switches],
  };
}

/** Parameters every cmdlet takes: a fix carries them over to the command it writes. */
export const COMMON_PARAMETERS: Record<string, string[]> = {
  ErrorAction: ['ea'],
  WarningAction: ['wa'],
  InformationAction: ['infa'],
  ErrorVariable: ['ev'],
  WarningVariable: ['wv'],
  InformationVariable: ['iv'],
  OutVariable: ['ov'],
  OutBuffer: ['ob'],
  PipelineVariable: ['pv'],
};
const COMMON_SWITCHES = ['Verbose', 'Debug'];

export function isCommonParameter(canonical: string): boolean {
  return Object.hasOwn(COMMON_PARAMETERS, canonical) || COMMON_SWITCHES.includes(canonical);
}

const byName = new Map<string, CmdletSpec>();
for (const spec of CMDLETS) {
  for (const name of [spec.name, ...(spec.aliases ?? [])]) byName.set(name.toLowerCase(), spec);
}

export function cmdletSpec(name: string): CmdletSpec | undefined {
  return byName.get(name.toLowerCase());
}

/** The canonical parameter a written name binds to: exact name or alias, else a unique prefix. */
export function resolveParameter(spec: CmdletSpec, written: string): string | undefined {
  const wanted = written.toLowerCase();
  const candidates = parameterNames(spec);
  const exact = candidates.find(([name]) => name === wanted);
  if (exact) return exact[1];
  const prefixed = new Set(candidates.filter(([name]) => name.startsWith(wanted)).map(([, canonical]) => canonical));
  if (prefixed.size === 1) return [...prefixed][0];
  const inWindowsPowerShell = [...prefixed].filter((canonical) => !spec.addedInPowerShell7?.includes(canonical));
  return inWindowsPowerShell.length === 1 ? inWindowsPowerShell[0] : undefined;
}

const namesOfSpec = new WeakMap<CmdletSpec, [string, string][]>();

/** Every name a parameter of the cmdlet answers to, lower-cased, with its canonical name. */
function parameterNames(spec: CmdletSpec): [string, string][] {
  let candidates = namesOfSpec.get(spec);
  if (candidates) return candidates;
  candidates = [];
  const common = spec.common !== false;
  const parameters: Record<string, string[]> = { ...spec.parameters, ...(common ? COMMON_PARAMETERS : {}) };
  for (const canonical of [...Object.keys(parameters), ...(spec.switches ?? []), ...(common ? COMMON_SWITCHES : [])]) {
    // A script's parameter may be called `$constructor`: only the record's own entries are aliases.
    const aliases = Object.hasOwn(parameters, canonical) ? parameters[canonical] : [];
    for (const name of [canonical, ...aliases]) candidates.push([name.toLowerCase(), canonical]);
  }
  namesOfSpec.set(spec, candidates);
  return candidates;
}

export function isSwitch(spec: CmdletSpec, canonical: string): boolean {
  return (spec.switches?.includes(canonical) ?? false) || (spec.common !== false && COMMON_SWITCHES.includes(canonical));
}
