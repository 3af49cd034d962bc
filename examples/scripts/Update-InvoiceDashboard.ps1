<#
.SYNOPSIS
    Pulls this month's invoices from Partner Center and refreshes the Power BI invoice dashboard.
    Runs nightly on the reporting server as the reporting service account.
#>
param(
    [string]$CredentialPath = 'D:\Jobs\reporting-account.xml',
    [string]$DatasetId = '6f1e0f7c-3c55-4f65-9d1b-0c2a6f6f3a10'
)

Add-Type -Path "$PSScriptRoot\lib\Microsoft.IdentityModel.Clients.ActiveDirectory.dll"
$account = Import-Clixml -Path $CredentialPath

# Partner Center API token for the reporting account (ADAL, no prompt).
$context = [Microsoft.IdentityModel.Clients.ActiveDirectory.AuthenticationContext]::new('https://login.microsoftonline.com/contoso.onmicrosoft.com')
$userCredential = [Microsoft.IdentityModel.Clients.ActiveDirectory.UserPasswordCredential]::new($account.UserName, $account.Password)
$result = [Microsoft.IdentityModel.Clients.ActiveDirectory.AuthenticationContextIntegratedAuthExtensions]::AcquireTokenAsync(
    $context, 'https://api.partnercenter.microsoft.com', $env:REPORTING_APP_ID, $userCredential).Result

$invoices = Invoke-RestMethod -Uri 'https://api.partnercenter.microsoft.com/v1/invoices' -Headers @{ Authorization = "Bearer $($result.AccessToken)" }
$invoices.items | Export-Csv -Path 'D:\Reports\invoices.csv' -NoTypeInformation

Connect-PowerBIServiceAccount -Credential $account
Invoke-PowerBIRestMethod -Url "datasets/$DatasetId/refreshes" -Method Post
