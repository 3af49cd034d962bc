import { escapeRegExp } from '../../engine/text';
import type { CmdletSpec } from './cmdlets';
import { boundParameters, commandName } from './command';
import { isCredentialMade } from './credential-sources';
import type { PowerShellRuleContext } from './rule-context';
import { namesScriptVariable, type IndexedFunction } from './script-index';
import { BRANCHES, descendants, innermost, variableName, type Node } from './syntax';

const MAX_DEPTH = 6;

/**
 * Where whoever calls the code gives a sign-in its credential, or the user name and password it is
 * made of: the script's own parameters (`param([pscredential] $Credential)`) and arguments (`$args`), an
 * Ansible module's parameters (the playbook's), or the parameters of a function or class method other
 * scripts may call (a function the script alone calls is read at its calls). One stored token would
 * sign every caller in as the one consented account. Undefined where the file shows the credential
 * comes from elsewhere.
 */
export function callersCredential(context: PowerShellRuleContext, value: Node): string | undefined {
  return givenBy(context, value, 0, new Map());
}

/** What the calls of a function give one of its parameters, by `function start:parameter`, and how deep that was read. */
type ReadParameters = Map<string, { depth: number; found: string | undefined }>;

function givenBy(context: PowerShellRuleContext, value: Node, depth: number, read: ReadParameters): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const inner = innermost(value);
  // `$cred`, also `$cred.GetNetworkCredential().Password`: the variable it starts with.
  const root = inner.type === 'variable' ? inner : descendants(inner, 'variable').find((v) => v.startIndex === inner.startIndex);
  if (!root) return madeOf(context, inner, depth, read);
  const name = variableName(root);
  if (!name || namesScriptVariable(root) || loopItem(root, name)) return undefined;
  if (name === 'args') return scriptArguments(root);
  const scopes = context.index.scopes();
  const declarer = name === 'psboundparameters' ? scopes.functionAround(root.startIndex) : scopes.parameterOwner(root.startIndex, name);
  if (name === 'psboundparameters') return declarer ? `the parameters ${declarer.name ?? 'a class method'} is given` : "the script's parameters";
  const assignment = context.values().assignmentSeenBy(root);
  const assigned = assignment && assignment.node.type !== 'script_parameter_default' ? assignment : undefined;
  const parameter = declarer ?? (context.index.scriptParameters().includes(name) ? 'script' : undefined);
  // A value the script sets only on some paths (`if (-not $Credential) { $Credential = Import-Clixml … }`) leaves the caller's on the others.
  if (assigned && !(parameter && onSomePathsOnly(assigned.node))) return givenBy(context, assigned.value, depth + 1, read);
  if (parameter === 'script') return `the script's parameter ${root.text}`;
  if (!parameter) return setElsewhere(context, root, name);
  if (!parameter.name) return `the parameter ${root.text} of a class method`;
  // A function the script never calls is there for others to call (a file of functions to dot-source).
  const elsewhere = context.functionCalls().mayBeCalledElsewhere(parameter) || context.index.callsOf(parameter).length === 0;
  if (elsewhere) return `the parameter ${root.text} of ${parameter.name}, which other scripts may call`;
  return callsGive(context, parameter, name, depth, read);
}

/**
 * What gives a value the script makes: a credential's parts, the parameters an Ansible module reads,
 * the data a parser is given, or the name a stored credential is read by (whoever names it chooses
 * the account that signs in).
 */
function madeOf(context: PowerShellRuleContext, made: Node, depth: number, read: ReadParameters): string | undefined {
  const givenByParts = () => firstOf(descendants(made, 'variable'), (part) => givenBy(context, part, depth + 1, read));
  if (isCredentialMade(made)) return givenByParts();
  if (ANSIBLE_MODULE.test(made.text)) return ANSIBLE_PARAMETERS;
  const command = leadingCommand(made);
  const name = command && commandName(command);
  if (name === 'parse-args' || name === 'get-ansibleparam') return ANSIBLE_PARAMETERS;
  // A name or path the script builds (`"ExoAdmin-$Environment"`, `'{0}-admin' -f $Customer`): what gives its parts.
  if (!command) return BUILT.has(made.type) ? givenByParts() : undefined;
  const reader = name ? READERS.find((known) => known.spec.name.toLowerCase() === name) : undefined;
  if (!reader) return undefined;
  const given = boundParameters(command, reader.spec, context.hashtables).filter((parameter) => parameter.value && parameter.canonical in reader.spec.parameters);
  const found = firstOf(given, (parameter) => givenBy(context, parameter.value!, depth + 1, read));
  return found && reader.reads ? `${found}, which names the ${reader.reads} ${reader.spec.name} reads` : found;
}

