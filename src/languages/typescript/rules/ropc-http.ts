import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Fix, TextEdit } from '../../../engine/finding';
import type { SecretName } from '../../../engine/fix-settings';
import type { RuleHit } from '../../../engine/rule';
import { indentationAt, lineNumberAt } from '../../../engine/text';
import { redact } from '../../../engine/redact';
import {
  AZURE_AD_GRAPH_RETIRED,
  FIRST_PARTY_CLIENT_IDS,
  formMarksEntraRequest,
  isBareTokenPathOnUnknownBase,
  isTokenEndpoint,
  isUnshownUrl,
  showsLoginHost,
  closedGermanCloudNote,
  onClosedGermanCloud,
  entryMarksEntraRequest,
  MICROSOFT_RESOURCE_WORDS,
  namesEntraRequestEntry,
  namesEntraRequestField,
  namesMicrosoftScope,
  asksForOtherServiceOnly,
  formRequestedResources,
  namesAzureAdGraph,
  TOKEN_ENDPOINT_WORDS,
} from '../../shared/microsoft-endpoints';
import { addTo } from '../lists-by-key';
import { onlyReadsMembers, ObjectValues } from '../object-values';
import { calleeName, findProperty, isFunction, isGlobalObject, memberName, nodesOfType, parentOf, propertyKeyName, returnedValues, unwrap, walk, type Node } from '../ast';
import { awaitAllowedAt } from '../await-sites';
import { runsInBrowser } from '../browser-code';
import { callerCredential, fixesForCaller } from '../caller-credentials';
import { accountsOf } from '../signed-in-accounts';
import { renderInStyle } from '../code-style';
import { passwordGrantSentences, signedInToOf, type GrantTarget } from '../password-grant-message';
import { getterReturns } from '../class-getters';
import { computedStrings, shapeOfParts } from '../computed-strings';
import { urlShapes } from '../url-shapes';
import { keyOf, type ImportedValue } from '../module-facts';
import { bindingOf, sameBinding } from '../name-bindings';
import { FileFunctionCalls, functionNameOf, proseOf, type Invocation } from '../parameter-arguments';
import { settleGuards } from '../password-guards';
import { planHelperFunction, type TypeScriptRule, type TypeScriptRuleContext } from '../rule-context';
import { isK6Script, planSecretAccess, readsSecretsWithAwait, type SecretAccess } from '../secret-access';
import {
  CHAINING_CLIENTS,
  CLIENT_FACTORIES,
  FORM_BUILDER_METHODS,
  FORM_BUILDERS,
  FORM_ENCODERS,
  GLOBAL,
  GLOBAL_CLIENTS,
  isMockingModule,
  listedSender,
  PLAYWRIGHT_REQUEST,
  SENDERS,
  UNKNOWN_CLIENT,
  XHR_SENDER,
  type ArgumentSite,
  type Sender,
} from './ropc-http-senders';
import { ALREADY_POSTS_REFRESH_TOKEN, SIGNS_IN_WITH_CLIENT_ASSERTION } from '../../shared/ropc-body-reasons';
import { entriesListedOf, keyLoopAppends, keyLoopPushes, keysListedOf, mappedPairsOf, stringsOf, writesOwnField, type KeyLoopAppend, type KeyLoopPush } from '../form-encoding-loops';
import { isJsonParseOf, requestHandedOn, wholeResponseHandedOn, type CodeAround, type ResponseBinding } from './token-response-uses';

const MAX_DEPTH = 6;
const MAX_VALUES = 32;
const MAX_ALIASES = 3;
const GRANT_IN_TEXT = /(?:^|[&\u0000])\s*grant_type=password(?=&|$|\u0000)/i;
const STORE_HELPER = 'storeRotatedRefreshToken';
const CREDENTIAL_KEYS = new Set(['username', 'password']);
/** The names a call that sends can have, and the methods that write a body into an opened request. */
const SENDING_NAMES = new Set(SENDERS.flatMap((sender) => sender.exports));
const BODY_METHODS = new Set(SENDERS.flatMap((sender) => sender.bodyMethods ?? []));
const KNOWN_MODULES = new Set(SENDERS.flatMap((sender) => sender.modules));

export const ropcHttpRule: TypeScriptRule = {
  meta: {
    id: 'ts-ropc-http',
    title: 'Password grant (ROPC) posted to the Microsoft token endpoint',
    description:
      'An HTTP request posts grant_type=password with a username and a password to a Microsoft token endpoint ' +
      "(login.microsoftonline.com or another cloud's login host, or an /oauth2/token or /oauth2/v2.0/token URL): the " +
      'resource owner password credentials grant (ROPC). ROPC cannot perform multi-factor authentication: once MFA ' +
      'applies to the account the request fails with AADSTS50076, and Microsoft requires MFA for every user of a ' +
      'partner tenant, for App+User calls to the Partner Center API (from 2026-04-01) and for Azure management ' +
      'sign-ins (since 2025-10-01). Post the Secure Application Model refresh_token grant to the same endpoint ' +
      'instead, with the refresh token from a one-time admin consent done with MFA.',
    defaultSeverity: 'error',
    language: 'typescript',
    fixesChangeWhoSignsIn: true,
    tags: ['security', 'mfa', 'ropc', 'http'],
    triggers: ['grant_type'],
    requires: [...TOKEN_ENDPOINT_WORDS, ...MICROSOFT_RESOURCE_WORDS, ...FIRST_PARTY_CLIENT_IDS],
  },
  check(context) {
    const { index, grants } = context.once(analyse);
    return grants.map((grant) => hitFor(index, grant));
  },
  passwordSinks(context) {
    const { index, grants } = context.once(analyse);
    return grants.flatMap((grant) => credentialValues(index, grant.body, 'password'));
  },
};

// ---------------------------------------------------------------------------------------------------
// The model: bodies, their entries, and the sends that post them.

/** One `name=value` entry of a form body, however it is written. */
interface FormEntry {
  /** Undefined when the file does not show it (a spread, a computed key). */
  key: string | undefined;
  value: Node | undefined;
  /** Where a finding on the entry points: the property, the pair, the `.append()` call. */
  at: Node;
  /** What a fix replaces or removes: the property, the pair, the `.append()` statement. */
  node: Node;
  container: Container;
}

type Container =
  | { kind: 'object'; node: TSESTree.ObjectExpression }
  | { kind: 'pairs'; node: TSESTree.ArrayExpression }
  | { kind: 'appends' }
  /** `form.grant_type = …` / `form['grant_type'] = …` after the object is made: a statement of its own. */
  | { kind: 'members' }
  /** Seen through a spread, or not an entry the file shows: not rewritable. */
  | { kind: 'shown' };

interface EntryBody {
  kind: 'entries';
  entries: FormEntry[];
}

/** A body written as one string: a literal, a template, or `+` of such. */
interface StringBody {
  kind: 'string';
  root: Node;
  /** The root, then what `+=` adds to the variable it is assigned to after it (`body += "&password=" + pw`). */
  parts: Node[];
  shape: string;
  at: Node;
  /** False when a rewrite would miss part of it: it grows with `+=` or `.append()`, or is joined at run time. */
  rewritable: boolean;
}

type FormBody = EntryBody | StringBody;

interface Send {
  api: string;
  /** The file shows the URL a token endpoint's; otherwise only the body says the request is Entra's. */
  toShownEndpoint: boolean;
  /** The URL is `<unknown base>/oauth2/token` (another OAuth server's path too), and the body does not say it is Entra's. */
  toUnnamedEndpoint: boolean;
  /** Every URL the call may post to shows a Microsoft login host: only there may a fix send the app's secret and the refresh token. */
  toLoginHost: boolean;
  /** A URL the call may post to is Microsoft Cloud Deutschland's, which is closed: no fix is offered. */
  toClosedCloud: boolean;
  /** The call that posts the body. */
  call: TSESTree.CallExpression;
  sender: Sender;
}

interface PasswordGrant {
  at: Node;
  body: FormBody;
  sends: Send[];
  /**
   * The same body is also posted to a URL that is not a token endpoint, or one the file does not show
   * (through a function the file calls with other URLs, or one other modules may call): a fix of the
   * body would change that request too, so none is offered.
   */
  postedElsewhere?: boolean;
}

/** A value worked out once, and the functions whose parameters it was read through (see `FileIndex.pinnedTo`). */
interface Cached<T> {
  value: T;
  reads: ReadonlySet<Node>;
}

/** A file's nodes as the rule needs them; built once per file. */
class FileIndex {
  readonly calls: readonly TSESTree.CallExpression[];
  /** `x.append(name, value)`, `x.set(name, value)`: the calls that may fill a form the file builds. */
  readonly formBuilderCalls: readonly TSESTree.CallExpression[];
  readonly functions: Map<string, Node[]>;
  /** What `+=` adds to each variable that grows so somewhere in the file, in the file's order. */
  readonly appends: Map<string, Node[]>;
  readonly functionCalls: FileFunctionCalls;
  private readonly values = new Map<Node, Cached<Node[]>>();
  private readonly shapes = new Map<Node, Cached<string | undefined>>();
  private readonly following = new Set<Node>();
  /** The functions whose parameters the value being worked out has read so far, through the calls of each. */
  private reading?: Set<Node>;
  private readonly views = new Map<string, FileIndex>();
  private readonly visible = new Map<Node, Node[]>();
  private viewsLeft = MAX_VIEWS_PER_FILE;
  /** What the file assigns to members of named objects (`init.body = …`), by `name.key`: worked out once. */
  private memberValues?: Map<string, Node[]>;
  /** The assignments to members of named objects, by the object's name: worked out once. */
  private writesByName?: Map<string, MemberWrite[]>;

  /**
   * `pins`: in a view of the file from `base`, the functions whose parameters are read at one call
   * only. A value that read none of them is the base's.
   */
  constructor(
    readonly context: TypeScriptRuleContext,
    private readonly base?: FileIndex,
    private readonly pins: ReadonlyMap<Node, TSESTree.CallExpression> = new Map(),
  ) {
    if (base) {
      ({ calls: this.calls, formBuilderCalls: this.formBuilderCalls, functions: this.functions, appends: this.appends, functionCalls: this.functionCalls } =
        base);
      return;
    }
    const program = context.program;
    this.calls = nodesOfType(program, 'CallExpression');
    this.formBuilderCalls = this.calls.filter(
      (call) => call.callee.type === 'MemberExpression' && call.arguments.length >= 2 && FORM_BUILDER_METHODS.includes(memberName(call.callee) ?? ''),
    );
    this.functionCalls = new FileFunctionCalls(this.calls, (node) => this.parentOf(node), context.text, () => proseOf(program));
    this.functions = new Map();
    for (const node of nodesOfType(program, 'FunctionDeclaration')) if (node.id) this.functions.set(node.id.name, [node]);
    this.appends = new Map();
    for (const node of nodesOfType(program, 'AssignmentExpression')) {
      const key = node.operator === '+=' ? keyOf(node.left) : undefined;
      if (key) addTo(this.appends, key, node.right);
    }
  }

  /**
   * The same file, with the parameters of `fn` read as `call` gives them (and those pinned here already):
   * one view per set of pinned calls, whichever request asks for it.
   */
  pinnedTo(fn: Node, call: TSESTree.CallExpression): FileIndex {
    const root = this.base ?? this;
    const pins = new Map([...this.pins, [fn, call]]);
    const key = [...pins].map(([pinnedFn, pinnedCall]) => `${pinnedFn.range[0]}:${pinnedCall.range[0]}`).sort().join(',');
    let view = root.views.get(key);
    if (!view) root.views.set(key, (view = new FileIndex(this.context, root, pins)));
    return view;
  }

  /** Takes one view's reading from the file's budget (`MAX_VIEWS_PER_FILE`); false when it is spent. */
  spendView(): boolean {
    const root = this.base ?? this;
    return root.viewsLeft-- > 0;
  }

  get pinned(): ReadonlyMap<Node, TSESTree.CallExpression> {
    return this.pins;
  }

  /** What `work` returns, and the functions whose parameters it read through their calls. */
  tracingReads<T>(work: () => T): { result: T; reads: Set<Node> } {
    const outer = this.reading;
    const reads = (this.reading = new Set());
    try {
      return { result: work(), reads };
    } finally {
      this.reading = outer;
      for (const fn of reads) outer?.add(fn);
    }
  }

  /** Keeps a value worked out here; one that read no pinned function's parameters is the same in every view. */
  private keep<T>(own: Map<Node, Cached<T>>, ofBase: (base: FileIndex) => Map<Node, Cached<T>>, node: Node, value: Cached<T>): void {
    const shared = this.base && ![...value.reads].some((fn) => this.pins.has(fn));
    (shared ? ofBase(this.base!) : own).set(node, value);
  }

  private cached<T>(own: Map<Node, Cached<T>>, ofBase: (base: FileIndex) => Map<Node, Cached<T>>, node: Node): Cached<T> | undefined {
    const known = own.get(node) ?? (this.base ? ofBase(this.base).get(node) : undefined);
    if (!known || (known !== own.get(node) && [...known.reads].some((fn) => this.pins.has(fn)))) return undefined;
    for (const fn of known.reads) this.reading?.add(fn);
    return known;
  }

  /** The node's parent; undefined for the program. */
  parentOf(node: Node): Node | undefined {
    return parentOf(this.context.program, node);
  }

  get facts() {
    return this.context.facts;
  }

  get text(): string {
    return this.context.text;
  }

  enclosingFunction(node: Node): Node | undefined {
    for (let current = this.parentOf(node); current; current = this.parentOf(current)) {
      if (isFunction(current)) return current;
    }
    return undefined;
  }

  /**
   * The expressions an expression may evaluate to, as far as the file shows: through variables, properties
   * of object literals and the returns of local functions. A `const`/`let` counts only in its own function
   * and the functions inside it. Capped, so that minified code with hundreds of `e = …` stays cheap.
   */
  valuesOf(expression: Node): Node[] {
    const node = unwrap(expression);
    const known = this.cached(this.values, (base) => base.values, node);
    if (known) return known.value;
    // A property of a property of … (or a cycle of them) ends here rather than in the stack's limit.
    if (this.following.has(node) || this.following.size > MAX_DEPTH) return [node];
    this.following.add(node);
    const found = new Set<Node>();
    const { reads } = this.tracingReads(() => this.collect(node, 0, found));
    this.following.delete(node);
    const values = [...found];
    this.keep(this.values, (base) => base.values, node, { value: values, reads });
    return values;
  }

