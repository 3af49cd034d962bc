/**
 * Whether a script signs in with the managed identity of the Azure resource it runs on: a connect
 * cmdlet's managed-identity switch (`Connect-AzAccount -Identity`, `Connect-MgGraph -Identity`,
 * `Connect-ExchangeOnline -ManagedIdentity`, `Connect-PnPOnline -ManagedIdentity`, …, in any alias,
 * prefix of the name or splat), or a token request of its own to the identity endpoint
 * (`$env:IDENTITY_ENDPOINT`, `$env:IDENTITY_HEADER`).
 */

import { cmdletSpec, type CmdletSpec } from './cmdlets';
import { boundParameters, switchOn } from './command';
import type { HashtableFacts } from './hashtables';
import type { ScriptIndex } from './script-index';

/** Microsoft Graph PowerShell's Connect-MgGraph (Microsoft.Graph.Authentication), which no rule reads otherwise. */
const CONNECT_MG_GRAPH: CmdletSpec = {
  name: 'Connect-MgGraph',
  aliases: ['Connect-Graph'],
  parameters: {
    Scopes: [],
    ClientId: ['AppId', 'ApplicationId'],
    CertificateSubjectName: ['CertificateSubject', 'CertificateName'],
    CertificateThumbprint: [],
    Certificate: [],
    ClientSecretCredential: ['SecretCredential', 'Credential'],
    AccessToken: [],
    TenantId: ['Audience', 'Tenant'],
    ContextScope: [],
    Environment: ['EnvironmentName', 'NationalCloud'],
    ClientTimeout: [],
    // Switches with aliases: their names are listed in `switches` too.
    UseDeviceCode: ['UseDeviceAuthentication', 'DeviceCode', 'DeviceAuth', 'Device'],
    Identity: ['ManagedIdentity', 'ManagedServiceIdentity', 'MSI'],
  },
  switches: ['UseDeviceCode', 'Identity', 'EnvironmentVariable', 'NoWelcome', 'Break'],
};

/** Each cmdlet's switch that signs in with the managed identity. */
const MANAGED_IDENTITY_SWITCH: Readonly<Record<string, string>> = {
  'Connect-AzAccount': 'Identity',
  'Connect-AzureRmAccount': 'Identity',
  'Connect-MgGraph': 'Identity',
  'Connect-MicrosoftTeams': 'Identity',
  'Connect-ExchangeOnline': 'ManagedIdentity',
  'Connect-SPOService': 'ManagedIdentity',
  'Connect-PnPOnline': 'ManagedIdentity',
};

/** The environment variables through which a sandbox (Azure Automation, App Service) serves its managed identity's tokens. */
const IDENTITY_ENVIRONMENT = new Set(['env:identity_endpoint', 'env:identity_header']);

export function signsInWithManagedIdentity(index: ScriptIndex, hashtables: () => HashtableFacts): boolean {
  return index.variables().some((variable) => IDENTITY_ENVIRONMENT.has(variable.name)) || connectsWithManagedIdentity(index, hashtables);
}

function connectsWithManagedIdentity(index: ScriptIndex, hashtables: () => HashtableFacts): boolean {
  for (const [name, commands] of index.commandsByName()) {
    const spec = signInSpec(name);
    const identity = spec && MANAGED_IDENTITY_SWITCH[spec.name];
    if (!spec || !identity) continue;
    const given = (command: (typeof commands)[number]) =>
      boundParameters(index.node(command, 'command'), spec, hashtables).some((parameter) => parameter.canonical === identity && switchOn(spec, parameter));
    if (commands.some(given)) return true;
  }
  return false;
}

function signInSpec(name: string): CmdletSpec | undefined {
  if (name === 'connect-mggraph' || name === 'connect-graph') return CONNECT_MG_GRAPH;
  return cmdletSpec(name);
}
