# App-only report with a certificate: already MFA-ready (no user signs in).
param(
    [Parameter(Mandatory)] [string] $TenantId
)

Connect-MgGraph -ClientId $env:REPORT_APP_ID -TenantId $TenantId -CertificateThumbprint $env:REPORT_CERT_THUMBPRINT -NoWelcome
Get-MgSubscribedSku | Select-Object SkuPartNumber, ConsumedUnits
# Old version, kept for reference: Connect-MsolService -Credential $cred
