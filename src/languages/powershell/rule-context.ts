import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../../engine/finding';
import type { FixSettings, SecretName } from '../../engine/fix-settings';
import type { RuleHit, RuleMeta } from '../../engine/rule';
import { detectIndentUnit, detectLineEnding, formatBlock, type LineEnding } from '../../engine/text';
import { detectNameCasing, inCasing, type NameCasing } from './code-style';
import { cmdletSpec, type CmdletSpec } from './cmdlets';
import { boundParameters, commandName, type BoundParameter, type CommandCall } from './command';
import { keyValuePairs } from './constructions';
import { ScriptFunctionCalls } from './function-calls';
import { HashtableFacts } from './hashtables';
import { importedPrefixes, unprefixedNames } from './imported-prefixes';
import { calledName, IndexMemory, ScriptIndex, type Extent, type IndexedCommand, type IndexedFunction } from './script-index';
import { breaksBeforeFunction, labelledStart, sectionStart } from './statement-label';
import { descendants, nextBesideComments } from './syntax';
import { GET_PARTNER_SAM_ACCESS_TOKEN, getPartnerSamAccessTokenTemplate } from './templates/partner-token-function';
import { GET_SAM_ACCESS_TOKEN, getSamAccessTokenTemplate } from './templates/sam-token-function';
import { powerShellSecrets, type PowerShellSecrets } from './templates/secret-source';
import { definedIn, definitionsIn, type HelperScope } from './helper-scope';
import { signsInWithManagedIdentity } from './managed-identity';
import { isAutomationRunbook } from './automation-runbook';
import { ScriptValues } from './values';

export interface ScriptStyle {
  indentUnit: string;
  eol: LineEnding;
}

export interface PowerShellRuleContext {
  path: string;
  text: string;
  settings: FixSettings;
  root: Node;
  /** The script's commands, assignments and variables as plain data, kept from edit to edit. */
  index: ScriptIndex;
  /** Invocations of the cmdlets the catalogue knows, with their parameters bound. */
  commands(): CommandCall[];
  /** Hashtables built in variables (`$h = @{…}`, `$h.K = v`, …). */
  hashtables(): HashtableFacts;
  /** String values of variables, for reading URLs and bodies by meaning. */
  values(): ScriptValues;
  /** Names of the functions the script declares, lower-case. */
  functionNames(): Set<string>;
  /** The calls of those functions, for what their parameters hold. */
  functionCalls(): ScriptFunctionCalls;
  style(): ScriptStyle;
  /** How the script spells cmdlet and parameter names, for the code fixes generate. */
  casing(): NameCasing;
  /** Whether the script shows it is an Azure Automation runbook (see `isAutomationRunbook`). */
  runbook(): boolean;
  /** Whether the script signs in with the managed identity of the Azure resource it runs on (see `signsInWithManagedIdentity`). */
  managedIdentity(): boolean;
  /** How the code fixes write reads its secrets and stores a rotated refresh token: the configured source, or a runbook's variables. */
  secrets(): PowerShellSecrets;
  /** The noun prefixes the script imports cmdlets with (`Connect-ExchangeOnline -Prefix DST`), lower-case. */
  importedPrefixes(): readonly string[];
}

export interface PowerShellRule {
  meta: RuleMeta;
  check(context: PowerShellRuleContext): RuleHit[];
}

