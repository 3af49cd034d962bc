<#
.SYNOPSIS
    Exports the Contoso field-service solution from the partner's build environment and imports it
    into a customer's Dynamics 365 environment. Run by the release pipeline as the deployment account.
#>
param(
    [Parameter(Mandatory)] [string]$CustomerUrl,
    [string]$BuildUrl = 'https://contoso-build.crm4.dynamics.com',
    [string]$SolutionName = 'ContosoFieldService'
)

Import-Module Microsoft.Xrm.Data.PowerShell
$deployer = Get-AutomationPSCredential -Name 'DynamicsDeployment'

# The partner's build environment: the deployment account's own sign-in.
$build = Connect-CrmOnline -ServerUrl $BuildUrl -Credential $deployer
Export-CrmSolution -conn $build -SolutionName $SolutionName -Managed -SolutionFilePath $env:TEMP

# The customer's environment: the same account, invited as a guest, through XRM tooling.
$password = $deployer.GetNetworkCredential().Password
$customer = Get-CrmConnection -ConnectionString "AuthType=OAuth;Url=$CustomerUrl;Username=$($deployer.UserName);Password=$password;AppId=51f81489-12ee-4a9e-aaae-a2591f45987d;RedirectUri=app://58145B91-0C36-4500-8554-080854F2AC97;LoginPrompt=Never"
Import-CrmSolution -conn $customer -SolutionFilePath "$env:TEMP\$($SolutionName)_managed.zip" -PublishChanges
