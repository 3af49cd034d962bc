import { powerShellSecrets, storeRotatedRefreshToken, templateLines, type PowerShellSecrets } from './secret-source';
import { GET_SAM_ACCESS_TOKEN } from '../../shared/token-helpers';

export { GET_SAM_ACCESS_TOKEN };

/**
 * The once-per-script token function every PowerShell Secure Application Model fix calls: the
 * refresh-token exchange at the v2 endpoint, for one scope, in the partner's tenant or a customer's.
 */
export function getSamAccessTokenTemplate(secrets: PowerShellSecrets = powerShellSecrets('environment')): string {
  return `function ${GET_SAM_ACCESS_TOKEN} {
  <#
  .SYNOPSIS
  Secure Application Model: redeems the refresh token from the partner's one-time admin consent (done
  with MFA) for an access token to one resource, in the partner's tenant or in a customer's (-Tenant).
  ${templateLines(secrets.where, '  ')}
  #>
  param(
    [Parameter(Mandatory)] [string] $Scope,
    [string] $Tenant = ${secrets.read('TENANT_ID')},
    [switch] $AsSecureString
  )
  $response = Invoke-RestMethod -Method Post -Uri "https://login.microsoftonline.com/$Tenant/oauth2/v2.0/token" -Body @{
    client_id     = ${secrets.read('APP_ID')}
    client_secret = ${secrets.read('APP_SECRET')}
    grant_type    = 'refresh_token'
    refresh_token = ${secrets.read('REFRESH_TOKEN')}
    scope         = $Scope
  }
  ${templateLines(secrets.storeNote, '  ', true)}
  ${storeRotatedRefreshToken(secrets, '$response.refresh_token')}
  if ($AsSecureString) {
    return ConvertTo-SecureString -String $response.access_token -AsPlainText -Force
  }
  $response.access_token
}`;
}
