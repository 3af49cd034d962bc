import { powerShellSecrets, storeRotatedRefreshToken, templateLines, type PowerShellSecrets } from './secret-source';
import { GET_PARTNER_SAM_ACCESS_TOKEN } from '../../shared/token-helpers';

export { GET_PARTNER_SAM_ACCESS_TOKEN };

/**
 * The Secure Application Model token function for scripts that already use the PartnerCenter module:
 * New-PartnerAccessToken -ServicePrincipal redeems the refresh token. Same parameters as
 * Get-SamAccessToken, so a fix can call either.
 */
export function getPartnerSamAccessTokenTemplate(secrets: PowerShellSecrets = powerShellSecrets('environment')): string {
  return `function ${GET_PARTNER_SAM_ACCESS_TOKEN} {
  <#
  .SYNOPSIS
  Secure Application Model through the PartnerCenter module: New-PartnerAccessToken redeems the refresh
  token from the partner's one-time admin consent (done with MFA) for an access token to one resource,
  in the partner's tenant or in a customer's (-Tenant).
  ${templateLines(secrets.where, '  ')}
  #>
  param(
    [Parameter(Mandatory)] [string] $Scope,
    [string] $Tenant = ${secrets.read('TENANT_ID')},
    [switch] $AsSecureString
  )
  $appId = ${secrets.read('APP_ID')}
  $appCredential = [pscredential]::new($appId, (ConvertTo-SecureString -String ${secrets.read('APP_SECRET')} -AsPlainText -Force))
  $token = New-PartnerAccessToken -ApplicationId $appId -Credential $appCredential -RefreshToken ${secrets.read('REFRESH_TOKEN')} -Scopes $Scope -ServicePrincipal -Tenant $Tenant
  ${templateLines(secrets.storeNote, '  ', true)}
  ${storeRotatedRefreshToken(secrets, '$token.RefreshToken')}
  if ($AsSecureString) {
    return ConvertTo-SecureString -String $token.AccessToken -AsPlainText -Force
  }
  $token.AccessToken
}`;
}