/** Expressions a string is built by: an expandable string (or here-string), a format, a join with `+`, in parentheses or not. */
const BUILT = new Set(['expandable_string_literal', 'expandable_here_string_literal', 'format_expression', 'additive_expression', 'sub_expression', 'parenthesized_expression']);

const ANSIBLE_PARAMETERS = "the Ansible module's parameters, which the playbook gives";

/** `[Ansible.Basic.AnsibleModule]::Create($args, $spec)`, read through its `.Params` (the older `Parse-Args $args` and `Get-AnsibleParam` are commands). */
const ANSIBLE_MODULE = /^\[\s*(?:Ansible\.Basic\.)?AnsibleModule\s*\]\s*::\s*Create\s*\(/i;

/**
 * Commands whose result is read from what they are given: a parser of the data (a runbook's webhook
 * body, `ConvertFrom-Json -InputObject $WebhookData.RequestBody`), and the stores a credential or its
 * password is read from by name (`reads`), where the name chooses the account.
 */
const READERS: { spec: CmdletSpec; reads?: string }[] = [
  { spec: { name: 'ConvertFrom-Json', parameters: { InputObject: [] }, positions: ['InputObject'] } },
  { spec: { name: 'ConvertFrom-StringData', parameters: { StringData: [] }, positions: ['StringData'] } },
  { spec: { name: 'Get-AutomationPSCredential', parameters: { Name: [] }, positions: ['Name'] }, reads: 'Automation credential' },
  { spec: { name: 'Get-AutomationVariable', parameters: { Name: [] }, positions: ['Name'] }, reads: 'Automation variable' },
  { spec: { name: 'Get-StoredCredential', parameters: { Target: [] }, positions: ['Target'] }, reads: 'stored credential' },
  { spec: { name: 'Get-Secret', parameters: { Name: [], Vault: [] }, positions: ['Name', 'Vault'] }, reads: 'secret' },
  { spec: { name: 'Import-Clixml', parameters: { Path: [], LiteralPath: ['PSPath', 'LP'] }, positions: ['Path'] }, reads: 'file' },
];

/** The command a value starts with, alone or at the head of a pipeline (`Get-X … | ConvertTo-SecureString`). */
function leadingCommand(value: Node): Node | undefined {
  let node = innermost(value);
  while ((node.type === 'pipeline' || node.type === 'pipeline_chain') && node.namedChild(0)) node = innermost(node.namedChild(0)!);
  return node.type === 'command' ? node : undefined;
}

/**
 * What the script's calls of `declared` give its parameter `name`, read once for each: wrappers that
 * call wrappers many times over would otherwise read every path through them, exponentially many. A
 * reading is done again only from a shallower call, which may read further (up to `MAX_DEPTH`); one
 * under way is nothing yet, so a function that calls itself ends.
 */
function callsGive(context: PowerShellRuleContext, declared: IndexedFunction, name: string, depth: number, read: ReadParameters): string | undefined {
  const key = `${declared.start}:${name}`;
  const before = read.get(key);
  if (before && (before.found !== undefined || before.depth <= depth)) return before.found;
  read.set(key, { depth, found: undefined });
  const found = firstOf(context.functionCalls().parameterArguments(declared, name), (argument) => givenBy(context, argument.value, depth + 1, read));
  read.set(key, { depth, found });
  return found;
}

/**
 * A variable the file never sets (`$Global:MSPass`, set by a profile or a dot-sourced script, perhaps
 * from a prompt): whoever runs the file gives it. Not the environment's (`$env:…`, the deployment's
 * settings), nor PowerShell's own (`$_`, `$PSItem`, a loop's item).
 */
function setElsewhere(context: PowerShellRuleContext, variable: Node, name: string): string | undefined {
  if (name.includes(':') || AUTOMATIC_VARIABLES.has(name) || context.values().assignmentsOf(name).length > 0) return undefined;
  if (setOtherwise(context.text, name) || blockParameter(variable, name)) return undefined;
  return `the variable ${variable.text}, which this file never sets (a global, or a variable of a script run before it)`;
}

/**
 * Whether the script may set the variable other than by `$x = …`: among several (`$user, $pass = …`),
 * by a common parameter (`-OutVariable cred`, `Tee-Object -Variable`), or through `Set-Variable` and
 * `New-Variable` (any name, when one is not written out).
 */
function setOtherwise(text: string, name: string): boolean {
  const word = escapeRegExp(name);
  const patterns = [
    `\\$${word}\\s*,[^=\\r\\n]*=(?!=)`,
    `,\\s*\\$${word}\\s*(?:,[^=\\r\\n]*)?=(?!=)`,
    `-(?:OutVariable|ov|Variable|ErrorVariable|ev|PipelineVariable|pv)\\s*:?\\s*['"]?${word}\\b`,
    `(?:Set|New)-Variable\\b[^\\r\\n]*(?:['"\\s]${word}\\b|-Name\\s+[$(])`,
  ];
  return new RegExp(patterns.join('|'), 'i').test(text);
}

/** `$args` outside any function or script block: the arguments whoever runs the script gives it. */
function scriptArguments(variable: Node): string | undefined {
  for (let node = variable.parent; node; node = node.parent) if (node.type === 'script_block') return undefined;
  return "the script's arguments ($args)";
}

/** `{ param($c) … }`: a script block's own parameter, given by whatever runs the block. */
function blockParameter(variable: Node, name: string): boolean {
  for (let node = variable.parent; node; node = node.parent) {
    if (node.type !== 'script_block' && node.type !== 'script_block_expression') continue;
    const block = node.namedChildren.find((child) => child?.type === 'param_block');
    if (block && descendants(block, 'variable').some((declared) => variableName(declared) === name)) return true;
  }
  return false;
}

const AUTOMATIC_VARIABLES = new Set([
  ...['_', 'psitem', 'args', 'input', 'this', 'matches', 'null', 'true', 'false'],
  // PowerShell's own, which a script may build a path or a name of: none is a caller's choice of account.
  ...['psscriptroot', 'pscommandpath', 'myinvocation', 'home', 'pwd', 'pshome', 'profile', 'host', 'pid', 'psversiontable', 'psculture', 'psuiculture'],
  ...['executioncontext', 'iswindows', 'islinux', 'ismacos', 'iscoreclr', 'lastexitcode', 'error', 'pscmdlet', 'shellid', 'ofs'],
]);

/** `foreach ($tenant in $tenants) { … $tenant … }`: an item of a collection, whatever a parameter of that name holds. */
export function loopItem(variable: Node, name: string): boolean {
  for (let node = variable.parent; node && node.type !== 'function_statement'; node = node.parent) {
    if (node.type === 'foreach_statement') {
      const item = node.namedChildren.find((child) => child?.type === 'variable');
      if (item && variableName(item) === name) return true;
    }
  }
  return false;
}

/** Whether an assignment runs on some paths only: inside a branch or loop of its function or script. */
export function onSomePathsOnly(assignment: Node): boolean {
  for (let node = assignment.parent; node && node.type !== 'function_statement' && node.type !== 'program'; node = node.parent) {
    if (BRANCHES.has(node.type)) return true;
  }
  return false;
}

/** Why fix-all leaves a sign-in with the caller's credential (`callersCredential`) to a person. */
export function callersNote(where: string): string {
  return (
    `the credential comes from the caller, through ${where}: a Secure Application Model token would sign every caller in as the consented account; ` +
    "where callers pass a user's own password, sign that user in interactively instead"
  );
}

function firstOf<T>(items: readonly T[], find: (item: T) => string | undefined): string | undefined {
  for (const item of items) {
    const found = find(item);
    if (found) return found;
  }
  return undefined;
}
