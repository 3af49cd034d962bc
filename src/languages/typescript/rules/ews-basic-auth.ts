import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { RuleHit } from '../../../engine/rule';
import { ewsMessage, ewsTarget, hostOfUrl, type EwsTarget } from '../../shared/ews-sign-in';
import { functionsAround, memberName, methodCalls, nodesOfType, parentOf, unwrap, type Node } from '../ast';
import { userCredentials } from '../object-values';
import type { TypeScriptRule, TypeScriptRuleContext } from '../rule-context';
import { stringShape } from '../static-value';

const EWS_API = 'ews-javascript-api';
const EWS_AUTH = 'ews-javascript-api-auth';
const EWS_XHR = '@ewsjs/xhr';
const NODE_EWS = 'node-ews';

/** Constructors that take a user's name and password, by module: (user, password, …). */
const PASSWORD_CONSTRUCTORS: Readonly<Record<string, readonly string[]>> = {
  [EWS_API]: ['WebCredentials', 'ExchangeCredentials'],
  // The NTLM and forms (cookie) transports of ews-javascript-api, before @ewsjs/xhr 2.0.
  [EWS_AUTH]: ['ntlmAuthXhrApi', 'cookieAuthXhrApi'],
};

/** One sign-in with a password: what makes it, the password it takes, and where it goes. */
interface EwsSignIn {
  node: Node;
  kind: string;
  password: Node;
  /** node-ews names its server in the same object; the others are judged by the file's service URLs. */
  target: EwsTarget | undefined;
}

export const ewsBasicAuthRule: TypeScriptRule = {
  meta: {
    id: 'ts-ews-basic-auth',
    title: 'EWS sign-in to Exchange Online with a username and password (ews-javascript-api, node-ews)',
    description:
      "ews-javascript-api's WebCredentials / ExchangeCredentials, its NTLM and cookie transports " +
      '(ews-javascript-api-auth, @ewsjs/xhr useNtlmAuthentication), and node-ews given a username and password ' +
      'sign in to EWS with them. Basic authentication in Exchange Online is off since 2022-10-01, and a password ' +
      'cannot perform MFA. Reported as an error where the file shows an Exchange Online host, as a warning where it ' +
      'does not show the server; not reported for a server the file shows to be on-premises. Move the mailbox ' +
      'access to Microsoft Graph with a Secure Application Model token, or app-only.',
    defaultSeverity: 'error',
    language: 'typescript',
    tags: ['security', 'mfa', 'basic-auth', 'exchange-online', 'ews'],
    triggers: [EWS_API, NODE_EWS, EWS_XHR],
  },
  check(context) {
    return ewsSignIns(context).map(
      ({ node, kind, target }): RuleHit => ({
        message: ewsMessage(kind, target!),
        severity: 'online' in target! ? undefined : 'warning',
        startOffset: node.range[0],
        endOffset: node.range[1],
      }),
    );
  },
  passwordSinks(context) {
    return ewsSignIns(context).map(({ password }) => password);
  },
};

function ewsSignIns(context: TypeScriptRuleContext): EwsSignIn[] {
  return context.once(findEwsSignIns);
}