export function createRuleContext(path: string, text: string, settings: FixSettings, root: Node, memory?: IndexMemory): PowerShellRuleContext {
  const index = new ScriptIndex(root, text, memory);
  let commands: CommandCall[] | undefined;
  let style: ScriptStyle | undefined;
  let functions: Set<string> | undefined;
  let hashtables: HashtableFacts | undefined;
  let values: ScriptValues | undefined;
  let casing: NameCasing | undefined;
  let functionCalls: ScriptFunctionCalls | undefined;
  let pairs: Map<number, [Node, Node]> | undefined;
  // Pairs are read once the facts are asked for, by then of the context returned below.
  const pairOf = (made: Node) => (pairs ??= keyValuePairs(context)).get(made.id);
  const hashtableFacts = (): HashtableFacts => (hashtables ??= new HashtableFacts(index, pairOf));
  let prefixes: string[] | undefined;
  const scriptPrefixes = (): string[] => (prefixes ??= importedPrefixes(index, text));
  let managedIdentity: boolean | undefined;
  const usesManagedIdentity = (): boolean => (managedIdentity ??= signsInWithManagedIdentity(index, hashtableFacts));
  let runbook: boolean | undefined;
  const isRunbook = (): boolean => (runbook ??= isAutomationRunbook(index));
  const scriptValues = (): ScriptValues => (values ??= new ScriptValues(index, hashtableFacts));
  const functionNames = (): Set<string> => (functions ??= new Set(index.functions().flatMap((fn) => calledName(fn) || [])));
  const context: PowerShellRuleContext = {
    path,
    text,
    settings,
    root,
    index,
    commands: () => (commands ??= readCommands(index, hashtableFacts, cmdletsHidden(index, text.length), scriptPrefixes())),
    hashtables: hashtableFacts,
    values: scriptValues,
    functionNames,
    functionCalls: () =>
      (functionCalls ??= new ScriptFunctionCalls(path, index, scriptValues, (command, spec) => new KnownCommandCall(index, command, spec, hashtableFacts))),
    style: () => (style ??= { indentUnit: detectIndentUnit(text, '    '), eol: detectLineEnding(text) }),
    casing: () => (casing ??= detectNameCasing(index.commands())),
    runbook: isRunbook,
    managedIdentity: usesManagedIdentity,
    secrets: () => powerShellSecrets(settings.secretSource, isRunbook()),
    importedPrefixes: scriptPrefixes,
  };
  return context;
}

/**
 * The known cmdlets' invocations. A call's node and parameters are read when a rule asks for them,
 * which rules do after matching the cmdlet: a script calls thousands of other commands, and a rule
 * reads only its own cmdlets. A call that a function of the script's own of the cmdlet's name hides
 * (see `cmdletsHidden`) is the script's, not the cmdlet's.
 */
function readCommands(
  index: ScriptIndex,
  hashtables: () => HashtableFacts,
  hidden: (name: string) => readonly Extent[] | undefined,
  prefixes: readonly string[],
): CommandCall[] {
  const calls: CommandCall[] = [];
  for (const [name, commands] of index.commandsByName()) {
    const spec = cmdletSpec(name) ?? prefixedCmdlet(name, prefixes);
    if (!spec) continue;
    for (const command of commands) {
      // `ExchangeOnlineManagement\Connect-ExchangeOnline` is the module's, whatever the script defines.
      const qualified = command.written?.text.includes('\\');
      if (!qualified && hidden(name)?.some((where) => where.start <= command.start && command.start < where.end)) continue;
      calls.push(new KnownCommandCall(index, command, spec, hashtables));
    }
  }
  return calls.sort((a, b) => a.start - b.start);
}

/** A cmdlet imported with a prefix to its noun (`Connect-MSPOService` for `Connect-SPOService` with `-Prefix M`). */
function prefixedCmdlet(name: string, prefixes: readonly string[]): CmdletSpec | undefined {
  for (const unprefixed of unprefixedNames(name, prefixes)) {
    const spec = cmdletSpec(unprefixed);
    if (spec && !POWERSHELL_OWN_CMDLETS.has(spec.name)) return spec;
  }
  return undefined;
}

/** Cmdlets of PowerShell's own modules, loaded without a prefix (`Invoke-AzRestMethod` is Az's, not Invoke-RestMethod). */
const POWERSHELL_OWN_CMDLETS = new Set(['Invoke-RestMethod', 'Invoke-WebRequest', 'New-Object', 'ConvertTo-SecureString', 'Send-MailMessage', 'New-PSSession', 'Import-PSSession', 'Remove-PSSession']);

