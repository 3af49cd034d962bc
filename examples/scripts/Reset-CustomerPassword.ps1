# Helpdesk tool: resets a user's password in a customer tenant.
param(
    [Parameter(Mandatory)] [string] $TenantDomain,
    [Parameter(Mandatory)] [string] $UserPrincipalName
)

$securePassword = ConvertTo-SecureString 'Sp1ng2020!' -AsPlainText -Force
$adminCredential = New-Object System.Management.Automation.PSCredential ('helpdesk@contoso.onmicrosoft.com', $securePassword)

$connectParams = @{
    AzureEnvironment = 'AzureCloud'
}
$connectParams.Credential = $adminCredential

MSOnline\Connect-MsolService @connectParams

$tenant = Get-MsolPartnerContract -DomainName $TenantDomain
Set-MsolUserPassword -TenantId $tenant.TenantId -UserPrincipalName $UserPrincipalName -ForceChangePassword $true
