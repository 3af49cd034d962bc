import { switchGiven, type CommandCall } from '../command';
import type { PowerShellRuleContext } from '../rule-context';
import { isNullLiteral } from '../syntax';
import { passwordMailHost } from './smtp-servers';

/** Mailozaurr's `Send-EmailMessage` signing in to a Microsoft SMTP host with a password. */
export interface MailozaurrSignIn {
  call: CommandCall;
  host: string;
  /** Another server the call may be given, by another call of the function around it. */
  otherServer?: string;
}

/** Switches with which the credential carries a token, or the mail goes through Microsoft Graph. */
const TOKEN_SWITCHES = ['oAuth2', 'Graph', 'MgGraphRequest'];

/**
 * `Send-EmailMessage -Server smtp.office365.com -Credential $cred` (or `-Username … -Password …`),
 * without `-oAuth2`, `-Graph` or `-MgGraphRequest`: SMTP AUTH with a password, through MailKit.
 */
export function mailozaurrSignIns(context: PowerShellRuleContext): MailozaurrSignIn[] {
  return context.commands().flatMap((call): MailozaurrSignIn[] => {
    if (call.spec.name !== 'Send-EmailMessage') return [];
    const given = (name: string) => call.parameters.find((p) => p.canonical === name);
    if (TOKEN_SWITCHES.some((name) => switchGiven(call, name))) return [];
    const credential = given('Credential')?.value;
    const password = given('Password')?.value;
    if ((!credential || isNullLiteral(credential.text)) && !password) return [];
    const host = passwordMailHost(context, given('Server')?.value);
    return host ? [{ call, ...host }] : [];
  });
}