/**
 * Where a function of the script's own hides the cmdlet of its name (PowerShell looks up functions
 * before cmdlets): from its definition to the end of the script or function it is defined in, when it
 * is defined there unconditionally. One defined in a branch (a polyfill), a script block, or after the
 * call may not exist when the call runs: that call is still the cmdlet's. Read per name asked, as
 * only the known cmdlets' names are: finding each of a long script's functions in the tree had cost
 * 2 ms of every edit's analysis.
 */
function cmdletsHidden(index: ScriptIndex, scriptLength: number): (name: string) => readonly Extent[] | undefined {
  const functionsByName = new Map<string, IndexedFunction[]>();
  for (const fn of index.functions()) {
    const name = calledName(fn);
    if (name) functionsByName.set(name, [...(functionsByName.get(name) ?? []), fn]);
  }
  const hidden = new Map<string, Extent[]>();
  return (name) => {
    const functions = functionsByName.get(name);
    if (!functions) return undefined;
    let scopes = hidden.get(name);
    if (!scopes) hidden.set(name, (scopes = functions.flatMap((fn) => hiddenFrom(index, fn, scriptLength))));
    return scopes;
  };
}

function hiddenFrom(index: ScriptIndex, fn: IndexedFunction, scriptLength: number): Extent[] {
  const definition = findNode(index, fn);
  const holder = definition?.parent?.type === 'statement_list' ? definition.parent.parent : undefined;
  const scope = holder?.type === 'program' ? { start: 0, end: scriptLength } : definingFunction(holder);
  return scope ? [{ start: fn.end, end: scope.end }] : [];
}

function findNode(index: ScriptIndex, fn: Extent): Node | undefined {
  try {
    return index.node(fn, 'function_statement');
  } catch {
    return undefined; // a class method
  }
}

/** The function whose body `holder` (a `script_block_body`) is; undefined for a script block's or anything else. */
function definingFunction(holder: Node | null | undefined): Extent | undefined {
  const fn = holder?.type === 'script_block_body' && holder.parent?.type === 'script_block' ? holder.parent.parent : undefined;
  return fn?.type === 'function_statement' ? { start: fn.startIndex, end: fn.endIndex } : undefined;
}

class KnownCommandCall implements CommandCall {
  readonly start: number;
  private found?: Node;
  private bound?: BoundParameter[];

  constructor(
    private readonly index: ScriptIndex,
    private readonly command: IndexedCommand,
    readonly spec: CmdletSpec,
    private readonly hashtables: () => HashtableFacts,
  ) {
    this.start = command.start;
  }

  get node(): Node {
    return (this.found ??= this.index.node(this.command, 'command'));
  }

  get parameters(): BoundParameter[] {
    return (this.bound ??= boundParameters(this.node, this.spec, this.hashtables));
  }
}

/** An expression a fix writes to read one of its secrets from the configured source, in the script's casing. */
export function secretExpression(context: PowerShellRuleContext, name: SecretName): string {
  return inCasing(context.secrets().read(name), context.casing());
}

export type TokenFunction = typeof GET_SAM_ACCESS_TOKEN | typeof GET_PARTNER_SAM_ACCESS_TOKEN;

/**
 * The edits that give the script its Secure Application Model token function: the same text, for the
 * configured secret source and in the script's casing, whichever rule asks (and none when it is there),
 * defined in the scope of the code that calls it (see `HelperScope`).
 */
export function planTokenFunction(context: PowerShellRuleContext, name: TokenFunction = GET_SAM_ACCESS_TOKEN, scope: HelperScope = 'script'): TextEdit[] | undefined {
  // Every fix in the script inserts the same function at the same place: planned once per script.
  let planned = plannedTokenFunctions.get(context);
  if (!planned) plannedTokenFunctions.set(context, (planned = new Map()));
  const key = `${name} ${scope}`;
  if (!planned.has(key)) planned.set(key, tokenFunctionEdits(context, name, scope));
  const edits = planned.get(key);
  return edits && [...edits];
}

