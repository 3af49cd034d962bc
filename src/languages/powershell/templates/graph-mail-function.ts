import { GET_SAM_ACCESS_TOKEN } from './sam-token-function';

export const SEND_GRAPH_MAIL = 'Send-GraphMail';

/** The interactive fix's function: a name of its own, so that a script given both fixes has one function of each. */
export const SEND_GRAPH_MAIL_INTERACTIVE = 'Send-GraphMailInteractive';

/** A line of the functions' help that tells them from another function of the same name. */
export const SEND_GRAPH_MAIL_MARK = 'the SMTP connection (-SmtpServer, -Port, -UseSsl, -Credential, -Encoding) are accepted and not used';

/** How one of the functions signs in to Microsoft Graph: its help's opening and closing lines, and the code that sends `$message` from `$sender`. */
interface GraphMailSignIn {
  how: string;
  permissions: string;
  send: string;
}

/**
 * A once-per-script function that takes Send-MailMessage's place: the same parameters (so splatted
 * hashtables and positional calls bind as before), the message sent through Microsoft Graph's sendMail,
 * signed in as `signIn` says. The SMTP connection's parameters are accepted and not used.
 */
function graphMailFunction(name: string, signIn: GraphMailSignIn): string {
  return `function ${name} {
  <#
  .SYNOPSIS
  ${signIn.how}, where
  Send-MailMessage signed in to SMTP with a password. It takes Send-MailMessage's parameters; those of
  the SMTP connection (-SmtpServer, -Port, -UseSsl, -Credential, -Encoding) are accepted and not used.
  ${signIn.permissions}
  #>
  [CmdletBinding()]
  param(
    [Parameter(Mandatory, Position = 0)] [string[]] $To,
    [Parameter(Position = 1)] [Alias('sub')] [string] $Subject,
    [Parameter(Position = 2)] [string] $Body,
    [Parameter(Position = 3)] [Alias('ComputerName')] $SmtpServer,
    [Parameter(Mandatory)] [string] $From,
    [Alias('PsPath')] [string[]] $Attachments,
    [string[]] $Cc,
    [string[]] $Bcc,
    [string[]] $ReplyTo,
    [Alias('BAH')] [switch] $BodyAsHtml,
    [ValidateSet('Normal', 'Low', 'High')] [string] $Priority = 'Normal',
    [Alias('DNO')] [string[]] $DeliveryNotificationOption,
    [Alias('BE')] $Encoding,
    $Credential,
    $Port,
    [switch] $UseSsl
  )
  # "Name <address>" and comma-separated lists, read as Send-MailMessage reads them.
  $recipients = {
    param([string[]] $List)
    $parsed = New-Object Net.Mail.MailAddressCollection
    foreach ($entry in $List) { if ($entry) { $parsed.Add($entry) } }
    foreach ($address in $parsed) {
      $emailAddress = @{ address = $address.Address }
      if ($address.DisplayName) { $emailAddress.name = $address.DisplayName }
      @{ emailAddress = $emailAddress }
    }
  }
  $fileAttachments = @(
    foreach ($path in $Attachments) {
      foreach ($file in Get-Item -LiteralPath $path -ErrorAction Stop) {
        @{
          '@odata.type' = '#microsoft.graph.fileAttachment'
          name          = $file.Name
          contentBytes  = [Convert]::ToBase64String([IO.File]::ReadAllBytes($file.FullName))
        }
      }
    }
  )
  $message = @{
    subject                    = $Subject
    body                       = @{ contentType = $(if ($BodyAsHtml) { 'HTML' } else { 'Text' }); content = "$Body" }
    toRecipients               = @(& $recipients $To)
    ccRecipients               = @(& $recipients $Cc)
    bccRecipients              = @(& $recipients $Bcc)
    replyTo                    = @(& $recipients $ReplyTo)
    importance                 = $Priority.ToLowerInvariant()
    isDeliveryReceiptRequested = ($DeliveryNotificationOption -join ',') -match 'OnSuccess'
    attachments                = $fileAttachments
  }
  $sender = (New-Object Net.Mail.MailAddress -ArgumentList $From).Address
  $request = [Text.Encoding]::UTF8.GetBytes((@{ message = $message; saveToSentItems = $true } | ConvertTo-Json -Depth 10))
  if ($request.Length -gt 4 * 1024 * 1024) {
    throw "The mail to $($To -join ', ') is larger than the 4 MB Graph takes in one sendMail request: attach large files through an upload session (createUploadSession), or send a link."
  }
${signIn.send}
}`;
}

/** The unattended function: a Secure Application Model token, kept for 45 minutes. */
export const SEND_GRAPH_MAIL_TEMPLATE = graphMailFunction(SEND_GRAPH_MAIL, {
  how: 'Sends a mail through Microsoft Graph (sendMail) with a Secure Application Model token',
  permissions: 'The app needs the delegated permission Mail.Send (Mail.Send.Shared to send from another mailbox).',
  send: `  # One token for the mails of the next 45 minutes (an access token lasts 60 to 90), not one per mail.
  if (-not $script:GraphMailToken -or $script:GraphMailTokenExpires -lt (Get-Date)) {
    $script:GraphMailToken = ${GET_SAM_ACCESS_TOKEN} -Scope 'https://graph.microsoft.com/.default'
    $script:GraphMailTokenExpires = (Get-Date).AddMinutes(45)
  }
  $uri = "https://graph.microsoft.com/v1.0/users/$([uri]::EscapeDataString($sender))/sendMail"
  Invoke-RestMethod -Method Post -Uri $uri -Headers @{ Authorization = "Bearer $script:GraphMailToken" } -ContentType 'application/json; charset=utf-8' -Body $request`,
});

/**
 * The interactive function: the person running the script signs in to Microsoft Graph PowerShell once (Connect-MgGraph
 * asks for MFA itself), with Mail.Send, and Mail.Send.Shared where the mail is from another mailbox than theirs.
 */
export const SEND_GRAPH_MAIL_INTERACTIVE_TEMPLATE = graphMailFunction(SEND_GRAPH_MAIL_INTERACTIVE, {
  how: 'Sends a mail with Send-MgUserMail (Microsoft Graph PowerShell), signed in interactively with MFA',
  permissions: 'It signs in once with Mail.Send, and Mail.Send.Shared to send from another mailbox (which needs Send As or Send on Behalf on it).',
  send: `  # Signed in once, as the person running the script: Connect-MgGraph asks for MFA itself.
  $context = Get-MgContext
  if (-not $context -or $context.Scopes -notcontains 'Mail.Send') {
    Connect-MgGraph -Scopes 'Mail.Send' -NoWelcome
    $context = Get-MgContext
  }
  if ($sender -ne $context.Account -and $context.Scopes -notcontains 'Mail.Send.Shared') {
    Connect-MgGraph -Scopes 'Mail.Send', 'Mail.Send.Shared' -NoWelcome
  }
  Send-MgUserMail -UserId $sender -BodyParameter @{ message = $message; saveToSentItems = $true }`,
});
