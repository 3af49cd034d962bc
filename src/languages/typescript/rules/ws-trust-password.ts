import type { RuleHit } from '../../../engine/rule';
import { nodesOfType, parentOf, type Node } from '../ast';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { stringShape } from '../static-value';
import { isMessageOrTest, wholeString } from '../string-uses';

/**
 * Microsoft Online's WS-Trust token services: `extSTS.srf` on any host (only Microsoft Online has it),
 * `RST2.srf` on Microsoft Online's login hosts (login.live.com's is for personal accounts).
 */
const STS_PATH = /(?:^|\/)(extsts\.srf|rst2\.srf)(?=[?#]|$)/i;
const STS_NAME = /extsts\.srf|rst2\.srf/i;
const MICROSOFT_ONLINE = /login\.microsoftonline\.|login\.partner\.microsoftonline\.cn/i;
/** A WS-Trust request that carries a user's password (`<o:Password>`), and the service it is for. */
const USERNAME_TOKEN = /<(?:\w+:)?Password[\s>]/i;

export const wsTrustPasswordRule: TypeScriptRule = {
  meta: {
    id: 'ts-ws-trust-password',
    title: "A user's password sent to Microsoft Online's WS-Trust token service (extSTS.srf)",
    description:
      "Microsoft Online's WS-Trust security token service (login.microsoftonline.com/extSTS.srf, also RST2.srf) " +
      "issues a token for a user's name and password posted in a SOAP envelope: the legacy sign-in that hand-written " +
      'SharePoint Online and Dynamics 365 clients use, trading the token for cookies. It cannot perform multi-factor ' +
      'authentication, so the sign-in fails once MFA applies to the account. Call the service with a bearer token ' +
      'from the Secure Application Model instead, or app-only with a certificate.',
    defaultSeverity: 'error',
    language: 'typescript',
    tags: ['security', 'mfa', 'credential', 'ws-trust', 'sharepoint'],
    triggers: ['extsts.srf', 'rst2.srf'],
  },
  check(context) {
    return stsAddresses(context).map(
      ({ node, service }): RuleHit => ({
        message: message(service),
        startOffset: node.range[0],
        endOffset: node.range[1],
        fixes: [],
      }),
    );
  },
};

function message(service: string): string {
  return (
    `This code signs in through Microsoft Online's WS-Trust token service (${service}), which issues a token for a ` +
    "user's name and password posted in a SOAP envelope (the legacy sign-in of hand-written SharePoint Online and " +
    'Dynamics 365 clients): that cannot perform multi-factor authentication, so it fails once MFA applies to the ' +
    'account, and Microsoft requires MFA for every user of a partner tenant, service accounts included. No fix is ' +
    "offered: the token is traded for the service's cookies, which a bearer token does not give. Call SharePoint's " +
    'REST API, Microsoft Graph or the Dataverse Web API with an `Authorization: Bearer` token from the Secure ' +
    'Application Model instead, or app-only with a certificate.'
  );
}

interface StsAddress {
  node: Node;
  service: string;
}

/**
 * The strings the file sends to a WS-Trust token service: its address (`https://login.microsoftonline.com/extSTS.srf`,
 * `'/extSTS.srf'` as a path, a host from a variable), each written once however it is joined; where the
 * file names no address of the service, the SOAP envelope with a password that is addressed to it.
 */
function stsAddresses(context: TypeScriptRuleContext): StsAddress[] {
  const addresses: StsAddress[] = [];
  const envelopes: StsAddress[] = [];
  const seen = new Set<Node>();
  for (const literal of nodesOfType(context.program, 'Literal', 'TemplateLiteral')) {
    const mentioned = STS_NAME.exec(context.text.slice(literal.range[0], literal.range[1]))?.[0];
    const whole = mentioned && wholeString(context.program, literal);
    if (!whole || seen.has(whole)) continue;
    seen.add(whole);
    const shape = stringShape(whole, context.facts) ?? '';
    const addressed = isAddress(context, whole, shape) ? STS_PATH.exec(shape)?.[1] : undefined;
    if (addressed && (isExtSts(addressed) || MICROSOFT_ONLINE.test(shape))) addresses.push({ node: whole, service: stsName(addressed) });
    // As written: a long join's shape may be cut short.
    else if (USERNAME_TOKEN.test(context.text.slice(whole.range[0], whole.range[1]))) envelopes.push({ node: whole, service: stsName(mentioned) });
  }
  return [...addresses, ...envelopes.filter((envelope) => !addresses.some(({ service }) => service === envelope.service))];
}

/** A URL or path the code goes on to use: no blanks (a message), not listed, compared, tested, thrown or shown. */
function isAddress(context: TypeScriptRuleContext, string: Node, shape: string): boolean {
  if (/\s/.test(shape)) return false;
  return parentOf(context.program, string)?.type !== 'ArrayExpression' && !isMessageOrTest(context.program, string);
}

const isExtSts = (service: string): boolean => /^extsts/i.test(service);
const stsName = (service: string): string => (isExtSts(service) ? 'extSTS.srf' : 'RST2.srf');
