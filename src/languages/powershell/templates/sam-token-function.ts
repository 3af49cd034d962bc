export const GET_SAM_ACCESS_TOKEN = 'Get-SamAccessToken';

/** The once-per-script token function every PowerShell Secure Application Model fix calls. */
export function getSamAccessTokenTemplate(): string {
  return `function ${GET_SAM_ACCESS_TOKEN} {
  <#
  .SYNOPSIS
  Secure Application Model: redeems the refresh token from the partner's one-time admin consent (done
  with MFA) for an access token to one resource. The app's secret and the refresh token come from the
  environment.
  #>
  param(
    [Parameter(Mandatory)] [string] $Scope,
    [switch] $AsSecureString
  )
  $response = Invoke-RestMethod -Method Post -Uri "https://login.microsoftonline.com/$env:MFA_READY_TENANT_ID/oauth2/v2.0/token" -Body @{
    client_id     = $env:MFA_READY_APP_ID
    client_secret = $env:MFA_READY_APP_SECRET
    grant_type    = 'refresh_token'
    refresh_token = $env:MFA_READY_REFRESH_TOKEN
    scope         = $Scope
  }
  # The answer carries a new refresh token: store it back where the old one came from, or the consent
  # lapses after 90 days without use.
  $env:MFA_READY_REFRESH_TOKEN = $response.refresh_token
  if ($AsSecureString) {
    return ConvertTo-SecureString -String $response.access_token -AsPlainText -Force
  }
  $response.access_token
}`;
}