  /** The values of `object.name` where the object is an object literal the file shows. */
  propertyValues(object: Node, name: string): Node[] {
    const member = this.facts.enumMember(object, name);
    if (member) return [member];
    const written = this.valuesOf(object).flatMap((value) => {
      const property = value.type === 'ObjectExpression' ? findProperty(value, name) : undefined;
      return property ? [property.value] : [];
    });
    // `const init = { method: "POST" }; init.body = new URLSearchParams(…)`: set after the object is made.
    const holder = unwrap(object);
    return holder.type === 'Identifier' ? [...written, ...(this.memberAssignments().get(`${holder.name}.${name}`) ?? [])] : written;
  }

  private memberAssignments(): Map<string, Node[]> {
    const root = this.base ?? this;
    root.memberValues ??= memberAssignmentValues(this.memberWritesByName());
    return root.memberValues;
  }

  /** The assignments to members of the objects named `name` (`form.grant_type = …`, `form[key] += …`), in the file's order. */
  memberWrites(name: string): MemberWrite[] {
    return this.memberWritesByName().get(name) ?? [];
  }

  private memberWritesByName(): Map<string, MemberWrite[]> {
    const root = this.base ?? this;
    root.writesByName ??= memberWritesOf(this.facts.program);
    return root.writesByName;
  }

  /** The module export an expression denotes, for names the file assigns a few times at most. */
  resolveImport(expression: Node): ImportedValue | undefined {
    let base = unwrap(expression);
    while (base.type === 'MemberExpression') base = unwrap(base.object);
    if (base.type === 'Identifier' && !this.facts.imports.has(base.name) && (this.facts.assignments.get(base.name)?.length ?? 0) > MAX_ALIASES) {
      return undefined;
    }
    return this.facts.resolveImport(expression);
  }

  /** Like `stringShape`, through this index's values: the string with unknown parts as `\u0000`. */
  shapeOf(expression: Node, depth = 0): string | undefined {
    const node = unwrap(expression);
    const known = this.cached(this.shapes, (base) => base.shapes, node);
    if (known) return known.value;
    if (depth > MAX_DEPTH) return undefined;
    const { result: shape, reads } = this.tracingReads(() => shapeOfParts(this, node, depth));
    this.keep(this.shapes, (base) => base.shapes, node, { value: shape, reads });
    return shape;
  }

  /** Whether the file sets `key` on an object a name in `expression` holds (`form.client_id = …`, `form['client_id'] = …`). */
  setsMember(expression: Node, key: string): boolean {
    const assigned = this.memberAssignments();
    const names = new Set<string>();
    walk(expression, (node) => {
      if (node.type === 'Identifier') names.add(node.name);
    });
    return [...names].some((name) => assigned.has(`${name}.${key}`));
  }

  staticOf(expression: Node): string | undefined {
    const shape = this.shapeOf(expression);
    return shape?.includes('\u0000') ? undefined : shape;
  }

  private collect(node: Node, depth: number, found: Set<Node>): void {
    if (found.size >= MAX_VALUES) return;
    const next = depth > MAX_DEPTH ? [] : this.step(node);
    // A call of the file's own form serializer is a value as well as what it returns: its argument is a body (see `encodedBodies`).
    if (next.length === 0 || (node.type === 'CallExpression' && serializerOf(this, node))) found.add(node);
    for (const value of next) this.collect(unwrap(value), depth + 1, found);
  }

  /** What one step of following a name, a property or a call leads to; nothing when it leads nowhere. */
  private step(node: Node): Node[] {
    const key = keyOf(node);
    if (key) {
      const assigned = this.facts.assignments.get(key) ?? [];
      if (node.type === 'Identifier') return this.identifierValues(node, assigned);
      // `this.apiUrl`, never assigned: the class's getter of that name, if it has one.
      return assigned.length > 0 || node.type !== 'MemberExpression' ? assigned : getterReturns(this.functionCalls.classAround(node), memberName(node) ?? '');
    }
    if (node.type === 'MemberExpression') {
      const name = memberName(node);
      return name ? this.propertyValues(node.object, name) : [];
    }
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier') return this.returnsOf(node.callee.name);
    // Either branch: `authCode ? codeUrl : tokenUrl`, `options.url || DEFAULT_URL`.
    if (node.type === 'ConditionalExpression') return [node.consequent, node.alternate];
    if (node.type === 'LogicalExpression' && node.operator !== '&&') return [node.left, node.right];
    return [];
  }

  /**
   * A parameter the function does not assign holds what the file's calls of the function give it (its
   * default, in a function the file does not call); other names what is assigned to them.
   */
  private identifierValues(use: TSESTree.Identifier, assigned: Node[]): Node[] {
    const binding = this.functionCalls.bindingOf(use);
    if (!binding) return this.visibleValues(use, assigned);
    // Assignments to the parameter in its function (`url = url || DEFAULT`) add to what the calls give.
    const inFunction = assigned.filter((value) => within(value, binding.fn));
    const propertyValues = (object: Node, name: string): Node[] => this.propertyValues(object, name);
    const given = this.functionCalls.argumentValues(binding, propertyValues, this.pins.get(binding.fn)) ?? this.functionCalls.resolvedValues(binding, propertyValues);
    if (given) this.reading?.add(binding.fn);
    if (given) return [...inFunction, ...given];
    // A function the file does not call: its default, or (as before parameters were read) the name's values.
    return binding.fallback ? [...inFunction, binding.fallback] : this.visibleValues(use, assigned);
  }

  /** The assignments a use of a name sees: the same in every view, and costly where a name is assigned thousands of times (minified code). */
  private visibleValues(use: TSESTree.Identifier, assigned: Node[]): Node[] {
    const root = this.base ?? this;
    let visible = root.visible.get(use);
    if (!visible) root.visible.set(use, (visible = assigned.filter((value) => this.visibleAt(value, use))));
    return visible;
  }

  /** A declaration's value counts where its function reaches; an assignment may be to an outer variable. */
  private visibleAt(value: Node, use: Node): boolean {
    let declarator = this.parentOf(value);
    while (declarator && declarator.type !== 'VariableDeclarator' && unwrap(declarator) !== declarator) {
      declarator = this.parentOf(declarator);
    }
    if (declarator?.type !== 'VariableDeclarator') return true;
    const scope = this.enclosingFunction(declarator);
    return !scope || (scope.range[0] <= use.range[0] && use.range[1] <= scope.range[1]);
  }

  private returnsOf(name: string): Node[] {
    const declared = this.functions.get(name) ?? this.facts.assignments.get(name)?.filter(isFunction) ?? [];
    if (declared.length > MAX_ALIASES) return [];
    return declared.filter(isFunction).flatMap(returnedValues);
  }
}

interface Analysis {
  index: FileIndex;
  grants: PasswordGrant[];
}

function analyse(context: TypeScriptRuleContext): Analysis {
  const index = new FileIndex(context);
  return { index, grants: findPasswordGrants(index) };
}

function findPasswordGrants(index: FileIndex): PasswordGrant[] {
  const grants = new Map<Node, PasswordGrant>();
  const postedElsewhere = new Set<Node>();
  for (const call of index.calls) {
    const sent = grantsSentBy(index, call);
    for (const { at, body, post, toUnnamedEndpoint } of sent.grants) {
      const grant = grants.get(at) ?? { at, body, sends: [] };
      const toLoginHost = post.urls.length > 0 && post.urls.every(showsLoginHost);
      const toClosedCloud = post.urls.some(onClosedGermanCloud);
      const send = { api: post.api, call, sender: post.sender, toShownEndpoint: toTokenEndpoint(post), toUnnamedEndpoint, toLoginHost, toClosedCloud };
      if (!grant.sends.some((known) => known.call === call)) grant.sends.push(send);
      grants.set(at, grant);
    }
    for (const { at } of sent.elsewhere) postedElsewhere.add(at);
  }
  for (const grant of grants.values()) if (postedElsewhere.has(grant.at)) grant.postedElsewhere = true;
  return [...grants.values()].sort((a, b) => a.at.range[0] - b.at.range[0]);
}

/** How many levels of wrappers around a request (functions whose parameters it reads) are read call by call. */
const MAX_WRAPPERS = 3;
/**
 * How many times requests are read again with their wrappers' parameters at one call, in one file: past
 * that, a request is read with all calls' arguments at once (and offers no fix for a body in a wrapper).
 */
const MAX_VIEWS_PER_FILE = 5_000;

/**
 * The password grants a call posts. Where its URL or body is read through the parameters of the file's
 * functions, each call of those functions is read on its own (and their callers' calls, out to
 * `MAX_WRAPPERS` levels), so that one call's URL is never paired with another call's body.
 */
function grantsSentBy(index: FileIndex, call: TSESTree.CallExpression): { grants: SentGrant[]; elsewhere: SentGrant[] } {
  const { result: posts, reads } = index.tracingReads(() => postsOf(index, call));
  const byCall = reads.size === 0 ? undefined : viewsByCall(index, call, reads);
  const views = byCall ?? [{ index, posts }];
  // Read with all calls at once (the file's budget spent), a wrapper's calls cannot be told apart.
  const escaping = [...reads].filter((fn) => !byCall || index.functionCalls.mayBeCalledElsewhere(fn));
  // To a URL the file does not show, only a body that asks for a Microsoft service's token, or as a Microsoft client, is Entra's.
  const grants = views.flatMap((view) =>
    grantsIn(view.index, view.posts.filter((post) => toTokenEndpoint(post) || toUnshownUrl(post))).filter(
      ({ body, post }) => toTokenEndpoint(post) || marksEntraRequest(view.index, body),
    ),
  );
  // Code the file does not show may call a function that holds a body with other URLs.
  const elsewhere = [
    ...views.flatMap((view) => grantsIn(view.index, view.posts.filter(maybeElsewhere))),
    ...grants.filter((grant) => escaping.some((fn) => within(grant.at, fn))),
  ];
  return { grants, elsewhere };
}

const toTokenEndpoint = (post: Post): boolean => post.urls.some(isTokenEndpoint);
/** A post whose URL the file does not show (none, or hosts worked out at run time): its body tells. */
const toUnshownUrl = (post: Post): boolean => post.urls.every(isUnshownUrl);
/** A post that may go to a URL other than a token endpoint: one of its URLs is another, or it has none the file shows. */
const maybeElsewhere = (post: Post): boolean => !post.urls.length || !post.urls.every(isTokenEndpoint);

/**
 * The request read once per call of each function whose parameters it reads; undefined when the file's
 * budget of such readings is spent.
 */
function viewsByCall(index: FileIndex, call: TSESTree.CallExpression, reads: Set<Node>): { index: FileIndex; posts: Post[] }[] | undefined {
  const done: { index: FileIndex; posts: Post[] }[] = [];
  let level = [{ view: index, unpinned: reads }];
  for (let depth = 0; level.length > 0; depth++) {
    const next: typeof level = [];
    for (const { view, unpinned } of level) {
      const fn = [...unpinned][0];
      for (const wrapperCall of index.functionCalls.callsOf(fn).filter((c): c is TSESTree.CallExpression => c.type === 'CallExpression')) {
        if (!index.spendView()) return undefined;
        const pinned = view.pinnedTo(fn, wrapperCall);
        const { result: posts, reads: read } = pinned.tracingReads(() => postsOf(pinned, call));
        const left = new Set([...read].filter((other) => !pinned.pinned.has(other)));
        if (left.size === 0 || depth + 1 >= MAX_WRAPPERS) done.push({ index: pinned, posts });
        else next.push({ view: pinned, unpinned: left });
      }
    }
    level = next;
  }
  return done;
}

/** A password grant one call posts. */
interface SentGrant {
  at: Node;
  body: FormBody;
  post: Post;
  /** Posted to `<unknown base>/oauth2/token`, by a body that names no Microsoft resource or client of Microsoft's own. */
  toUnnamedEndpoint: boolean;
}

type MemberWrite = TSESTree.AssignmentExpression & { left: TSESTree.MemberExpression & { object: TSESTree.Identifier } };

function memberWritesOf(program: Node): Map<string, MemberWrite[]> {
  const writes = new Map<string, MemberWrite[]>();
  walk(program, (node) => {
    if (node.type !== 'AssignmentExpression' || node.left.type !== 'MemberExpression' || node.left.object.type !== 'Identifier') return;
    const name = node.left.object.name;
    addTo(writes, name, node as MemberWrite);
  });
  return writes;
}

/** For each `name.key` the program sets (`name.key = …`, `name['key'] += …`), the values `=` gives it. */
function memberAssignmentValues(writes: Map<string, MemberWrite[]>): Map<string, Node[]> {
  const values = new Map<string, Node[]>();
  for (const [object, written] of writes) {
    for (const write of written) {
      const key = memberName(write.left);
      if (!key) continue;
      const name = `${object}.${key}`;
      let given = values.get(name);
      if (!given) values.set(name, (given = []));
      if (write.operator === '=') given.push(write.right);
    }
  }
  return values;
}

function within(node: Node, outer: Node): boolean {
  return outer.range[0] <= node.range[0] && node.range[1] <= outer.range[1];
}

/** How a function is called: its name, or `this.<name>` for a method. */
function functionName(index: FileIndex, fn: Node): string {
  const parent = index.parentOf(fn);
  const named = functionNameOf(fn, parent);
  if (named) return named;
  const key = parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition' ? parent.key : undefined;
  return key?.type === 'Identifier' ? `this.${key.name}` : 'the function';
}

function grantsIn(index: FileIndex, posts: Post[]): SentGrant[] {
  return posts.flatMap((post) =>
    post.bodies
      .flatMap((expression) => formBodies(index, expression))
      .flatMap((body) => {
        const at = grantOf(index, body);
        // `${base}/oauth2/token` is Entra's only for a request that asks as Entra's do (Secret Server's path is alike).
        const entra = !post.urls.length || !post.urls.every(isBareTokenPathOnUnknownBase) || asksAsEntra(index, body, post);
        const unnamed = post.urls.length > 0 && post.urls.every(isBareTokenPathOnUnknownBase) && !marksEntraRequest(index, body) && !requestedResources(index, body).some(namesMicrosoftScope);
        return at && entra ? [{ at, body, post, toUnnamedEndpoint: unnamed }] : [];
      }),
  );
}

/**
 * Whether the request names what every Entra token request names: its client (`client_id`, in the body,
 * set on the body's object afterwards, or in the URL's query) or a Microsoft resource (`resource`,
 * `scope`); or may (a field the file does not show). Thycotic Secret Server's password grant names none,
 * WSO2's its own scopes.
 */