function findEwsSignIns(context: TypeScriptRuleContext): EwsSignIn[] {
  const found: EwsSignIn[] = [];
  for (const made of nodesOfType(context.program, 'NewExpression')) {
    const target = context.facts.resolveImport(made.callee);
    if (!target) continue;
    if (target.module === NODE_EWS && (target.name === '*' || target.name === 'default')) {
      const signIn = nodeEwsSignIn(context, made);
      if (signIn) found.push(signIn);
    } else if (PASSWORD_CONSTRUCTORS[target.module]?.includes(target.name) && made.arguments.length >= 2) {
      found.push({ node: made, kind: `${target.module} ${target.name}`, password: made.arguments[1], target: serviceTarget(context, made) });
    }
  }
  if (context.facts.modules.has(EWS_XHR)) {
    for (const call of methodCalls(context.program, 'useNtlmAuthentication')) {
      if (call.arguments.length < 2) continue;
      found.push({ node: call, kind: `${EWS_XHR} useNtlmAuthentication`, password: call.arguments[1], target: serviceTarget(context, call) });
    }
  }
  return found.filter((signIn) => signIn.target).sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/** `new EWS({ username, password, host, auth })`: NTLM unless `auth` says basic; a `bearer` one takes a token instead. */
function nodeEwsSignIn(context: TypeScriptRuleContext, made: TSESTree.NewExpression): EwsSignIn | undefined {
  const config = made.arguments[0];
  const credentials = config && userCredentials(context, config);
  if (!credentials) return undefined;
  const auth = credentials.keys.get('auth');
  const scheme = auth ? stringShape(auth, context.facts)?.toLowerCase() : 'ntlm';
  if (scheme === 'bearer') return undefined;
  const host = credentials.keys.get('host');
  const shape = host && stringShape(host, context.facts);
  const kind = `${NODE_EWS} with ${scheme === 'basic' ? 'basic authentication' : scheme === 'ntlm' ? 'NTLM' : 'NTLM or basic authentication'}`;
  return { node: made, kind, password: credentials.password, target: ewsTarget([hostOfUrl(shape)], () => false) };
}

/**
 * Where the service given the credential connects: the hosts of its `service.Url = …` (a string or
 * `new Uri(…)`) and whether it asks Autodiscover. The service is the object whose `.Credentials` the
 * credential is assigned to (directly or through a variable), read in the function that assigns it,
 * else anywhere in the file; where the file shows no such object (a transport), every service of the file.
 */
function serviceTarget(context: TypeScriptRuleContext, credential: Node): EwsTarget | undefined {
  const assignment = credentialAssignment(context, credential);
  const service = assignment && textOf(context, assignment.left.object);
  const scope = assignment && functionsAround(context.program, assignment).at(-1);
  const within = (node: Node) => !scope || (node.range[0] >= scope.range[0] && node.range[1] <= scope.range[1]);
  const urls = nodesOfType(context.program, 'AssignmentExpression').filter(
    (a): a is ServiceAssignment => a.left.type === 'MemberExpression' && memberName(a.left) === 'Url',
  );
  const discovers = methodCalls(context.program, 'AutodiscoverUrl');
  const ofService = <T extends Node>(nodes: readonly T[], objectOf: (node: T) => Node, inScope: boolean) =>
    nodes.filter((node) => service === undefined || (textOf(context, objectOf(node)) === service && (!inScope || within(node))));
  const inScope = ofService(urls, (a) => a.left.object, true).length + ofService(discovers, (c) => c.callee.object, true).length > 0;
  const hosts = ofService(urls, (a) => a.left.object, inScope).map((a) => hostOfUrl(stringShape(uriArgument(context, a.right), context.facts)));
  return ewsTarget(hosts, () => ofService(discovers, (c) => c.callee.object, inScope).length > 0);
}

type ServiceAssignment = TSESTree.AssignmentExpression & { left: TSESTree.MemberExpression };

/** `service.Credentials = <credential>`, or `service.Credentials = creds` after `const creds = <credential>`. */
function credentialAssignment(context: TypeScriptRuleContext, credential: Node): ServiceAssignment | undefined {
  const parent = parentOf(context.program, credential);
  const isCredentials = (node: Node | undefined): node is ServiceAssignment =>
    node?.type === 'AssignmentExpression' && node.left.type === 'MemberExpression' && memberName(node.left) === 'Credentials';
  if (isCredentials(parent) && parent.right === credential) return parent;
  if (parent?.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier') return undefined;
  const name = parent.id.name;
  return nodesOfType(context.program, 'AssignmentExpression').find(
    (a): a is ServiceAssignment => isCredentials(a) && unwrap(a.right).type === 'Identifier' && (unwrap(a.right) as TSESTree.Identifier).name === name,
  );
}

function textOf(context: TypeScriptRuleContext, node: Node): string {
  return context.text.slice(node.range[0], node.range[1]).replace(/\s+/g, '');
}

/** `new Uri(url)` (ews-javascript-api's, however imported) stands for its argument. */
function uriArgument(context: TypeScriptRuleContext, value: Node): Node {
  const inner = unwrap(value);
  if (inner.type !== 'NewExpression' || !inner.arguments[0]) return inner;
  const target = context.facts.resolveImport(inner.callee);
  return target?.module === EWS_API && target.name === 'Uri' ? inner.arguments[0] : inner;
}
