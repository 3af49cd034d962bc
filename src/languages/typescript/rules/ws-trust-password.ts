import type { RuleHit } from '../../../engine/rule';
import { WS_TRUST_SERVICE_NAME, wsTrustMessage, wsTrustServiceAt, wsTrustServiceNamed, type WsTrustService } from '../../shared/ws-trust';
import { nodesOfType, parentOf, type Node } from '../ast';
import { isWrittenPiece, stringPieces } from '../string-pieces';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { stringShape } from '../static-value';
import { isMessageOrTest, wholeString } from '../string-uses';
import { isPlaceholderSecret } from '../../shared/placeholder-secret';

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
        message: wsTrustMessage('This code', service),
        startOffset: node.range[0],
        endOffset: node.range[1],
        fixes: [],
      }),
    );
  },
  passwordSinks(context) {
    return context.once(envelopePasswords);
  },
};

/** The element that carries the password in a WS-Trust envelope, opened (`<o:Password Type="…">`). */
const PASSWORD_OPENED = /<(?:\w+:)?Password\b[^<>]*>\s*$/i;
/** A password written in the envelope itself: `<o:Password>Summer2024!</o:Password>`. */
const PASSWORD_WRITTEN = /<((?:\w+:)?Password)\b[^<>]*>([^<]+)<\/\1>/dgi;
/** Where a template fills the password in later: `{0}`, `%s`, `$password`, `#PASSWORD#`. */
const FORMAT_SLOT = /^(?:\{\d+\}|%\w|\$\w+|#\w+#)$/;

/**
 * What the file's SOAP envelopes put in their password element: the value of the code joined in after
 * `<o:Password>` (`${pass}`, `'…<o:Password>' + pass`), which `ts-hardcoded-password` follows to a
 * literal, or the text written there, as a literal of its own.
 */
function envelopePasswords(context: TypeScriptRuleContext): Node[] {
  const found: Node[] = [];
  const seen = new Set<Node>();
  for (const literal of nodesOfType(context.program, 'Literal', 'TemplateLiteral')) {
    if (!USERNAME_TOKEN.test(context.text.slice(literal.range[0], literal.range[1]))) continue;
    const whole = wholeString(context.program, literal);
    if (seen.has(whole)) continue;
    seen.add(whole);
    let before = '';
    for (const piece of stringPieces(whole)) {
      if (isWrittenPiece(piece)) {
        const written = context.text.slice(piece.range[0], piece.range[1]);
        // `'<o:Password>' + 'Autumn#2023' + '</o:Password>'`: a string of its own after the element opens.
        if (PASSWORD_OPENED.test(before)) found.push(...literalsOf(/^([`'"}]?)([^<`'"]*)/d.exec(written)!, piece.range[0]));
        found.push(...[...written.matchAll(PASSWORD_WRITTEN)].flatMap((match) => literalsOf(match, piece.range[0])));
        before = written.replace(/^[`'"}]|(?:\$\{|[`'"])$/g, '');
      } else {
        if (PASSWORD_OPENED.test(before)) found.push(piece);
        before = '';
      }
    }
  }
  return found;
}

/**
 * A password written out in an envelope's text (the second group of a match with indices), as a
 * string literal of its own at its place in the file; none for a slot or placeholder.
 */
function literalsOf(match: RegExpExecArray | RegExpMatchArray, offset: number): Node[] {
  const value = match[2].trim();
  if (!value || FORMAT_SLOT.test(value) || isPlaceholderSecret(value)) return [];
  const start = offset + match.indices![2][0] + match[2].indexOf(value);
  return [{ type: 'Literal', value, raw: JSON.stringify(value), range: [start, start + value.length] } as unknown as Node];
}

interface StsAddress {
  node: Node;
  service: WsTrustService;
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
    const mentioned = WS_TRUST_SERVICE_NAME.exec(context.text.slice(literal.range[0], literal.range[1]))?.[0];
    const whole = mentioned && wholeString(context.program, literal);
    if (!whole || seen.has(whole)) continue;
    seen.add(whole);
    const shape = stringShape(whole, context.facts) ?? '';
    const service = isAddress(context, whole) ? wsTrustServiceAt(shape) : undefined;
    if (service) addresses.push({ node: whole, service });
    // As written: a long join's shape may be cut short.
    else if (USERNAME_TOKEN.test(context.text.slice(whole.range[0], whole.range[1]))) envelopes.push({ node: whole, service: wsTrustServiceNamed(mentioned) });
  }
  return [...addresses, ...envelopes.filter((envelope) => !addresses.some(({ service }) => service === envelope.service))];
}

/** A URL or path the code goes on to use: not listed, compared, tested, thrown or shown (`wsTrustServiceAt` leaves out messages). */
function isAddress(context: TypeScriptRuleContext, string: Node): boolean {
  return parentOf(context.program, string)?.type !== 'ArrayExpression' && !isMessageOrTest(context.program, string);
}