function asksAsEntra(index: FileIndex, body: FormBody, post: Post): boolean {
  if (asksForOtherServiceOnly(requestedResources(index, body))) return false;
  if (post.urls.some((url) => url.includes('?') && namesEntraRequestField(url.slice(url.indexOf('?') + 1)))) return true;
  if (post.bodies.some((sent) => index.setsMember(sent, 'client_id'))) return true;
  if (body.kind === 'entries') return body.entries.some((entry) => namesEntraField(index, entry));
  return namesEntraRequestField(body.shape) || /(?:^|&)\u0000/.test(body.shape);
}

/** The body's `scope` and `resource` values, as shapes (unknown parts are `\u0000`). */
function requestedResources(index: FileIndex, body: FormBody): string[] {
  if (body.kind === 'string') return formRequestedResources(body.shape);
  return body.entries.flatMap(({ key, value }) => (key === 'scope' || key === 'resource' ? [value ? (index.shapeOf(value) ?? '\u0000') : '\u0000'] : []));
}

/** Whether the body's `resource`, `scope` or `client_id` marks it as Entra ID's, as the file writes it (see entryMarksEntraRequest). */
function marksEntraRequest(index: FileIndex, body: FormBody): boolean {
  if (body.kind === 'entries') {
    return body.entries.some(({ key, value }) => !!key && !!value && entryMarksEntraRequest(key, index.text.slice(...value.range), () => index.shapeOf(value) ?? ''));
  }
  return formMarksEntraRequest(body.parts.map((part) => index.text.slice(...part.range)).join(''));
}

/** Whether a body's entry is one an Entra token request names (see namesEntraRequestField), or may be (one the file does not show). */
function namesEntraField(index: FileIndex, entry: FormEntry): boolean {
  return entry.key === undefined || namesEntraRequestEntry(entry.key, () => (entry.value ? (index.shapeOf(entry.value) ?? '\u0000') : '\u0000'));
}

// ---------------------------------------------------------------------------------------------------
// Sends: which calls post a body, and to which URL.

interface Post {
  api: string;
  sender: Sender;
  urls: string[];
  bodies: Node[];
}

interface CalledExport {
  module: string;
  name: string;
  /** The call that made the client, for clients such as `axios.create({ baseURL })`. */
  factory?: TSESTree.CallExpression;
}

function postsOf(index: FileIndex, call: TSESTree.CallExpression): Post[] {
  const callee = unwrap(call.callee);
  const name = calleeName(callee);
  if (!name) return [];
  const posts: Post[] = [];
  const called = callee.type === 'Identifier' || SENDING_NAMES.has(name) ? calledExport(index, callee) : undefined;
  const sender = called && senderFor(called);
  if (called && sender && sender.body.length > 0) {
    const sent = [call, ...requestObjects(index, call, sender)];
    const bodies = sent.flatMap((invocation) => sender.body.flatMap((site) => siteValues(index, invocation, site)));
    posts.push({ api: apiName(index, sender, call), sender, urls: sent.flatMap((invocation) => urlsOf(index, invocation, sender, called)), bodies });
  }
  const request =
    callee.type === 'MemberExpression' && BODY_METHODS.has(name) && call.arguments[0] ? requestCallOf(index, callee.object, name) : undefined;
  if (request) {
    const urls = urlsOf(index, request.call, request.sender, request.called);
    posts.push({ api: apiName(index, request.sender, request.call), sender: request.sender, urls, bodies: [call.arguments[0]] });
  }
  const xhr = name === 'send' && callee.type === 'MemberExpression' ? xhrPost(index, call, callee.object) : undefined;
  return xhr ? [...posts, xhr] : posts;
}

/**
 * `xhr.send(body)` on a `new XMLHttpRequest()`, to the URL of the `xhr.open(method, url)` on the same
 * object: written alike, in the same function, opened after the object's previous send.
 */
function xhrPost(index: FileIndex, send: TSESTree.CallExpression, receiver: Node): Post | undefined {
  const made = index.valuesOf(receiver).some((value) => value.type === 'NewExpression' && isGlobalCall(index, value.callee, XHR_SENDER.exports[0]));
  if (!made || !send.arguments[0] || send.arguments[0].type === 'SpreadElement') return undefined;
  const written = (node: Node): string => index.text.slice(node.range[0], node.range[1]);
  const holder = index.enclosingFunction(send);
  const opens = index.calls.filter(
    (call) =>
      call.callee.type === 'MemberExpression' &&
      memberName(call.callee) === 'open' &&
      call.arguments[1] &&
      written(call.callee.object) === written(receiver) &&
      index.enclosingFunction(call) === holder,
  );
  // The request the send belongs to: those opened before it and after the object's send before it (one
  // object may be opened again; two branches may open it each their way).
  const sends = index.calls.filter((call) => call.callee.type === 'MemberExpression' && memberName(call.callee) === 'send' && written(call.callee.object) === written(receiver));
  const previousSend = Math.max(-1, ...sends.map((other) => other.range[0]).filter((at) => at < send.range[0]));
  const window = opens.filter((open) => open.range[0] > previousSend && open.range[0] < send.range[0]);
  const urls = (window.length ? window : opens).flatMap((open) => urlShapes(index, open.arguments[1]));
  return { api: XHR_SENDER.api, sender: XHR_SENDER, urls, bodies: [send.arguments[0]] };
}

function apiName(index: FileIndex, sender: Sender, call: TSESTree.CallExpression): string {
  // The callee's own text may hold a literal (`clientFor("…").post`): messages are never redacted, so mask it here.
  return sender.api || redact(index.text.slice(call.callee.range[0], call.callee.range[1]).replace(/\s+/g, ''), 'typescript');
}

