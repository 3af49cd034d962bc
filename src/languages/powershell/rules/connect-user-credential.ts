import type { Fix } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import { otherRunspaceHost, type CommandCall } from '../command';
import { planHelperFunction, type PowerShellRule, type PowerShellRuleContext } from '../rule-context';
import { GET_SAM_ACCESS_TOKEN, getSamAccessTokenTemplate } from '../templates/sam-token-function';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** A cloud connect cmdlet that accepts a user credential, and how to sign it in with a token instead. */
interface CredentialSignIn {
  cmdlet: string;
  credentialParameters: string[];
  message: string;
  samReplacement: string;
}

const SIGN_INS: readonly CredentialSignIn[] = [
  {
    cmdlet: 'Connect-MsolService',
    credentialParameters: ['Credential'],
    message:
      'Connect-MsolService -Credential signs in with a username and password, which cannot satisfy MFA; ' +
      'the MSOnline module itself was retired on 2025-05-30 and every cmdlet of it fails. Move to ' +
      'Microsoft Graph PowerShell (Connect-MgGraph) with a Secure Application Model token or app-only auth.',
    samReplacement: `Connect-MgGraph -AccessToken (${GET_SAM_ACCESS_TOKEN} -Scope '${GRAPH_SCOPE}' -AsSecureString) -NoWelcome`,
  },
];

export const connectUserCredentialRule: PowerShellRule = {
  meta: {
    id: 'ps-connect-user-credential',
    title: 'Cloud connect cmdlet signs in with a user credential',
    description:
      'A connect cmdlet of a Microsoft cloud module is given a user credential (a username and password). ' +
      'Password sign-ins cannot perform multi-factor authentication, which Microsoft enforces for every ' +
      'user of a partner tenant (service accounts included) and for Azure management since 2025-10-01. ' +
      'Sign in with a token from the Secure Application Model (a refresh token from a one-time admin ' +
      'consent done with MFA), or with app-only authentication (certificate, managed identity).',
    defaultSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'credential'],
    triggers: SIGN_INS.map((s) => s.cmdlet.toLowerCase()),
  },
  check(context) {
    const hits: RuleHit[] = [];
    for (const call of context.commands()) {
      const signIn = SIGN_INS.find((s) => s.cmdlet === call.spec.name);
      const credential = call.parameters.find((p) => signIn?.credentialParameters.includes(p.canonical) && p.value);
      if (!signIn || !credential) continue;
      const remote = otherRunspaceHost(call.node);
      hits.push({
        message: remote
          ? `${signIn.message} (No fix is offered here: ${remote} runs this block where the script's own token function does not exist.)`
          : signIn.message,
        startOffset: call.node.startIndex,
        endOffset: call.node.endIndex,
        fixes: remote ? [] : [secureAppModelFix(context, call, signIn)],
        related: credential.splatted
          ? [{ message: 'the credential is splatted from here', startOffset: credential.nameNode.startIndex, endOffset: credential.nameNode.endIndex }]
          : [],
      });
    }
    return hits;
  },
};

function secureAppModelFix(context: PowerShellRuleContext, call: CommandCall, signIn: CredentialSignIn): Fix {
  return {
    title: `Sign in with a Secure Application Model token (${signIn.samReplacement.split(' ')[0]})`,
    safeForFixAll: true,
    edits: [
      ...planHelperFunction(context, GET_SAM_ACCESS_TOKEN, getSamAccessTokenTemplate()),
      { startOffset: call.node.startIndex, endOffset: call.node.endIndex, newText: signIn.samReplacement },
    ],
  };
}
