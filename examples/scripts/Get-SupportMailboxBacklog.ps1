<#
.SYNOPSIS
    Counts the unread mails in the shared support mailbox for the morning stand-up, over EWS.
#>
param(
    [string]$Mailbox = 'support@contoso.onmicrosoft.com',
    [pscredential]$Credential = (Get-StoredCredential -Target 'ews-support')
)

Add-Type -Path "$PSScriptRoot\lib\Microsoft.Exchange.WebServices.dll"
$service = New-Object Microsoft.Exchange.WebServices.Data.ExchangeService([Microsoft.Exchange.WebServices.Data.ExchangeVersion]::Exchange2013_SP1)
$service.Credentials = New-Object Microsoft.Exchange.WebServices.Data.WebCredentials($Credential.UserName, $Credential.GetNetworkCredential().Password)
$service.Url = 'https://outlook.office365.com/EWS/Exchange.asmx'

$inbox = [Microsoft.Exchange.WebServices.Data.Folder]::Bind($service, [Microsoft.Exchange.WebServices.Data.WellKnownFolderName]::Inbox)
"{0} unread in {1}" -f $inbox.UnreadCount, $Mailbox