/** The call that opened a request whose body `receiver.method(body)` writes: down a chain, through variables. */
function requestCallOf(
  index: FileIndex,
  receiver: Node,
  method: string,
  seen = new Set<Node>(),
): { call: TSESTree.CallExpression; sender: Sender; called: CalledExport } | undefined {
  if (seen.size > MAX_VALUES) return undefined;
  for (const value of index.valuesOf(receiver)) {
    if (value.type !== 'CallExpression' || seen.has(value)) continue;
    seen.add(value);
    const called = calledExport(index, value.callee);
    const sender = called && senderFor(called);
    if (called && sender?.bodyMethods?.includes(method)) return { call: value, sender, called };
    const found = value.callee.type === 'MemberExpression' ? requestCallOf(index, value.callee.object, method, seen) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** What a callee is: a module's export, a global, a method of a client made by a factory, or of an unknown client. */
function calledExport(index: FileIndex, callee: Node): CalledExport | undefined {
  const imported = index.resolveImport(callee);
  if (imported) return imported;
  const node = unwrap(callee);
  if (node.type === 'Identifier') {
    return isUndeclared(index, node.name) ? { module: GLOBAL, name: node.name } : madeClient(index, node, 'default');
  }
  if (node.type !== 'MemberExpression') return undefined;
  const name = memberName(node);
  if (!name) return undefined;
  if (isGlobalObject(node.object)) return { module: GLOBAL, name };
  if (node.object.type === 'Identifier' && isGlobalClient(index, node.object)) return { module: node.object.name, name };
  const root = chainRoot(node.object);
  if (root && CHAINING_CLIENTS.includes(root.name) && isGlobalClient(index, root)) return { module: root.name, name };
  const playwright = playwrightRequestModule(index, node.object);
  if (playwright) return { module: playwright, name };
  return madeClient(index, node.object, name) ?? mockingClient(index, node.object, name) ?? { module: UNKNOWN_CLIENT, name };
}

/** The Playwright module an APIRequestContext comes from (see PLAYWRIGHT_REQUEST); undefined where the receiver is none. */
function playwrightRequestModule(index: FileIndex, receiver: Node): string | undefined {
  const node = unwrap(receiver);
  if (node.type !== 'Identifier' || !PLAYWRIGHT_REQUEST.modules.some((module) => index.facts.modules.has(module))) return undefined;
  const made = firstOf(index.valuesOf(node), (value) =>
    value.type === 'CallExpression' && value.callee.type === 'MemberExpression' && memberName(value.callee) === PLAYWRIGHT_REQUEST.make
      ? playwrightExport(index, value.callee.object, PLAYWRIGHT_REQUEST.factory)
      : undefined,
  );
  if (made) return made;
  const binding = bindingOf(index.context, node);
  if (binding.kind !== 'passed-in' || !binding.fn) return undefined;
  const fn = binding.fn;
  return firstOf(fn.params, (parameter) => {
    if (parameter.type === 'Identifier' && parameter.name === node.name) {
      const type = parameter.typeAnnotation?.typeAnnotation;
      return type?.type === 'TSTypeReference' ? playwrightExport(index, type.typeName, PLAYWRIGHT_REQUEST.type) : undefined;
    }
    const fixture = parameter.type === 'ObjectPattern' ? parameter.properties.find((p) => p.type === 'Property' && propertyKeyName(p) === PLAYWRIGHT_REQUEST.fixture) : undefined;
    const call = fixture?.type === 'Property' && fixture.value.type === 'Identifier' && fixture.value.name === node.name ? index.parentOf(fn) : undefined;
    return call?.type === 'CallExpression' && call.arguments.includes(fn as TSESTree.CallExpressionArgument) ? playwrightModuleAt(index, call.callee) : undefined;
  });
}

/** The module, where `node` is the named export of one of Playwright's. */
function playwrightExport(index: FileIndex, node: Node, name: string): string | undefined {
  const imported = node.type === 'Identifier' ? index.resolveImport(node) : undefined;
  return imported && imported.name === name && PLAYWRIGHT_REQUEST.modules.includes(imported.module) ? imported.module : undefined;
}

/** The Playwright module a test function comes from: `test(…)`, `test.beforeAll(…)`, `setup(…)`. */
function playwrightModuleAt(index: FileIndex, callee: Node): string | undefined {
  let root = unwrap(callee);
  while (root.type === 'MemberExpression') root = unwrap(root.object);
  const imported = index.resolveImport(root);
  return imported && PLAYWRIGHT_REQUEST.modules.includes(imported.module) ? imported.module : undefined;
}

/** The name a chain of calls starts at (`cy` in `cy.visit(…).wrap(…)`); undefined where it starts at no call's receiver. */
function chainRoot(node: Node): TSESTree.Identifier | undefined {
  let link = unwrap(node);
  if (link.type !== 'CallExpression') return undefined;
  while (link.type === 'CallExpression' || link.type === 'MemberExpression') link = unwrap(link.type === 'CallExpression' ? link.callee : link.object);
  return link.type === 'Identifier' ? link : undefined;
}

/** A client of an HTTP mocking library (`nock(url).post`, msw's `http.post`), down its chain and through variables: it sends nothing. */
function mockingClient(index: FileIndex, client: Node, name: string, depth = 0): CalledExport | undefined {
  const node = unwrap(client);
  const imported = index.resolveImport(node);
  if (imported || depth > MAX_DEPTH) return imported && isMockingModule(imported.module) ? { module: imported.module, name } : undefined;
  if (node.type === 'CallExpression' || node.type === 'NewExpression') return mockingClient(index, node.callee, name, depth + 1);
  if (node.type === 'MemberExpression') return mockingClient(index, node.object, name, depth + 1);
  if (node.type !== 'Identifier') return undefined;
  return index.valuesOf(node).reduce<CalledExport | undefined>((found, value) => found ?? (value === node ? undefined : mockingClient(index, value, name, depth + 1)), undefined);
}

function madeClient(index: FileIndex, client: Node, name: string): CalledExport | undefined {
  if (!CLIENT_FACTORIES.some((factory) => factory.modules.some((module) => index.facts.modules.has(module)))) return undefined;
  for (const value of index.valuesOf(client)) {
    if (value.type !== 'CallExpression' || !factoryFor(index, value)) continue;
    const made = index.resolveImport(value.callee);
    if (made) return { module: made.module, name, factory: value };
  }
  return undefined;
}

/** `cy`, as the test runner puts it in scope: not a parameter or variable of the file's own. */
function isGlobalClient(index: FileIndex, name: TSESTree.Identifier): boolean {
  return GLOBAL_CLIENTS.includes(name.name) && isUndeclared(index, name.name) && bindingOf(index.context, name).kind === 'module';
}

function isUndeclared(index: FileIndex, name: string): boolean {
  return !index.facts.imports.has(name) && !index.facts.assignments.has(name) && !index.functions.has(name);
}

/** The sender a call is; a `.post()` of a module the table does not know counts as an unknown client's. */
function senderFor(called: CalledExport): Sender | undefined {
  const known = listedSender(called);
  if (known || called.module === GLOBAL || KNOWN_MODULES.has(called.module) || isMockingModule(called.module)) return known;
  return senderFor({ module: UNKNOWN_CLIENT, name: called.name });
}

function factoryFor(index: FileIndex, call: TSESTree.CallExpression) {
  const made = index.resolveImport(call.callee);
  return made && CLIENT_FACTORIES.find((factory) => factory.modules.includes(made.module) && factory.exports.includes(made.name));
}

/** `fetch(new Request(url, init))`, also through a variable (`const req = new Request(…); fetch(req)`). */
function requestObjects(index: FileIndex, call: TSESTree.CallExpression, sender: Sender): TSESTree.NewExpression[] {
  const input = call.arguments[0];
  if (!sender.takesRequest || !input || input.type === 'SpreadElement') return [];
  return index.valuesOf(input).filter((value): value is TSESTree.NewExpression => value.type === 'NewExpression' && isRequestClass(index, value.callee));
}

/** The global `Request`, or the one a fetch package exports beside its fetch. */
function isRequestClass(index: FileIndex, callee: Node): boolean {
  const imported = index.resolveImport(callee);
  if (imported) return imported.name === 'Request' && SENDERS.some((sender) => sender.takesRequest && sender.modules.includes(imported.module));
  return isGlobalCall(index, unwrap(callee), 'Request');
}

function siteValues(index: FileIndex, call: Invocation, site: ArgumentSite): Node[] {
  const argument = call.arguments[site.argument];
  if (!argument || argument.type === 'SpreadElement') return [];
  return site.property ? index.propertyValues(argument, site.property) : [argument];
}

/** The URLs (static shapes: unknown parts are `\u0000`) a send may post to. */
function urlsOf(index: FileIndex, call: Invocation, sender: Sender, called: CalledExport): string[] {
  const urls = sender.url.flatMap((site) =>
    site.hostAndPath ? hostAndPathUrls(index, call, site) : siteValues(index, call, site).flatMap((value) => urlShapes(index, value)),
  );
  const baseSites = (sender.base ?? []).map((site) => ({ owner: call, site }));
  const factory = called.factory && factoryFor(index, called.factory);
  if (factory) baseSites.push(...factory.base.map((site) => ({ owner: called.factory!, site })));
  const bases = baseSites.flatMap(({ owner, site }) => siteValues(index, owner, site).flatMap((value) => urlShapes(index, value)));
  if (bases.length === 0) return urls;
  return urls.flatMap((url) => (isAbsoluteUrl(url) ? [url] : bases.map((base) => joinUrl(base, url))));
}

function hostAndPathUrls(index: FileIndex, call: Invocation, site: ArgumentSite): string[] {
  const argument = call.arguments[site.argument];
  if (!argument || argument.type === 'SpreadElement') return [];
  return index.valuesOf(argument).flatMap((options) => {
    if (options.type !== 'ObjectExpression') return [];
    const host = findProperty(options, 'hostname') ?? findProperty(options, 'host');
    if (!host) return [];
    const path = findProperty(options, 'path');
    const shapes = (property: TSESTree.Property | undefined, unknown: string): string[] => {
      if (!property) return [''];
      const shape = index.shapeOf(property.value);
      if (shape !== undefined) return [shape];
      const computed = computedStrings(index, property.value);
      return computed.length ? computed : [unknown];
    };
    const paths = shapes(path, '/\u0000');
    return shapes(host, '\u0000').flatMap((hostShape) => paths.map((pathShape) => `https://${hostShape}${pathShape}`)).slice(0, MAX_VALUES);
  });
}

function isAbsoluteUrl(url: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(url);
}

function joinUrl(base: string, path: string): string {
  if (isAbsoluteUrl(path)) return path;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

// ---------------------------------------------------------------------------------------------------
// Bodies: what a sent expression is made of, and where it asks for the password grant.

function formBodies(index: FileIndex, expression: Node, depth = 0): FormBody[] {
  if (depth > MAX_DEPTH) return [];
  return index.valuesOf(expression).flatMap((value): FormBody[] => {
    if (value.type === 'ObjectExpression') return [{ kind: 'entries', entries: objectEntries(index, value) }];
    if (value.type === 'NewExpression' && isFormBuilder(index, value.callee)) return builderBodies(index, value, depth);
    if (value.type === 'CallExpression') return chainedBuilderBodies(index, value) ?? encodedBodies(index, value, depth);
    if (isStringExpression(value)) return [stringBody(index, value, false, expression)];
    return [];
  });
}

/** `qs.stringify(obj)`, `JSON.stringify(obj)`, `params.toString()`, `String(params)`, `[…].join("&")`. */
function encodedBodies(index: FileIndex, call: TSESTree.CallExpression, depth: number): FormBody[] {
  const callee = call.callee;
  const argument = call.arguments[0];
  if (callee.type === 'MemberExpression' && memberName(callee) === 'toString' && !argument) {
    return formBodies(index, callee.object, depth + 1);
  }
  if (callee.type === 'MemberExpression' && memberName(callee) === 'join' && argument && index.staticOf(argument) === '&') {
    const mapped = mappedPairsOf(callee.object);
    return mapped ? encodedPairs(index, mapped, writesOwnField(callee.object), depth) : joinedBodies(index, callee.object, depth);
  }
  if (!argument || argument.type === 'SpreadElement') return [];
  if (isFormEncoder(index, callee) || isGlobalCall(index, callee, 'String') || isJsonStringify(index, callee)) {
    return formBodies(index, argument, depth + 1);
  }
  const serializer = serializerOf(index, call);
  if (!serializer) return [];
  const bodies = formBodies(index, argument, depth + 1);
  // Fields it writes itself (a second client_id) or a type of its parameter (`grant_type: 'password'`) a rewrite would not see.
  return rewritesThrough(serializer) ? bodies : bodies.map(shownBody);
}

/**
 * The file's own form serializer a call calls (`toForm(obj)`, `this.transformData(obj)`): a function or
 * method that goes through its first parameter's keys (`for (const k in obj)`, `Object.keys(obj)`,
 * `Object.entries(obj)`) and writes `=` and `&`. Its argument is then the body, as `qs.stringify`'s is.
 */
function serializerOf(index: FileIndex, call: TSESTree.CallExpression): TSESTree.FunctionLike | undefined {
  // Asked of every call a value is followed through (`collect`): each call's answer is worked out once
  // per analysis (not across analyses: an edit elsewhere may change the function it calls).
  const serializers = index.context.once(serializerAnswers);
  let known = serializers.get(call);
  if (known === undefined) serializers.set(call, (known = findSerializer(index, call) ?? null));
  return known ?? undefined;
}

const serializerAnswers = (): Map<TSESTree.CallExpression, TSESTree.FunctionLike | null> => new Map();

function findSerializer(index: FileIndex, call: TSESTree.CallExpression): TSESTree.FunctionLike | undefined {
  const callee = call.callee;
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && callee.object.type === 'ThisExpression' ? memberName(callee) : undefined;
  if (!name || !call.arguments[0]) return undefined;
  const candidates = callee.type === 'Identifier' ? (index.functions.get(name) ?? index.facts.assignments.get(name)?.filter(isFunction) ?? []) : methodsNamed(index, name);
  const [fn] = candidates;
  return candidates.length === 1 && isFunction(fn) && enumeratesFirstParameter(fn) ? fn : undefined;
}

/** Each function's answer, worked out once: a value is followed through its calls many times. */
const enumerating = new WeakMap<Node, boolean>();

/** Whether a rewrite of the object a serializer is given is all it takes: it writes no form field of its own, and its parameter is untyped or a loose record. */
function rewritesThrough(serializer: TSESTree.FunctionLike): boolean {
  const parameter = serializer.params[0] as TSESTree.Identifier;
  const type = parameter.typeAnnotation?.typeAnnotation;
  const loose = !type || ['TSAnyKeyword', 'TSUnknownKeyword', 'TSObjectKeyword'].includes(type.type) || (type.type === 'TSTypeReference' && type.typeName.type === 'Identifier' && type.typeName.name === 'Record');
  return loose && !writesOwnField(serializer);
}

function methodsNamed(index: FileIndex, name: string): Node[] {
  return nodesOfType(index.context.program, 'MethodDefinition', 'PropertyDefinition').flatMap((member) =>
    propertyKeyName(member as unknown as TSESTree.Property) === name && member.value && isFunction(member.value) ? [member.value] : [],
  );
}

function enumeratesFirstParameter(fn: TSESTree.FunctionLike): boolean {
  let known = enumerating.get(fn);
  if (known === undefined) enumerating.set(fn, (known = walksFirstParameterKeys(fn)));
  return known;
}

function walksFirstParameterKeys(fn: TSESTree.FunctionLike): boolean {
  const parameter = fn.params[0];
  if (parameter?.type !== 'Identifier' || !stringsOf(fn).some((text) => /[=&]/.test(text))) return false;
  const isParameter = (node: Node | null | undefined): boolean => node?.type === 'Identifier' && node.name === parameter.name;
  let enumerates = false;
  walk(fn, (node) => {
    if (node.type === 'ForInStatement' && isParameter(node.right)) enumerates = true;
    if (isParameter(keysListedOf(node))) enumerates = true;
  });
  return enumerates;
}

function isFormEncoder(index: FileIndex, callee: Node): boolean {
  const imported = index.resolveImport(callee);
  return !!imported && FORM_ENCODERS.some((encoder) => encoder.modules.includes(imported.module) && encoder.exports.includes(imported.name));
}

function isGlobalCall(index: FileIndex, callee: Node, name: string): boolean {
  return callee.type === 'Identifier' && callee.name === name && isUndeclared(index, name);
}

function isJsonStringify(index: FileIndex, callee: Node): boolean {
  return callee.type === 'MemberExpression' && isGlobalCall(index, callee.object, 'JSON') && memberName(callee) === 'stringify';
}

function isFormBuilder(index: FileIndex, callee: Node): boolean {
  const imported = index.resolveImport(callee);
  if (imported) {
    return FORM_BUILDERS.some((builder) => builder.modules.includes(imported.module) && [builder.name, 'default', '*'].includes(imported.name));
  }
  return callee.type === 'Identifier' && FORM_BUILDERS.some((builder) => builder.name === callee.name) && isUndeclared(index, callee.name);
}

function isStringExpression(node: Node): boolean {
  return (
    (node.type === 'Literal' && typeof node.value === 'string') ||
    node.type === 'TemplateLiteral' ||
    (node.type === 'BinaryExpression' && node.operator === '+')
  );
}

function objectEntries(index: FileIndex, object: TSESTree.ObjectExpression, depth = 0): FormEntry[] {
  const container: Container = depth === 0 ? { kind: 'object', node: object } : { kind: 'shown' };
  const written = object.properties.flatMap((property): FormEntry[] => {
    if (property.type === 'Property') {
      return [{ key: propertyKeyName(property), value: property.value, at: property, node: property, container }];
    }
    // A spread's entries count for password sinks, but the body is then not one a fix can rewrite.
    const spread = depth < 2 ? index.valuesOf(property.argument) : [];
    const shown = spread.flatMap((value) => (value.type === 'ObjectExpression' ? objectEntries(index, value, depth + 1) : []));
    return [{ key: undefined, value: undefined, at: property, node: property, container: { kind: 'shown' } }, ...shown];
  });
  return [...written, ...fieldsSetAfter(index, object, depth)];
}

/**
 * The fields the code sets on the object after making it (`body['grant_type'] = 'password'`), through
 * the variable that holds it: entries of the body. One set by a statement of its own, with `=`, in the
 * function that makes the object, a fix rewrites; others are found only.
 */
function fieldsSetAfter(index: FileIndex, object: TSESTree.ObjectExpression, depth: number): FormEntry[] {
  const maker = index.enclosingFunction(object);
  return holderWrites(index, object)
    .filter((write) => write.range[0] > object.range[1])
    .map((write): FormEntry => {
      const key = writtenKey(index, write);
      const statement = index.parentOf(write);
      const own = depth === 0 && write.operator === '=' && key !== undefined && statement?.type === 'ExpressionStatement' && index.enclosingFunction(write) === maker;
      return { key, value: write.operator === '=' ? write.right : undefined, at: write, node: own ? statement : write, container: own ? { kind: 'members' } : { kind: 'shown' } };
    });
}

/** The writes to members of the variable an object literal is made in (`form.x = …` after `const form = { … }`), anywhere in the file. */
function holderWrites(index: FileIndex, object: TSESTree.ObjectExpression): MemberWrite[] {
  const holder = holderOf(index, object);
  if (!holder) return [];
  const binding = bindingOf(index.context, holder);
  return index.memberWrites(holder.name).filter((write) => sameBinding(bindingOf(index.context, write.left.object), binding));
}

/** The variable an object literal is made in (`const form = { … }`). */
function holderOf(index: FileIndex, object: TSESTree.ObjectExpression): TSESTree.Identifier | undefined {
  const declarator = index.parentOf(object);
  return declarator?.type === 'VariableDeclarator' && declarator.init === object && declarator.id.type === 'Identifier' ? declarator.id : undefined;
}

/** The member a write sets, also through a computed key the file shows (`form[GRANT] = …`). */
function writtenKey(index: FileIndex, write: MemberWrite): string | undefined {
  return write.left.computed ? index.staticOf(write.left.property) : memberName(write.left);
}

/** `new URLSearchParams(init)` or `new FormData()`, with what `.append()`/`.set()` add to it. */
function builderBodies(index: FileIndex, built: TSESTree.NewExpression, depth: number): FormBody[] {
  const appended = appendEntries(index, built, depth);
  const init = built.arguments[0];
  if (!init) return [{ kind: 'entries', entries: appended }];
  if (init.type === 'SpreadElement') return [{ kind: 'entries', entries: [unknownEntry(init), ...appended] }];
  return index.valuesOf(init).flatMap((value): FormBody | FormBody[] => {
    // `new URLSearchParams(Object.entries(details))` is `new URLSearchParams(details)`.
    const listed = entriesListedOf(value);
    if (listed) return entryBodiesOf(index, listed, depth).map((body) => ({ kind: 'entries', entries: [...body.entries, ...appended] }));
    // HttpParams' `{ fromObject: {…} }`.
    const fromObject = value.type === 'ObjectExpression' ? findProperty(value, 'fromObject') : undefined;
    if (fromObject?.value.type === 'ObjectExpression') return { kind: 'entries', entries: [...objectEntries(index, fromObject.value).map(shown), ...appended] };
    if (value.type === 'ObjectExpression') return { kind: 'entries', entries: [...objectEntries(index, value), ...appended] };
    if (value.type === 'ArrayExpression') return { kind: 'entries', entries: [...pairEntries(index, value), ...appended] };
    if (isStringExpression(value)) return stringBody(index, value, appended.length > 0);
    return { kind: 'entries', entries: [unknownEntry(value), ...appended] };
  });
}

/**
 * Angular's immutable `new HttpParams().set('grant_type', 'password').set(…)`: each `.set()`/`.append()`
 * of the chain gives the next body. Found, not rewritten: the entries are not statements of their own.
 */
function chainedBuilderBodies(index: FileIndex, call: TSESTree.CallExpression): FormBody[] | undefined {
  const entries: FormEntry[] = [];
  let link: Node = call;
  while (link.type === 'CallExpression' && link.callee.type === 'MemberExpression' && FORM_BUILDER_METHODS.includes(memberName(link.callee) ?? '')) {
    const [name, value] = link.arguments;
    const known = name && value && name.type !== 'SpreadElement' && value.type !== 'SpreadElement';
    // At the entry's own arguments: the call spans the links before it too.
    entries.unshift(known ? { key: index.staticOf(name), value, at: name, node: link, container: { kind: 'shown' } } : unknownEntry(link));
    link = link.callee.object;
  }
  if (link === call || link.type !== 'NewExpression' || !isFormBuilder(index, link.callee)) return undefined;
  const links = new Set(entries.map((entry) => entry.node));
  return builderBodies(index, link, 0).map((body) =>
    body.kind === 'entries' ? { kind: 'entries', entries: [...body.entries.filter((entry) => !links.has(entry.node)).map(shown), ...entries] } : body,
  );
}

function shown(entry: FormEntry): FormEntry {
  return { ...entry, container: { kind: 'shown' } };
}

function unknownEntry(node: Node): FormEntry {
  return { key: undefined, value: undefined, at: node, node, container: { kind: 'shown' } };
}

/** `[["grant_type", "password"], …]` */
function pairEntries(index: FileIndex, array: TSESTree.ArrayExpression): FormEntry[] {
  const container: Container = { kind: 'pairs', node: array };
  return array.elements.map((element): FormEntry => {
    if (element?.type !== 'ArrayExpression' || element.elements.length !== 2) return unknownEntry(element ?? array);
    const [name, value] = element.elements;
    const key = name && name.type !== 'SpreadElement' ? index.staticOf(name) : undefined;
    if (!value || value.type === 'SpreadElement') return unknownEntry(element);
    return { key, value, at: element, node: element, container };
  });
}

function appendEntries(index: FileIndex, built: TSESTree.NewExpression, depth: number): FormEntry[] {
  const loops = index.context.once(keyLoopAppendsOf);
  return index.formBuilderCalls.flatMap((call): FormEntry[] => {
    if (call.callee.type !== 'MemberExpression' || !index.valuesOf(call.callee.object).includes(built)) return [];
    // `for (const k of Object.keys(details)) params.append(k, details[k])` adds the object's entries.
    const loop = loops.find((candidate) => candidate.call === call);
    if (loop) return entryBodiesOf(index, loop.object, depth).flatMap((body) => body.entries);
    const [name, value] = call.arguments;
    if (name.type === 'SpreadElement' || value.type === 'SpreadElement') return [unknownEntry(call)];
    const statement = index.parentOf(call);
    // Only a statement of its own can be replaced or removed by a fix.
    const rewritable = statement?.type === 'ExpressionStatement';
    const container: Container = rewritable ? { kind: 'appends' } : { kind: 'shown' };
    return [{ key: index.staticOf(name), value, at: call, node: rewritable ? statement : call, container }];
  });
}

/**
 * `["grant_type=password", `username=${user}`].join("&")`: found, never rewritten. An array a loop over
 * an object's keys fills with pairs (`for (const k in details) formBody.push(…)`) is that object's body.
 */
function joinedBodies(index: FileIndex, array: Node, depth: number): FormBody[] {
  return index.valuesOf(array).flatMap((value): FormBody[] => {
    if (value.type !== 'ArrayExpression') return [];
    const shape = (element: (typeof value.elements)[number]) => (element && element.type !== 'SpreadElement' ? index.shapeOf(element) : undefined);
    const fields = value.elements.map((element) => shape(element) ?? '\u0000');
    const at = value.elements.find((element, i) => element && GRANT_IN_TEXT.test(fields[i]));
    const pushes = index.context.once(keyLoopPushesOf).filter((push) => index.valuesOf(push.receiver).includes(value));
    return [
      { kind: 'string', root: value, parts: [value], shape: fields.join('&'), at: at ?? value, rewritable: false },
      // Pairs the array starts with are fields a rewrite of the object would not see.
      ...pushes.flatMap((push) => encodedPairs(index, push.object, value.elements.length > 0 || writesOwnField(push.pushed), depth)),
    ];
  });
}

const keyLoopPushesOf = (context: TypeScriptRuleContext): KeyLoopPush[] => keyLoopPushes(context.program);
const keyLoopAppendsOf = (context: TypeScriptRuleContext): KeyLoopAppend[] => keyLoopAppends(context.program, FORM_BUILDER_METHODS);

/** The bodies of entries an object that is listed or looped over holds. */
function entryBodiesOf(index: FileIndex, object: Node, depth: number): EntryBody[] {
  return formBodies(index, object, depth + 1).filter((body): body is EntryBody => body.kind === 'entries');
}

/** The body of an object whose pairs the file encodes itself: rewritable through the object unless the encoding adds fields of its own. */
function encodedPairs(index: FileIndex, object: Node, ownFields: boolean, depth: number): FormBody[] {
  const bodies = formBodies(index, object, depth + 1);
  return ownFields ? bodies.map(shownBody) : bodies;
}

/** A body found, not rewritten. */
function shownBody(body: FormBody): FormBody {
  return body.kind === 'entries' ? { kind: 'entries', entries: body.entries.map(shown) } : body;
}

/** `sent`: where the body is sent, when the file shows it: what is appended after that is not part of it. */
function stringBody(index: FileIndex, root: Node, appended: boolean, sent?: Node): StringBody {
  const grows = [...index.appends].find(([key]) => index.facts.assignments.get(key)?.includes(root));
  const parts = [root, ...(grows ? appendedTo(index, root, grows[0], grows[1], sent) : [])];
  const shape = (index.shapeOf(root) ?? '') + parts.slice(1).map((part) => index.shapeOf(part) ?? '\u0000').join('');
  return { kind: 'string', root, parts, shape, at: firstOf(parts, (part) => grantLiteral(index, part)) ?? root, rewritable: !appended && parts.length === 1 };
}

/**
 * What `+=` adds to the variable `key` after `root` is assigned to it: in the same function (or a
 * callback inside it), up to the variable's next assignment there and the send there, at most
 * MAX_APPENDED_PARTS (a compiled template appends thousands). At the top level, the top level's only.
 */
function appendedTo(index: FileIndex, root: Node, key: string, appends: readonly Node[], sent?: Node): Node[] {
  const fn = index.enclosingFunction(root);
  // A send outside the root's function reads the variable as some other code left it.
  if (sent && fn && !within(sent, fn)) return [];
  const inScope = (node: Node): boolean => node.range[0] > root.range[1] && (fn ? within(node, fn) : index.enclosingFunction(node) === undefined);
  const reassigned = (index.facts.assignments.get(key) ?? []).find(inScope)?.range[0] ?? Infinity;
  const end = Math.min(reassigned, sent && index.enclosingFunction(sent) === fn ? sent.range[0] : Infinity);
  return appends.filter((part) => inScope(part) && part.range[0] < end).slice(0, MAX_APPENDED_PARTS);
}

/** The string literal (or template) that holds `grant_type=password`, if one does. */
function grantLiteral(index: FileIndex, node: Node, depth = 0): Node | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const value = unwrap(node);
  if (value.type === 'Literal' || value.type === 'TemplateLiteral') {
    const own = value.type === 'Literal' ? String(value.value) : value.quasis.map((quasi) => quasi.value.cooked ?? '').join('\u0000');
    return GRANT_IN_TEXT.test(own) ? value : undefined;
  }
  if (value.type === 'BinaryExpression') {
    return value.operator === '+' ? firstOf(operandsOf(value), (operand) => grantLiteral(index, operand, depth)) : undefined;
  }
  if (value.type !== 'Identifier') return undefined;
  return firstOf(index.valuesOf(value), (assigned) => (assigned === value ? undefined : grantLiteral(index, assigned, depth + 1)));
}

const MAX_APPENDED_PARTS = 64;

function firstOf<T, R>(items: readonly T[], find: (item: T) => R | undefined): R | undefined {
  for (const item of items) {
    const found = find(item);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Where a body asks for the password grant; undefined when it does not. */
function grantOf(index: FileIndex, body: FormBody): Node | undefined {
  if (body.kind === 'string') return GRANT_IN_TEXT.test(body.shape) || stringGrants(index, body).includes('password') ? body.at : undefined;
  return body.entries.find((entry) => isPasswordGrant(index, entry))?.at;
}

/** A grant that may be the password grant: a name given `"password"` on one path (`if (…) grant = "password"`) may post it. */
function isPasswordGrant(index: FileIndex, entry: FormEntry): boolean {
  return grantsOf(index, entry).includes('password');
}

/** The grant on every path: what a rewrite to the refresh_token grant may replace. */
function isOnlyPasswordGrant(grants: (string | undefined)[]): boolean {
  return grants.length > 0 && grants.every((grant) => grant === 'password');
}

/** The grants a `grant_type` entry may hold; undefined where a value is not shown. */
function grantsOf(index: FileIndex, entry: FormEntry): (string | undefined)[] {
  if (entry.key !== 'grant_type' || !entry.value) return [];
  return possibleTexts(index, entry.value).map((text) => text?.toLowerCase());
}

/**
 * The grants a string body's `grant_type=` field may hold (`grant_type=${refresh ? "refresh_token" : "password"}`,
 * `(appOnly ? "grant_type=client_credentials" : "grant_type=password") + …`); a path with no such field
 * holds one the file does not show.
 */
function stringGrants(index: FileIndex, body: StringBody): (string | undefined)[] {
  const fields = fieldsOnPaths(index, body, 'grant_type');
  return fields.some((field) => field) ? fields.flatMap((field) => (field ? fieldGrants(index, field) : [undefined])) : [];
}

/** The field `key` of each path of a string body; undefined on a path without it. */
function fieldsOnPaths(index: FileIndex, body: StringBody, key: string): (Token[] | undefined)[] {
  return tokenPaths(index, tokensOf(index.text, body.parts.flatMap(operandsOf))).map((tokens) => fieldsOf(tokens).find((field) => fieldKey(field) === key));
}

function fieldGrants(index: FileIndex, field: Token[]): (string | undefined)[] {
  return fieldTexts(index, field).map((text) => text?.slice('grant_type='.length).toLowerCase());
}

/** The other grants a body's password grant is on other paths (`let grant = "client_credentials"; if (…) grant = "password"`). */
function otherGrants(index: FileIndex, body: FormBody): (string | undefined)[] {
  if (body.kind === 'string') return stringGrants(index, body).filter((grant) => grant !== 'password');
  const entry = body.entries.find((candidate) => isPasswordGrant(index, candidate));
  return entry ? grantsOf(index, entry).filter((grant) => grant !== 'password') : [];
}

/** The expressions that carry the password into a body. */
function credentialValues(index: FileIndex, body: FormBody, key: 'username' | 'password'): Node[] {
  if (body.kind === 'entries') {
    return body.entries.flatMap((entry) => (entry.key === key && entry.value ? [entry.value] : []));
  }
  const values = fieldsOnPaths(index, body, key).flatMap((field) => (field ?? []).flatMap((token) => (token.node ? [unwrapEncoding(token.node)] : [])));
  return [...new Set(values)];
}

function unwrapEncoding(node: Node): Node {
  const value = unwrap(node);
  const encoder = value.type === 'CallExpression' && value.callee.type === 'Identifier' ? value.callee.name : '';
  if (['encodeURIComponent', 'escape', 'String'].includes(encoder) && value.type === 'CallExpression' && value.arguments[0]) {
    return value.arguments[0].type === 'SpreadElement' ? value : unwrapEncoding(value.arguments[0]);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------
// The finding.

/** Where the grant is posted: where every send goes to `<base>/oauth2/token`, unnamed; where one goes to a URL the file shows, shown. */
function targetOf(grant: PasswordGrant): GrantTarget {
  if (toUnnamedEndpoint(grant)) return 'unnamed';
  return toUnshownEndpoint(grant) ? 'unshown' : 'shown';
}

const toUnshownEndpoint = (grant: PasswordGrant): boolean => grant.sends.every((send) => !send.toShownEndpoint);
const toUnnamedEndpoint = (grant: PasswordGrant): boolean => grant.sends.every((send) => send.toUnnamedEndpoint);
const toLoginHost = (grant: PasswordGrant): boolean => grant.sends.every((send) => send.toLoginHost);

function hitFor(index: FileIndex, grant: PasswordGrant): RuleHit {
  const api = grant.sends[0].api;
  const closedCloud = grant.sends.some((send) => send.toClosedCloud);
  const built = closedCloud || grant.postedElsewhere || requestsAzureAdGraph(index, grant.body) || !toLoginHost(grant) ? undefined : secureAppModelFix(index, grant);
  const handedOn = built && firstOf(grant.sends, (send) => responseHandedOn(index, send));
  const guards = settleGuards(index.context, built ? [built] : [], { username: credentialValues(index, grant.body, 'username'), password: credentialValues(index, grant.body, 'password') });
  const fix = guards.fixes[0] && handedOn ? { ...guards.fixes[0], safeForFixAll: false } : guards.fixes[0];
  const credentials = [...credentialValues(index, grant.body, 'username'), ...credentialValues(index, grant.body, 'password')];
  const caller = fixesForCaller(callerCredential(index.context, credentials), fix ? [fix] : []);
  const why = closedCloud ? undefined : whyNoFix(index, grant, fix);
  const unnamed = toUnnamedEndpoint(grant);
  const withheld =
    (closedCloud ? ` ${closedGermanCloudNote('authority')}` : why ? ` (No fix is offered here: ${why}.)` : handedOn ? ` ${handedOnNote(index, handedOn)}` : '') +
    (fix && guards.note ? ` ${guards.note}` : '') +
    (fix && isK6Script(index.context) ? ` ${K6_STORE_NOTE}` : '');
  return {
    message:
      passwordGrantSentences(targetOf(grant), api, signedInToOf(resourceTexts(index, grant.body))) +
      caller.advice(`Post the Secure Application Model refresh_token grant instead.${withheld}`),
    startOffset: grant.at.range[0],
    endOffset: grant.at.range[1],
    related: [
      ...grant.sends.map((send) => ({ message: 'sent to the token endpoint here', ...callRange(send.call) })),
      ...credentialsSent(grant.body),
      ...(fix ? clientGivingWay(index, grant.body) : []),
      ...(fix ? guards.related : []),
      ...caller.related,
    ],
    fixes: caller.fixes,
    ...(unnamed ? { severity: 'warning' as const } : {}),
    signsInAs: credentialValues(index, grant.body, 'username').flatMap((user) => accountsOf(index.context, user) ?? []),
  };
}

const K6_STORE_NOTE =
  'A k6 script cannot store the new refresh token each answer carries: redeem the refresh token and store the new one outside k6 as well (before each run), or the consent lapses after 90 days without use.';

/** Where the code hands the token response on whole (returns it, passes it to a call, keeps it). */
function responseHandedOn(index: FileIndex, send: Send): Node | undefined {
  const binding = responseBindingOf(index, send);
  const around: CodeAround = { parentOf: (node) => index.parentOf(node), checksWithFunctions: (call) => isK6Check(index, call) };
  return binding ? wholeResponseHandedOn(binding, around) : requestHandedOn(send.call, around);
}

/** k6's `check(value, { name: (v) => … })`, which passes the value only to the functions it is given. */
function isK6Check(index: FileIndex, call: TSESTree.CallExpression): boolean {
  const imported = index.context.facts.resolveImport(call.callee);
  return imported?.module === 'k6' && imported.name === 'check';
}

function responseBindingOf(index: FileIndex, send: Send): ResponseBinding | undefined {
  const property = send.sender.parsedResponse;
  const climbed = climbToBinding(index, send.call);
  if (climbed) {
    const { declarator, parsed } = climbed;
    const scope = index.enclosingFunction(declarator) ?? index.context.program;
    if (declarator.id.type === 'Identifier' && (parsed || property)) return { scope, name: declarator.id.name, parsed: parsed ? undefined : property };
    const bound = declarator.id.type === 'ObjectPattern' && property && property !== 'json()' ? boundProperty(declarator.id, property) : undefined;
    return bound ? { scope, name: bound } : undefined;
  }
  const callback = thenCallbackOf(index, send.call);
  const parameter = callback?.params.find((p) => !(p.type === 'Identifier' && p.name === 'this'));
  if (!callback || !property) return undefined;
  if (parameter?.type === 'Identifier') return { scope: callback.body, name: parameter.name, parsed: property };
  // `.then(({ data }) => …)`.
  const destructured = parameter?.type === 'ObjectPattern' && property !== 'json()' ? boundProperty(parameter, property) : undefined;
  return destructured ? { scope: callback.body, name: destructured } : undefined;
}

/** The name `{ data }` (or `{ data: tokens }`) binds a property to. */
function boundProperty(pattern: TSESTree.ObjectPattern, property: string): string | undefined {
  const bound = pattern.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyKeyName(p) === property);
  return bound?.value.type === 'Identifier' ? bound.value.name : undefined;
}

function handedOnNote(index: FileIndex, at: Node): string {
  return (
    `The code hands the token response on whole at line ${lineNumberAt(index.text, at.range[0])} (returns it, passes it to a call, or keeps it): after the fix ` +
    "it carries the Secure Application Model refresh token, the partner's lasting access. fix-all leaves this request to you: " +
    'hand on only the access token, then apply the fix.'
  );
}

/** Why the finding has no fix of its own (the caller's credentials aside); undefined when it has one. */
function whyNoFix(index: FileIndex, grant: PasswordGrant, fix: Fix | undefined): string | undefined {
  if (toUnshownEndpoint(grant)) return "the file does not show the URL it is posted to, so a fix cannot tell that the new body goes to Entra ID's token endpoint: rewrite the request by hand";
  if (grant.postedElsewhere) {
    const holder = index.enclosingFunction(grant.at);
    return (
      'the same body is also posted to a URL that is not a token endpoint, or one the file does not ' +
      `show${holder ? ` (it is written in ${functionName(index, holder)})` : ''}, and a fix would change that request too: pass the ` +
      'body in from the call that posts it to the token endpoint'
    );
  }
  const browser = grant.sends.find((send) => send.sender.inBrowser);
  if (browser) {
    return (
      `${browser.api} runs in the browser, where the app's secret and refresh token must not go; ` +
      `redeem the refresh token ${browser.sender.redeemIn ?? 'on a server, and hand the page only the access token'}`
    );
  }
  if (requestsAzureAdGraph(index, grant.body)) return AZURE_AD_GRAPH_RETIRED;
  if (!toLoginHost(grant)) {
    return (
      "the file does not show the host of the URL it is posted to, nor that it is one of Microsoft's login hosts, so a fix cannot tell that the new " +
      "body, with the app's secret and the partner's refresh token, goes to Entra ID's token endpoint: rewrite the request by hand"
    );
  }
  if (fix) return undefined;
  if (runsInBrowser(index.context)) {
    return "the file runs in a browser (it uses JSX, a front-end framework or what only a page has, such as document or localStorage), where the app's secret and refresh token must not go: redeem the refresh token on a server";
  }
  if (signsInWithAssertion(index, grant.body)) return SIGNS_IN_WITH_CLIENT_ASSERTION;
  if (postsRefreshToken(index, grant.body)) return ALREADY_POSTS_REFRESH_TOKEN;
  const others = otherGrants(index, grant.body);
  if (others.length > 0) {
    // Only a grant's name is quoted: the value is the file's.
    const named = [...new Set(others)].map((other) => (other && /^[\w:.-]{1,80}$/.test(other) ? `"${other}"` : 'a value the file does not show'));
    return (
      `the grant_type is the password grant on some paths only (it is also ${named.join(' or ')}), ` +
      'and a rewrite of the body would change the other paths\' request too: write the password grant\'s request on its own, then apply the fix'
    );
  }
  if (grant.body.kind === 'string' && !grant.body.rewritable) {
    return 'the body is built in steps (with +=, .append() or a join), which a rewrite of one expression would miss: write it as one expression, or rewrite it by hand';
  }
  if (grant.body.kind === 'entries' && setLaterOnItsObject(index, grant.body)) {
    return (
      "the code sets the grant, the client or the credentials on the body's object more than once, or where a rewrite of the body " +
      'would miss it (form.client_id = … in a callback, with +=, before the object is made): set each once, in the object or in a statement of its own after it'
    );
  }
  const poster = postedFromFunction(index, grant);
  if (poster) {
    const name = functionName(index, poster);
    return (
      `the body is written once, at the top level of the module, and posted from ${name}: rewritten there, it would read the refresh ` +
      `token once, as the module loads, and never the rotated one each answer carries: write the body in ${name}, then apply the fix`
    );
  }
  if (!secretsReadableAt(index, grant.at)) {
    return index.enclosingFunction(grant.at)
      ? "the new body reads the app's secrets with await, which the function that writes it cannot use: make that function async, then apply the fix"
      : "the new body reads the app's secrets with await, which the top level of a CommonJS module cannot use, and import statements do not make a file an ES module (TypeScript may compile them to CommonJS): write the request in an async function, then apply the fix";
  }
  return 'the body is not written in a form the rewrite knows; rewrite it by hand';
}

/** Where the body carries the username and the password (what the fix replaces), or the whole string body. */
function credentialsSent(body: FormBody): { message: string; startOffset: number; endOffset: number }[] {
  if (body.kind === 'string') return [{ message: 'the credentials are in this body', startOffset: body.root.range[0], endOffset: body.root.range[1] }];
  return body.entries
    .filter((entry) => CREDENTIAL_KEYS.has(entry.key ?? ''))
    .map((entry) => ({ message: `the ${entry.key} is sent here`, startOffset: entry.node.range[0], endOffset: entry.node.range[1] }));
}

/** The client the fix replaces with the SAM app (see `samClientEdit`), in a body of entries. */
function clientGivingWay(index: FileIndex, body: FormBody): { message: string; startOffset: number; endOffset: number }[] {
  const entry = body.kind === 'entries' ? clientToReplace(index, body) : undefined;
  if (!entry) return [];
  const message = "the request's client: the refresh token is redeemed by the Secure Application Model's app, so its id goes here";
  return [{ message, startOffset: entry.node.range[0], endOffset: entry.node.range[1] }];
}

function callRange(call: TSESTree.CallExpression): { startOffset: number; endOffset: number } {
  const start = call.callee.type === 'MemberExpression' ? call.callee.property.range[0] : call.range[0];
  return { startOffset: start, endOffset: call.range[1] };
}

// ---------------------------------------------------------------------------------------------------
// The fix: the same request, as the Secure Application Model refresh_token grant.

interface NewEntry {
  key: string;
  /** Source text of the value. */
  value: string;
}

/** The source text of an expression that reads a secret (`await readMfaReadySecret("APP_ID")`). */
type ReadSecret = (name: SecretName) => string;

/** Whether the new body can read the secrets where it is written: with await, or k6's reader, which needs none. */
function secretsReadableAt(index: FileIndex, node: Node): boolean {
  return !readsSecretsWithAwait(index.context) || awaitAllowedAt(index.context, node);
}

function secureAppModelFix(index: FileIndex, grant: PasswordGrant): Fix | undefined {
  // The app secret and the partner's refresh token must never be shipped to a browser.
  if (runsInBrowser(index.context) || grant.sends.some((send) => send.sender.inBrowser)) return undefined;
  const secrets = planSecretAccess(index.context);
  const read: ReadSecret = (name) => inStyle(index, secrets.read(name));
  if (postedFromFunction(index, grant)) return undefined;
  const body = grant.body.kind === 'string' ? rewriteString(index, grant.body, read) : rewriteEntries(index, grant.body, read);
  if (!body) return undefined;
  const storing = grant.sends.map((send) => storeBack(index, send));
  const typed = index.context.style().typed;
  const helper = storing.some((edits) => edits.usesHelper)
    ? planHelperFunction(index.context, STORE_HELPER, storeHelperTemplate(secrets, typed))
    : [];
  return {
    title: 'Use the Secure Application Model (refresh_token grant at the same endpoint)',
    safeForFixAll: true,
    // `secrets.edits` is read last: it adds the store function only once the code uses it.
    edits: [...body, ...distinctInsertions(storing.flatMap((edits) => edits.edits)), ...secrets.edits, ...helper],
  };
}

/**
 * The function that posts a body written at the module's top level. The module writes the body once, as
 * it loads, and the function may post it many times: a fix there would read the refresh token once.
 */
function postedFromFunction(index: FileIndex, grant: PasswordGrant): Node | undefined {
  return index.enclosingFunction(grant.at) ? undefined : firstOf(grant.sends, (send) => index.enclosingFunction(send.call));
}

/** One insertion per place: two sends in one statement need one comment. */
function distinctInsertions(edits: TextEdit[]): TextEdit[] {
  return edits.filter((edit, i) => edits.findIndex((other) => other.startOffset === edit.startOffset) === i);
}

function inStyle(index: FileIndex, code: string): string {
  return renderInStyle(code, index.context.style());
}

/** The new entries, grouped by the credential entries they take the place of (username first, then password). */
function newEntryGroups(slots: number, has: (key: string) => boolean, read: ReadSecret): NewEntry[][] {
  const clientId = has('client_id') ? [] : [{ key: 'client_id', value: read('APP_ID') }];
  const refreshToken = [{ key: 'refresh_token', value: read('REFRESH_TOKEN') }];
  const clientSecret = has('client_secret') ? [] : [{ key: 'client_secret', value: read('APP_SECRET') }];
  return slots === 2 ? [[...clientId, ...refreshToken], clientSecret] : [[...clientId, ...refreshToken, ...clientSecret]];
}

/**
 * Whether the code sets an entry the rewrite writes on the body's object where a rewrite would miss it or
 * be undone by it: twice (`form.client_id = …` over the literal's), in a callback, with `+=`, before the
 * object is made.
 */
function setLaterOnItsObject(index: FileIndex, body: EntryBody): boolean {
  const rewritten = body.entries.filter((entry) => entry.key && REWRITTEN_KEYS.includes(entry.key));
  if (new Set(rewritten.map((entry) => entry.key)).size < rewritten.length) return true;
  if (rewritten.some((entry) => entry.container.kind === 'shown' && entry.at.type === 'AssignmentExpression')) return true;
  const object = body.entries.map((entry) => entry.container).find((container) => container.kind === 'object');
  const own = new Set(body.entries.map((entry) => entry.at));
  const writes = object?.kind === 'object' ? holderWrites(index, object.node) : [];
  return writes.some((write) => !own.has(write) && REWRITTEN_KEYS.includes(writtenKey(index, write) ?? ''));
}

const REWRITTEN_KEYS = ['grant_type', 'username', 'password', 'client_id', 'client_secret', 'refresh_token'];

// --- entry bodies: objects, pairs, .append() ---

/** The body signs its app in with a client assertion (a certificate's), which a secret cannot join. */
function signsInWithAssertion(index: FileIndex, body: FormBody): boolean {
  return keysOf(index, body).includes('client_assertion');
}

/** A `resource` or `scope` naming Azure AD Graph: in a body's entries, or anywhere in a string body. */
function requestsAzureAdGraph(index: FileIndex, body: FormBody): boolean {
  return resourceTexts(index, body).some(namesAzureAdGraph);
}

/**
 * The body's resource and scope (a string body whole), as their shapes and as written: a value the shape
 * cannot follow (`encodeURIComponent("https://graph.windows.net")`) still names its resource.
 */
function resourceTexts(index: FileIndex, body: FormBody): string[] {
  const values = body.kind === 'string' ? [body.root] : body.entries.filter((entry) => entry.key === 'resource' || entry.key === 'scope').flatMap((entry) => entry.value ?? []);
  return values.flatMap((value) => [index.shapeOf(value) ?? '', index.text.slice(...value.range)]);
}

/** The body posts a refresh_token beside the password: the fix's would be a second key (an error in an object literal). */
function postsRefreshToken(index: FileIndex, body: FormBody): boolean {
  return keysOf(index, body).includes('refresh_token');
}

function keysOf(index: FileIndex, body: FormBody): (string | undefined)[] {
  return body.kind === 'string' ? fieldsOf(tokensOf(index.text, operandsOf(body.root))).map(fieldKey) : body.entries.map((entry) => entry.key);
}

function rewriteEntries(index: FileIndex, body: EntryBody, read: ReadSecret): TextEdit[] | undefined {
  if (body.entries.some((entry) => entry.key === undefined || entry.container.kind === 'shown')) return undefined;
  if (signsInWithAssertion(index, body) || postsRefreshToken(index, body)) return undefined;
  if (setLaterOnItsObject(index, body)) return undefined;
  const grant = body.entries.find((entry) => isOnlyPasswordGrant(grantsOf(index, entry)));
  const slots = body.entries.filter((entry) => CREDENTIAL_KEYS.has(entry.key!));
  if (!grant || slots.length > 2 || !slots.some((slot) => slot.key === 'password')) return undefined;
  if (!slots.every((slot) => secretsReadableAt(index, slot.node))) return undefined;
  const groups = newEntryGroups(slots.length, (key) => body.entries.some((entry) => entry.key === key), read);
  return [
    grantValueEdit(index, grant),
    ...samClientEdit(index, body, read),
    ...slots.flatMap((slot, i) => (groups[i].length > 0 ? replaceEntry(index, slot, groups[i]) : removeEntry(index, slot))),
  ];
}

/**
 * The refresh token and the secret the fix reads are the SAM app's, and Entra ID redeems a refresh
 * token only for the client it was issued to: the app's id replaces the body's client, a borrowed
 * Microsoft public client (Azure CLI, Azure PowerShell) or the file's own public client. A client that
 * sends its own secret stays, with its secret.
 */
function samClientEdit(index: FileIndex, body: EntryBody, read: ReadSecret): TextEdit[] {
  const entry = clientToReplace(index, body);
  const value = entry?.value;
  if (!entry || !value) return [];
  if (entry.node.type === 'Property' && entry.node.shorthand) {
    return [{ startOffset: entry.node.range[0], endOffset: entry.node.range[1], newText: `client_id: ${read('APP_ID')}` }];
  }
  return [{ startOffset: value.range[0], endOffset: value.range[1], newText: read('APP_ID') }];
}

/** The body's `client_id` entry, where the SAM app's id takes its place. */
function clientToReplace(index: FileIndex, body: EntryBody): FormEntry | undefined {
  const entry = body.entries.find((candidate) => candidate.key === 'client_id');
  const sendsSecret = body.entries.some((candidate) => candidate.key === 'client_secret');
  return entry?.value && replacesClient(sendsSecret, index.shapeOf(entry.value)) ? entry : undefined;
}

/** Whether the body's client gives way to the SAM app (see `samClientEdit`); `id`: the client id, where the file shows it. */
function replacesClient(sendsSecret: boolean, id: string | undefined): boolean {
  return !sendsSecret || (id !== undefined && FIRST_PARTY_CLIENT_IDS.has(id.toLowerCase()));
}

function grantValueEdit(index: FileIndex, grant: FormEntry): TextEdit {
  const value = grant.value!;
  const quote = index.context.style().quote;
  if (grant.node.type === 'Property' && grant.node.shorthand) {
    return { startOffset: grant.node.range[0], endOffset: grant.node.range[1], newText: `grant_type: ${quote}refresh_token${quote}` };
  }
  const own = value.type === 'Literal' || value.type === 'TemplateLiteral' ? index.text[value.range[0]] : quote;
  return { startOffset: value.range[0], endOffset: value.range[1], newText: `${own}refresh_token${own}` };
}

function replaceEntry(index: FileIndex, slot: FormEntry, entries: NewEntry[]): TextEdit[] {
  const text = index.text;
  const indent = indentationAt(text, slot.node.range[0]);
  const eol = index.context.style().eol;
  const separator =
    slot.container.kind === 'appends' || slot.container.kind === 'members' ? `${eol}${indent}` : startsLine(text, slot.node.range[0]) ? `,${eol}${indent}` : ', ';
  const newText = entries.map((entry) => renderEntry(index, slot, entry)).join(separator);
  return [{ startOffset: slot.node.range[0], endOffset: slot.node.range[1], newText }, ...trailingCommentRemoval(text, slot.node)];
}

/** A comment after the entry on its line describes the credential the entry held: it goes too. */
function trailingCommentRemoval(text: string, node: Node): TextEdit[] {
  const rest = /^((?:[ \t]*,)?)([ \t]*\/\/[^\r\n\u2028\u2029]*)/.exec(text.slice(node.range[1]));
  if (!rest) return [];
  const start = node.range[1] + rest[1].length;
  return [{ startOffset: start, endOffset: start + rest[2].length, newText: '' }];
}

function renderEntry(index: FileIndex, slot: FormEntry, entry: NewEntry): string {
  const keyNode = slotKeyNode(slot);
  const quote = keyNode?.type === 'Literal' ? index.text[keyNode.range[0]] : index.context.style().quote;
  const quoted = `${quote}${entry.key}${quote}`;
  if (slot.container.kind === 'object') return `${keyNode?.type === 'Literal' ? quoted : entry.key}: ${entry.value}`;
  if (slot.container.kind === 'pairs') return `[${quoted}, ${entry.value}]`;
  const semicolon = index.text[slot.node.range[1] - 1] === ';' ? ';' : '';
  if (slot.container.kind === 'members') {
    const member = (slot.at as MemberWrite).left;
    const receiver = index.text.slice(...member.object.range);
    return `${receiver}${member.computed ? `[${quoted}]` : `.${entry.key}`} = ${entry.value}${semicolon}`;
  }
  const call = slot.at as TSESTree.CallExpression;
  const callee = call.callee as TSESTree.MemberExpression;
  const receiver = index.text.slice(callee.object.range[0], callee.object.range[1]);
  return `${receiver}.${memberName(callee)}(${quoted}, ${entry.value})${semicolon}`;
}

function slotKeyNode(slot: FormEntry): Node | undefined {
  if (slot.node.type === 'Property') return slot.node.key;
  if (slot.node.type === 'ArrayExpression') return slot.node.elements[0] ?? undefined;
  if (slot.container.kind === 'members') return (slot.at as MemberWrite).left.property;
  return slot.at.type === 'CallExpression' ? slot.at.arguments[0] : undefined;
}

function removeEntry(index: FileIndex, slot: FormEntry): TextEdit[] {
  if (slot.container.kind === 'object') return removeListItem(index.text, slot.container.node.properties, slot.node);
  if (slot.container.kind === 'pairs') return removeListItem(index.text, slot.container.node.elements, slot.node);
  return removeStatement(index.text, slot.node);
}

/** Removes an item of a comma-separated list, with its line when it has one of its own. */
function removeListItem(text: string, items: readonly (Node | null)[], item: Node): TextEdit[] {
  const position = items.indexOf(item);
  const previous = position > 0 ? items[position - 1] : null;
  const next = items[position + 1];
  // U+2028 and U+2029 end a line (and a // comment) in JavaScript too.
  const rest = /^[ \t]*(,)?[ \t]*(?:\/\/[^\r\n\u2028\u2029]*)?(?:\r\n|[\n\r\u2028\u2029])/.exec(text.slice(item.range[1]));
  if (rest && startsLine(text, item.range[0])) {
    const edits: TextEdit[] = [{ startOffset: lineStart(text, item.range[0]), endOffset: item.range[1] + rest[0].length, newText: '' }];
    const comma = previous && !rest[1] && !next ? commaAfter(text, previous.range[1]) : undefined;
    if (comma !== undefined) edits.push({ startOffset: comma, endOffset: comma + 1, newText: '' });
    return edits;
  }
  if (previous) return [{ startOffset: previous.range[1], endOffset: item.range[1], newText: '' }];
  return next ? [{ startOffset: item.range[0], endOffset: next.range[0], newText: '' }] : [];
}

function removeStatement(text: string, statement: Node): TextEdit[] {
  // U+2028 and U+2029 end a line (and a // comment) in JavaScript too.
  const rest = /^[ \t]*(?:\/\/[^\r\n\u2028\u2029]*)?(?:\r\n|[\n\r\u2028\u2029])/.exec(text.slice(statement.range[1]));
  if (rest && startsLine(text, statement.range[0])) {
    return [{ startOffset: lineStart(text, statement.range[0]), endOffset: statement.range[1] + rest[0].length, newText: '' }];
  }
  return [{ startOffset: statement.range[0], endOffset: statement.range[1], newText: '' }];
}

function lineStart(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && !/[\n\r\u2028\u2029]/.test(text[start - 1])) start--;
  return start;
}

function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

function commaAfter(text: string, offset: number): number | undefined {
  const match = /^\s*,/.exec(text.slice(offset));
  return match ? offset + match[0].length - 1 : undefined;
}

// --- string bodies: "grant_type=password&…", `…${x}…`, "…" + x + "…" ---

/** A piece of a string body: static text (as written between the quotes), an interpolated value, or a `&`. */
interface Token {
  operand: number;
  text: string;
  /** The expression of an interpolated value; absent for static text and for new values. */
  node?: Node;
  dynamic?: boolean;
  ampersand?: boolean;
}

function operandsOf(root: Node): Node[] {
  return root.type === 'BinaryExpression' && root.operator === '+' ? [...operandsOf(root.left), root.right] : [root];
}

function tokensOf(text: string, operands: Node[]): Token[] {
  return operands.flatMap((operand, i): Token[] => {
    if (operand.type === 'Literal' && typeof operand.value === 'string') {
      return staticTokens(i, text.slice(operand.range[0] + 1, operand.range[1] - 1));
    }
    if (operand.type !== 'TemplateLiteral') return [dynamicToken(text, i, operand)];
    return operand.quasis.flatMap((quasi, q) => {
      const expression = operand.expressions[q];
      return [...staticTokens(i, quasi.value.raw), ...(expression ? [dynamicToken(text, i, expression)] : [])];
    });
  });
}

function staticTokens(operand: number, raw: string): Token[] {
  return raw.split('&').flatMap((part, i): Token[] => [
    ...(i > 0 ? [{ operand, text: '&', ampersand: true }] : []),
    ...(part ? [{ operand, text: part }] : []),
  ]);
}

function dynamicToken(text: string, operand: number, node: Node): Token {
  return { operand, text: text.slice(node.range[0], node.range[1]), node, dynamic: true };
}

/** The tokens of each `name=value` field, split at the `&` between them (which are left out). */
function fieldsOf(tokens: Token[]): Token[][] {
  const fields: Token[][] = [[]];
  for (const token of tokens) {
    if (token.ampersand) fields.push([]);
    else fields[fields.length - 1].push(token);
  }
  return fields;
}

function fieldKey(field: Token[]): string | undefined {
  const first = field[0];
  return first && !first.dynamic && first.text.includes('=') ? first.text.slice(0, first.text.indexOf('=')) : undefined;
}

function rewriteString(index: FileIndex, body: StringBody, read: ReadSecret): TextEdit[] | undefined {
  const operands = operandsOf(body.root);
  if (!body.rewritable || !isPlainConcatenation(index.text, body.root, operands) || !secretsReadableAt(index, body.root)) return undefined;
  const tokens = tokensOf(index.text, operands);
  const fields = fieldsOf(tokens);
  const keys = fields.map(fieldKey);
  const grant = keys.indexOf('grant_type');
  const slots = keys.flatMap((key, i) => (CREDENTIAL_KEYS.has(key ?? '') ? [i] : []));
  if (keys.includes(undefined) || keys.includes('client_assertion') || keys.includes('refresh_token') || grant < 0) return undefined;
  if (!isOnlyPasswordGrant(fieldGrants(index, fields[grant]))) return undefined;
  if (slots.length > 2 || !slots.some((slot) => keys[slot] === 'password')) return undefined;
  const groups = newEntryGroups(slots.length, (key) => keys.includes(key), read);
  const client = keys.indexOf('client_id');
  const clientId = client < 0 ? undefined : fields[client].map((token) => token.text).join('').slice('client_id='.length);
  const samClient = client >= 0 && replacesClient(keys.includes('client_secret'), fields[client].some((token) => token.dynamic) ? undefined : clientId);
  const replaced = fields.map((field, i): Token[] | undefined => {
    if (i === grant) return [{ operand: field[0].operand, text: `${keys[i]}=refresh_token` }];
    if (i === client && samClient) return newFieldTokens(field[0].operand, [{ key: 'client_id', value: read('APP_ID') }]);
    const slot = slots.indexOf(i);
    if (slot < 0) return field;
    return groups[slot].length > 0 ? newFieldTokens(field[0].operand, groups[slot]) : undefined;
  });
  const newTokens = joinFields(replaced, tokens);
  return [{ startOffset: body.root.range[0], endOffset: body.root.range[1], newText: renderString(index, operands, newTokens) }];
}

/**
 * The texts a field may have on each path, with the values it interpolates followed (`grant_type=${GRANT}`,
 * `grant_type=${refresh ? "refresh_token" : "password"}`, `settings.grantType` of settings the file only
 * reads); undefined where one is not shown. At most MAX_VALUES.
 */
function fieldTexts(index: FileIndex, field: Token[]): (string | undefined)[] {
  return field.reduce<(string | undefined)[]>(
    (texts, token) =>
      texts.flatMap((text) => tokenTexts(index, token).map((part) => (text === undefined || part === undefined ? undefined : text + part))).slice(0, MAX_VALUES),
    [''],
  );
}

function tokenTexts(index: FileIndex, token: Token): (string | undefined)[] {
  return token.node ? possibleTexts(index, unwrapEncoding(token.node)) : [token.text];
}

/** The texts a value may hold; a member the code may change unseen (`settings.grantType`) also one the file does not show. */
function possibleTexts(index: FileIndex, node: Node): (string | undefined)[] {
  const texts = index.valuesOf(node).map((value) => index.staticOf(value));
  return unsettledMember(index, node) ? [...texts, undefined] : texts;
}

/**
 * `settings.grantType` where the code may change `settings` after its literal in a way its values do not
 * show (`Object.assign(settings, …)`); `settings.grantType = "client_credentials"` is one of its values.
 */
function unsettledMember(index: FileIndex, node: Node): boolean {
  const value = unwrap(node);
  if (value.type !== 'MemberExpression' || value.object.type !== 'Identifier') return false;
  return new ObjectValues(index.context).of(value.object).length > 0 && !onlyReadsMembers(index.context, value.object, (use) => isShownMemberWrite(index, use));
}

/** `settings.grantType = …`: a write `propertyValues` reads as one of the member's values. */
function isShownMemberWrite(index: FileIndex, member: Node): boolean {
  const write = index.parentOf(member);
  return member.type === 'MemberExpression' && !!memberName(member) && write?.type === 'AssignmentExpression' && write.operator === '=' && write.left === member;
}

/**
 * The tokens a string body may be on each path: a value of which some value writes fields of its own
 * (`(appOnly ? "grant_type=client_credentials" : "grant_type=password") + …`,
 * `&${appOnly ? `grant_type=client_credentials` : `grant_type=password&username=${u}`}`) is read as each
 * of its values' tokens. At most MAX_VALUES paths.
 */
function tokenPaths(index: FileIndex, tokens: Token[], depth = 0): Token[][] {
  return tokens.reduce<Token[][]>(
    (paths, token) => {
      const values = depth < MAX_DEPTH ? valuesWritingFields(index, token) : undefined;
      const options = values
        ? values.flatMap((value) => (value === unwrap(token.node!) ? [[token]] : tokenPaths(index, tokensOf(index.text, operandsOf(value)), depth + 1)))
        : [[token]];
      return paths.flatMap((path) => options.map((option) => [...path, ...option])).slice(0, MAX_VALUES);
    },
    [[]],
  );
}

/** The values an interpolated value may take, where one of them writes fields of its own. */
function valuesWritingFields(index: FileIndex, token: Token): Node[] | undefined {
  if (!token.node) return undefined;
  const values = index.valuesOf(token.node);
  return values.some((value) => value !== unwrap(token.node!) && writesFields(index, value)) ? values : undefined;
}

/** Text (a literal, a template or a `+` of them) with a `&` or a `name=` of its own. */
function writesFields(index: FileIndex, value: Node): boolean {
  return tokensOf(index.text, operandsOf(value)).some((part) => part.ampersand || (!part.dynamic && part.text.includes('=')));
}

/** Literals, templates and other operands joined by `+` alone: no parentheses, no comments in between. */
function isPlainConcatenation(text: string, root: Node, operands: Node[]): boolean {
  if (operands[0].range[0] !== root.range[0] || operands[operands.length - 1].range[1] !== root.range[1]) return false;
  return operands.every((operand, i) => i === 0 || /^\s*\+\s*$/.test(text.slice(operands[i - 1].range[1], operand.range[0])));
}

function newFieldTokens(operand: number, entries: NewEntry[]): Token[] {
  return entries.flatMap((entry, i): Token[] => [
    ...(i > 0 ? [{ operand, text: '&', ampersand: true }] : []),
    { operand, text: `${entry.key}=` },
    { operand, text: `encodeURIComponent(${entry.value})`, dynamic: true },
  ]);
}

/** The fields joined again by the original `&` tokens; a removed field takes one of its neighbouring `&` with it. */
function joinFields(fields: (Token[] | undefined)[], tokens: Token[]): Token[] {
  const ampersands = tokens.filter((token) => token.ampersand);
  const result: Token[] = [];
  fields.forEach((field, i) => {
    if (!field) return;
    if (result.length > 0) result.push(ampersands[i - 1]);
    result.push(...field);
  });
  return result;
}

function renderString(index: FileIndex, operands: Node[], tokens: Token[]): string {
  const text = index.text;
  let result = '';
  operands.forEach((operand, i) => {
    const own = tokens.filter((token) => token.operand === i);
    if (own.length === 0) return;
    // An operand that is kept keeps the `+` (and line break) written before it.
    if (result) result += text.slice(operands[i - 1].range[1], operand.range[0]);
    result += renderOperand(index, operand, own, operands.length === 1);
  });
  return result;
}

function renderOperand(index: FileIndex, operand: Node, tokens: Token[], alone: boolean): string {
  const text = index.text;
  const isLiteral = operand.type === 'Literal';
  if (operand.type !== 'TemplateLiteral' && !isLiteral) return text.slice(operand.range[0], operand.range[1]);
  const quote = text[operand.range[0]];
  if (isLiteral && tokens.every((token) => !token.dynamic)) return `${quote}${tokens.map((token) => token.text).join('')}${quote}`;
  if (operand.type === 'TemplateLiteral' || alone) {
    const escape = (raw: string) => (isLiteral ? raw.replace(/`/g, '\\`').replace(/\$\{/g, '\\${') : raw);
    return `\`${tokens.map((token) => (token.dynamic ? `\${${token.text}}` : escape(token.text))).join('')}\``;
  }
  // A literal in a `+` chain that now holds a value: literal + value + literal.
  const parts: string[] = [];
  let literal = '';
  for (const token of tokens) {
    if (!token.dynamic) literal += token.text;
    else {
      if (literal) parts.push(`${quote}${literal}${quote}`);
      parts.push(token.text);
      literal = '';
    }
  }
  if (literal) parts.push(`${quote}${literal}${quote}`);
  return parts.join(' + ');
}

// ---------------------------------------------------------------------------------------------------
// Storing the rotated refresh token back.

interface StoreEdits {
  edits: TextEdit[];
  usesHelper: boolean;
}

/**
 * After the statement that reads the token response as JSON, stores the new refresh token it carries;
 * where the code reads the response in a way not recognised here, a comment says to do so.
 */
function storeBack(index: FileIndex, send: Send): StoreEdits {
  const style = index.context.style();
  const k6 = isK6Script(index.context);
  const response = k6 ? undefined : tokenResponse(index, send);
  if (response) {
    const indent = indentationAt(index.text, response.statement.range[0]);
    const newText = `${style.eol}${indent}await ${STORE_HELPER}(${response.value})${style.semicolons ? ';' : ''}`;
    return { edits: [{ startOffset: response.statement.range[1], endOffset: response.statement.range[1], newText }], usesHelper: true };
  }
  const inCallback = k6 ? undefined : storeInThenCallback(index, send);
  if (inCallback) return { edits: inCallback, usesHelper: true };
  const statement = enclosingStatement(index, send.call);
  if (!statement || !startsLine(index.text, statement.range[0])) return { edits: [], usesHelper: false };
  const indent = indentationAt(index.text, statement.range[0]);
  const comment = k6
    ? '// The token response carries a new refresh_token, which a k6 script cannot store: redeem and store it' +
      `${style.eol}${indent}// outside k6 as well, or the consent lapses after 90 days without use.`
    : '// The token response carries a new refresh_token: store it back for the next run, or the consent' +
      `${style.eol}${indent}// lapses after 90 days without use.`;
  const at = lineStart(index.text, statement.range[0]);
  return { edits: [{ startOffset: at, endOffset: at, newText: `${indent}${comment}${style.eol}` }], usesHelper: false };
}

/**
 * `axios(config).then((r) => { … })`: the callback that receives the response stores the new refresh token
 * first (made async for it, which `.then` waits for as it did for its value). Where the response is
 * parsed later (fetch's `.json()`), or the callback is written otherwise, undefined.
 */
function storeInThenCallback(index: FileIndex, send: Send): TextEdit[] | undefined {
  const property = send.sender.parsedResponse;
  const callback = thenCallbackOf(index, send.call);
  // TypeScript's `this` parameter (`function (this: Client, r)`) is no argument.
  const parameter = callback?.params.find((p) => !(p.type === 'Identifier' && p.name === 'this'));
  if (!callback || !property || property === 'json()' || parameter?.type !== 'Identifier') return undefined;
  // An async function's return type must be a Promise: `(r): string =>` is left to the comment; so is a
  // generic one (`<T,>(r: T) =>`), whose response the store's `r.data` may not type-check on.
  if (callback.returnType || callback.typeParameters) return undefined;
  const style = index.context.style();
  const store = `await ${STORE_HELPER}(${parameter.name}.${property})`;
  const asAsync: TextEdit[] = callback.async ? [] : [{ startOffset: callback.range[0], endOffset: callback.range[0], newText: 'async ' }];
  const body = callback.body;
  if (body.type !== 'BlockStatement') {
    // `=> ({ … })`: the parentheses are not the body's; left to the comment.
    if (/\(\s*$/.test(index.text.slice(callback.range[0], body.range[0]))) return undefined;
    const value = index.text.slice(body.range[0], body.range[1]);
    // Two statements on one line need the `;` between them, whatever the file's style.
    return [...asAsync, { startOffset: body.range[0], endOffset: body.range[1], newText: `{ ${store}; return ${value}${style.semicolons ? ';' : ''} }` }];
  }
  const first = body.body[0];
  if (first && startsLine(index.text, first.range[0])) {
    const at = lineStart(index.text, first.range[0]);
    const end = style.semicolons || /^[([`+\-/<]/.test(index.text.slice(first.range[0])) ? ';' : '';
    return [...asAsync, { startOffset: at, endOffset: at, newText: `${indentationAt(index.text, first.range[0])}${store}${end}${style.eol}` }];
  }
  return [...asAsync, { startOffset: body.range[0] + 1, endOffset: body.range[0] + 1, newText: ` ${store};` }];
}

/** The function given to the request's `.then(…)`, through a request chain (`.type("form").then(…)`). */
function thenCallbackOf(index: FileIndex, call: Node): TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | undefined {
  let node = call;
  for (let parent = index.parentOf(node); parent; parent = index.parentOf(node)) {
    if (parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression') {
      node = parent;
      continue;
    }
    const grand = index.parentOf(parent);
    if (parent.type !== 'MemberExpression' || parent.object !== node || grand?.type !== 'CallExpression' || grand.callee !== parent) return undefined;
    const name = memberName(parent);
    if (name === 'then') {
      const callback = grand.arguments[0];
      return (callback?.type === 'ArrowFunctionExpression' || callback?.type === 'FunctionExpression') && !callback.generator ? callback : undefined;
    }
    if (['catch', 'finally', 'end', 'json', 'pipe'].includes(name ?? '')) return undefined;
    node = grand;
  }
  return undefined;
}

function enclosingStatement(index: FileIndex, node: Node): Node | undefined {
  for (let current: Node | undefined = node; current; current = index.parentOf(current)) {
    const parent = index.parentOf(current);
    if (parent && (parent.type === 'BlockStatement' || parent.type === 'Program' || parent.type === 'SwitchCase')) return current;
  }
  return undefined;
}

/** The statement that binds the parsed token response, and the expression that is that response. */
function tokenResponse(index: FileIndex, send: Send): { statement: Node; value: string } | undefined {
  const climbed = climbToBinding(index, send.call);
  if (!climbed) return undefined;
  const { declarator, parsed } = climbed;
  const statement = index.parentOf(declarator);
  if (statement?.type !== 'VariableDeclaration' || !isInStatementList(index, statement)) return undefined;
  const id = declarator.id;
  if (parsed) return id.type === 'Identifier' ? { statement, value: id.name } : undefined;
  const property = send.sender.parsedResponse;
  if (id.type === 'ObjectPattern' && property && property !== 'json()') {
    const bound = id.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyKeyName(p) === property);
    return bound?.value.type === 'Identifier' ? { statement, value: bound.value.name } : undefined;
  }
  if (id.type !== 'Identifier') return undefined;
  if (!property) return jsonParsedResponse(index, id.name, statement);
  if (property !== 'json()') return { statement, value: `${id.name}.${property}` };
  return jsonOfResponse(index, id.name, statement, send.sender);
}

/**
 * From the send up to the variable it is assigned to, through `await`, a request chain (`.type("form")`),
 * and `.json()` / `.data` / `.body`. `parsed` tells whether the value bound is the parsed JSON.
 */
function climbToBinding(index: FileIndex, call: Node): { declarator: TSESTree.VariableDeclarator; parsed: boolean } | undefined {
  let node = call;
  let parsed = false;
  let awaited = false;
  for (let parent = index.parentOf(node); parent; parent = index.parentOf(node)) {
    if (parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'TSSatisfiesExpression') node = parent;
    else if (parent.type === 'AwaitExpression') [node, awaited] = [parent, true];
    else if (parent.type === 'VariableDeclarator' && parent.init === node) return awaited ? { declarator: parent, parsed } : undefined;
    else if (parent.type === 'MemberExpression' && parent.object === node && !parsed) {
      const name = memberName(parent);
      const grand = index.parentOf(parent);
      const called = grand?.type === 'CallExpression' && grand.callee === parent;
      if (name === 'json' && called) [node, parsed, awaited] = [grand, true, false];
      else if (called && !awaited && !['then', 'catch', 'finally', 'end'].includes(name ?? '')) node = grand;
      else return undefined;
    } else return undefined;
  }
  return undefined;
}

function isInStatementList(index: FileIndex, statement: Node): boolean {
  const parent = index.parentOf(statement);
  return parent?.type === 'BlockStatement' || parent?.type === 'Program';
}

/**
 * `const data = await response.json()` after `const response = await fetch(…)`, in the same block; else
 * a copy of the response's body, read right after the request.
 */
function jsonOfResponse(index: FileIndex, response: string, after: Node, sender: Sender): { statement: Node; value: string } | undefined {
  const block = index.parentOf(after);
  if (block?.type !== 'BlockStatement' && block?.type !== 'Program') return undefined;
  for (const statement of block.body) {
    if (statement.range[0] < after.range[1] || statement.type !== 'VariableDeclaration') continue;
    for (const declarator of statement.declarations) {
      const init = declarator.init && unwrap(declarator.init);
      if (declarator.id.type !== 'Identifier' || !isAwaited(declarator.init)) continue;
      if (init?.type !== 'CallExpression' || init.callee.type !== 'MemberExpression') continue;
      const receiver = init.callee.object;
      if (memberName(init.callee) === 'json' && receiver.type === 'Identifier' && receiver.name === response) {
        return { statement, value: declarator.id.name };
      }
    }
  }
  // Read where the code does not bind it (`return (await response.json()).access_token`): a copy, read
  // right after the request, leaves the response's own body to the code.
  return { statement: after, value: `await ${response}${sender.rereadsBody ? '' : '.clone()'}.json().catch(() => undefined)` };
}

/**
 * A response read as text that the code parses itself (request-promise's `JSON.parse(response)`, after
 * `const response = await request(…)`): `const data = JSON.parse(response)` in the same block, else the
 * same parse, right after the request. Undefined where the code does not parse it.
 */
function jsonParsedResponse(index: FileIndex, response: string, after: Node): { statement: Node; value: string } | undefined {
  const block = index.parentOf(after);
  const holder = index.enclosingFunction(after);
  const parses = index.calls.filter(
    (call) =>
      call.range[0] > after.range[1] &&
      index.enclosingFunction(call) === holder &&
      call.arguments[0]?.type === 'Identifier' &&
      call.arguments[0].name === response &&
      isJsonParseOf(call.arguments[0], call),
  );
  if (!parses.length || (block?.type !== 'BlockStatement' && block?.type !== 'Program')) return undefined;
  for (const statement of block.body) {
    if (statement.range[0] < after.range[1] || statement.type !== 'VariableDeclaration') continue;
    const bound = statement.declarations.find((declarator) => declarator.id.type === 'Identifier' && declarator.init && parses.includes(unwrap(declarator.init) as never));
    if (bound?.id.type === 'Identifier') return { statement, value: bound.id.name };
  }
  return { statement: after, value: `JSON.parse(${response})` };
}

function isAwaited(expression: Node | null): boolean {
  let node = expression;
  while (node && (node.type === 'TSAsExpression' || node.type === 'TSNonNullExpression' || node.type === 'TSSatisfiesExpression')) {
    node = node.expression;
  }
  return node?.type === 'AwaitExpression';
}

function storeHelperTemplate(secrets: SecretAccess, typed: boolean): string {
  const parameter = typed ? 'response: unknown' : 'response';
  const rotated = typed ? '(response as { refresh_token?: unknown } | undefined)?.refresh_token' : 'response?.refresh_token';
  return `/**
 * A refresh_token grant's response carries a new refresh token: store it back for the next run, or the
 * consent lapses after 90 days without use.
 */
async function ${STORE_HELPER}(${parameter})${typed ? ': Promise<void>' : ''} {
  const rotated = ${rotated};
  if (typeof rotated === "string") ${secrets.store('REFRESH_TOKEN', 'rotated')};
}`;
}
