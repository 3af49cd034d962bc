<#
.SYNOPSIS
    Nightly licence report for every customer tenant we manage (delegated admin).
.NOTES
    Runs as a scheduled task on MGMT01 under the svc-licensing account.
#>
[CmdletBinding()]
param(
    [string] $CredentialPath = "$PSScriptRoot\svc-licensing.cred.xml",
    [string] $ReportPath = "$PSScriptRoot\licences.csv"
)

Import-Module MSOnline
$cred = Import-Clixml -Path $CredentialPath

Connect-MsolService -Credential $cred

$rows = foreach ($partnerContract in Get-MsolPartnerContract -All) {
    foreach ($sku in Get-MsolAccountSku -TenantId $partnerContract.TenantId) {
        [pscustomobject]@{
            Customer = $partnerContract.DefaultDomainName
            Sku      = $sku.AccountSkuId
            Consumed = $sku.ConsumedUnits
            Enabled  = $sku.ActiveUnits
        }
    }
}
$rows | Export-Csv -Path $ReportPath -NoTypeInformation

Send-MailMessage -From 'svc-licensing@contoso.com' -To 'billing@contoso.com' -Subject 'Customer licences' `
    -Body 'The nightly licence report is attached.' -Attachments $ReportPath `
    -SmtpServer 'smtp.office365.com' -Port 587 -UseSsl -Credential $cred
