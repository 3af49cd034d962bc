<#
.SYNOPSIS
    Copies last month's seat counts from the billing database to a CSV for the account managers.
#>
param(
    [string]$Server = 'contoso-billing.database.windows.net',
    [string]$OutFile = '.\seats.csv'
)

$connectionString = "Server=tcp:$Server,1433;Database=billing;Authentication=Active Directory Password;User ID=$env:BILLING_SQL_USER;Password=$env:BILLING_SQL_PASSWORD;Encrypt=True"
Invoke-Sqlcmd -ConnectionString $connectionString -Query 'SELECT CustomerName, Sku, Seats FROM dbo.MonthlySeats' |
    Export-Csv -Path $OutFile -NoTypeInformation