/** Why the fixes cannot call the script's token function: there is no place for one (named blocks without `begin`). */
export function whyNoTokenFunction(context: PowerShellRuleContext, name: TokenFunction = GET_SAM_ACCESS_TOKEN): string | undefined {
  return planTokenFunction(context, name) ? undefined : 'the script is written in process/end blocks without a begin block to hold the token function';
}

/**
 * Why code a fix writes cannot call the script's own token function of that name: it passes a
 * parameter the function does not declare (`-AsSecureString` to a `Get-SamAccessToken` of the script's
 * that lacks it). Undefined where it can, or where the fix adds its own function.
 */
export function whyOwnTokenFunctionFails(context: PowerShellRuleContext, name: TokenFunction, code: string): string | undefined {
  // Asked for each fix: a script without a function of the name (most) is told by the set of names.
  if (!context.functionNames().has(name.toLowerCase())) return undefined;
  const own = context.index.functions().filter((fn) => calledName(fn) === name.toLowerCase());
  const lacking = parametersPassedTo(code, name).filter((parameter) => !own.some((fn) => fn.params.includes(parameter.toLowerCase())));
  return lacking.length > 0 ? `the script's own ${name} takes no ${lacking.map((p) => `-${p}`).join(' or ')}, which the fix's call passes` : undefined;
}

/** The parameters each `(name …)` call in `code` passes, up to the parenthesis that closes the call (or the line's end). */
function parametersPassedTo(code: string, name: string): string[] {
  const found = new Set<string>();
  const lower = code.toLowerCase();
  const key = name.toLowerCase();
  for (let at = lower.indexOf(key); at !== -1; at = lower.indexOf(key, at + key.length)) {
    let depth = 0;
    for (let i = at + key.length; i < code.length && code[i] !== '\n'; i++) {
      const char = code[i];
      if (char === '(') depth++;
      else if (char === ')' && depth-- === 0) break;
      else if (char === "'" || char === '"') {
        const close = code.indexOf(char, i + 1);
        i = close === -1 ? code.length : close;
      }
      else if (char === '-' && depth === 0 && /\s/.test(code[i - 1])) {
        const parameter = /^-([A-Za-z]\w*)/.exec(code.slice(i, i + 64));
        if (parameter) found.add(parameter[1]);
      }
    }
  }
  return [...found];
}

const plannedTokenFunctions = new WeakMap<PowerShellRuleContext, Map<string, TextEdit[] | undefined>>();

function tokenFunctionEdits(context: PowerShellRuleContext, name: TokenFunction, scope: HelperScope): TextEdit[] | undefined {
  if (context.functionNames().has(name.toLowerCase())) return definitionsIn(scope, context.index, context.text, name);
  const template = name === GET_PARTNER_SAM_ACCESS_TOKEN ? getPartnerSamAccessTokenTemplate(context.secrets()) : getSamAccessTokenTemplate(context.secrets());
  return planHelperFunction(context, name, inCasing(template, context.casing()), scope);
}

/**
 * Inserts a function once per script, before its first use: after the param block and `using` lines,
 * or at the top of the `begin` block of a script written in named blocks (where nothing may stand
 * between them). Undefined when there is no place for it: named blocks without `begin`. `scope`: that
 * of the code calling it (see `HelperScope`).
 */
