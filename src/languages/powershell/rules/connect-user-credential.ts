import type { Fix } from '../../../engine/finding';
import type { RuleHit } from '../../../engine/rule';
import { isCommonParameter } from '../cmdlets';
import { otherRunspaceHost, type CommandCall } from '../command';
import { literalText } from '../syntax';
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
      const withheld = whyNoFix(context, call);
      hits.push({
        message: withheld ? `${signIn.message} (No fix is offered here: ${withheld}.)` : signIn.message,
        startOffset: call.node.startIndex,
        endOffset: call.node.endIndex,
        fixes: withheld ? [] : [secureAppModelFix(context, call, signIn)],
        related: credential.splatted
          ? [{ message: 'the credential is splatted from here', startOffset: credential.nameNode.startIndex, endOffset: credential.nameNode.endIndex }]
          : [],
      });
    }
    return hits;
  },
};

function whyNoFix(context: PowerShellRuleContext, call: CommandCall): string | undefined {
  if (!planHelperFunction(context, GET_SAM_ACCESS_TOKEN, getSamAccessTokenTemplate())) {
    return 'the script is written in process/end blocks without a begin block to hold the token function';
  }
  const remote = otherRunspaceHost(call.node);
  if (remote) return `${remote} runs this block where the script's own token function does not exist`;
  const environment = call.parameters.find((p) => p.canonical === 'AzureEnvironment');
  const cloud = environment?.value ? literalText(environment.value) : undefined;
  if (environment && cloud?.toLowerCase() !== 'azurecloud') {
    return `the fix signs in to the public cloud, and this sign-in names ${cloud ?? 'a cloud chosen at run time'}`;
  }
  return undefined;
}

function secureAppModelFix(context: PowerShellRuleContext, call: CommandCall, signIn: CredentialSignIn): Fix {
  const end = call.node.startIndex + call.node.text.trimEnd().length;
  return {
    title: `Sign in with a Secure Application Model token (${signIn.samReplacement.split(' ')[0]})`,
    safeForFixAll: true,
    edits: [
      ...(planHelperFunction(context, GET_SAM_ACCESS_TOKEN, getSamAccessTokenTemplate()) ?? []),
      { startOffset: call.node.startIndex, endOffset: end, newText: [signIn.samReplacement, ...commonParameterTexts(context, call)].join(' ') },
    ],
  };
}

/** `-ErrorAction Stop`, `-Verbose` and the like, as written inline: they apply to the new command too. */
function commonParameterTexts(context: PowerShellRuleContext, call: CommandCall): string[] {
  return call.parameters
    .filter((p) => !p.splatted && isCommonParameter(p.canonical))
    .map((p) => context.text.slice(p.nameNode.startIndex, (p.value ?? p.nameNode).endIndex));
}