export function planHelperFunction(context: PowerShellRuleContext, name: string, definition: string, scope: HelperScope = 'script'): TextEdit[] | undefined {
  if (context.functionNames().has(name.toLowerCase())) return definitionsIn(scope, context.index, context.text, name);
  const template = definedIn(scope, definition);
  const { indentUnit, eol } = context.style();
  const { paramBlock, first } = scriptHead(context.index);
  const block = first && namedBlock(first);
  if (block) {
    const begin = block.name === 'begin' ? block.body : undefined;
    if (!begin) return undefined;
    const code = formatBlock(template, indentUnit, indentUnit, eol);
    return [{ startOffset: begin.startIndex + 1, endOffset: begin.startIndex + 1, newText: `${eol}${code}${eol}` }];
  }
  const code = formatBlock(template, indentUnit, '', eol);
  if (paramBlock) return [{ startOffset: paramBlock.endIndex, endOffset: paramBlock.endIndex, newText: `${eol}${eol}${code}` }];
  if (!first) {
    const end = context.text.length;
    const lead = end === 0 || /[\r\n]$/.test(context.text) ? '' : eol;
    return [{ startOffset: end, endOffset: end, newText: `${lead}${code}${eol}` }];
  }
  const at = sectionStart(context.text, first) ?? labelledStart(context.text, first);
  return [{ startOffset: at, endOffset: at, newText: `${eol.repeat(breaksBeforeFunction(context.text, at))}${code}${eol}${eol}` }];
}

const NAMED_BLOCKS = new Set(['begin', 'process', 'end', 'dynamicparam', 'clean']);

/**
 * A script-level `begin { … }` (the grammar reads it as a command with a script block): its name and
 * `{`. With the brace on the next line, the grammar reads the block as a statement of its own.
 */
function namedBlock(statement: Node): { name: string; body: Node | undefined } | undefined {
  const name = leadingCommandName(statement);
  if (!name || !NAMED_BLOCKS.has(name)) return undefined;
  const braces = descendants(statement, 'command')[0].descendantsOfType('{').filter((n): n is Node => n !== null);
  return { name, body: braces[0] ?? openingBraceOf(nextBesideComments(statement)) };
}

/** The `{` a statement starts with: the opening of a script block written alone. */
function openingBraceOf(statement: Node | null): Node | undefined {
  if (!statement?.text.startsWith('{')) return undefined;
  return statement.descendantsOfType('{').find((brace) => brace?.startIndex === statement.startIndex) ?? undefined;
}

/**
 * Where the script's body starts: its param block (nothing may come before it but `using` lines and
 * its attributes) and the first statement after it. Without `using` lines the grammar gives a root
 * `param_block`; after them it reads `[CmdletBinding()]` and `param(…)` as statements.
 */
function scriptHead(script: ScriptIndex): { paramBlock?: Node; first?: Node } {
  const rootParams = script.rootParamBlock;
  // Statements are asked one by one: a script has thousands, its head a few.
  const statementIs = (at: number, test: (statement: Node) => boolean): boolean => {
    const statement = script.listedStatement(at);
    return statement !== undefined && test(statement);
  };
  // Comments between them (`#Requires`, comment-based help, a note above `param`) stay where they are.
  const afterComments = (at: number): number => {
    while (statementIs(at, (statement) => statement.type === 'comment')) at++;
    return at;
  };
  let index = afterComments(0);
  while (statementIs(index, (statement) => leadingCommandName(statement) === 'using')) index = afterComments(index + 1);
  if (rootParams) return { paramBlock: rootParams, first: script.listedStatement(index) };
  let param = index;
  while (statementIs(param, isAttributeOnly)) param = afterComments(param + 1);
  if (statementIs(param, (statement) => leadingCommandName(statement) === 'param')) {
    return { paramBlock: script.listedStatement(param), first: script.listedStatement(param + 1) };
  }
  return { first: script.listedStatement(index) };
}

/** The name of the command a statement starts with (`using`, `param`, `begin`), lower-case. */
function leadingCommandName(statement: Node): string | undefined {
  if (statement.type !== 'pipeline') return undefined;
  const command = descendants(statement, 'command')[0];
  return command && command.startIndex === statement.startIndex ? commandName(command) : undefined;
}

/** `[CmdletBinding()]` standing alone: an attribute of the param block that follows. */
function isAttributeOnly(statement: Node): boolean {
  return /^\[[\w.]+(?:\([^]*\))?\]$/.test(statement.text.trim());
}
