import type { Fix, TextEdit } from '../../../engine/finding';
import { lineNumberAt } from '../../../engine/text';
import type { RuleHit } from '../../../engine/rule';
import { cmdletSpec, isCommonParameter } from '../cmdlets';
import { commandName, commandNameAsWritten, commandNameNode, HELD_SCRIPT_BLOCK, parameterAsWritten, inHeldScriptBlock, detachedFromScript, otherRunspaceHost, REDIRECTION_WORD, switchOn, type BoundParameter, type CommandCall } from '../command';
import { inCasing } from '../code-style';
import { callersCredential, callersNote } from '../caller-credentials';
import { accountsOf } from '../signed-in-accounts';
import { germanCloudClosed, namesGermanCloud, namesOwnAzureEnvironment } from '../azure-environments';
import { credentialOrigin, interactiveFixReason, plainTextReadsRelated, typedAtPromptReason, typedInAtPrompt, type CredentialOrigin } from '../credential-sources';
import { promptedOnEveryRun } from '../every-run-prompts';
import { planTokenFunction, whyNoTokenFunction, whyOwnTokenFunctionFails, type PowerShellRule, type PowerShellRuleContext, type TokenFunction } from '../rule-context';
import type { IndexedCommand } from '../script-index';
import { descendants, enclosingStatement, ifBranchBlocks, innermost, isNullLiteral, isWithin, literalText, variableName, type Node } from '../syntax';
import { constructions } from '../constructions';
import { credentialTakenOutRelated, withCredentialTakenOut } from '../credential-removal';
import { retiredModuleImportSwap, type ImportSwap } from './retired-module-imports';
import { defaultParameterEntries } from '../default-parameter-values';
import { UNKNOWN } from '../values';
import { hostAndPathOfUrl } from '../../shared/url-host';
import { GET_PARTNER_SAM_ACCESS_TOKEN } from '../templates/partner-token-function';
import { GET_SAM_ACCESS_TOKEN } from '../templates/sam-token-function';
import { helperScopeAt } from '../helper-scope';
import { resultMemberLost } from './connect-result-reads';
import { organizationOfScript } from '../script-organization';
import { commonArguments, fixInputs, layoutOf, renderRewrite, splatReference } from './connect-rewrite';
import { PASSWORD, SIGN_INS, type CloudParameter, type CredentialSignIn, type FixBuilder, type FixKind } from './connect-sign-ins';
import { removeStatement } from '../statement-lines';

type Related = NonNullable<RuleHit['related']>[number];

const MAX_MODULE_CMDLETS = 20;

export const connectUserCredentialRule: PowerShellRule = {
  meta: {
    id: 'ps-connect-user-credential',
    title: 'Cloud connect cmdlet signs in with a user credential',
    description:
      'A connect cmdlet of a Microsoft cloud module (MSOnline, AzureAD, Az, AzureRM, PartnerCenter, Exchange Online, ' +
      'Security & Compliance, Teams, SharePoint Online, PnP, Power BI, Power Apps, Dynamics 365 / Dataverse) is given a user credential (a username and password). ' +
      'Password sign-ins cannot perform multi-factor authentication, which Microsoft enforces for every ' +
      'user of a partner tenant (service accounts included), for Azure management since 2025-10-01 and for ' +
      'Partner Center App+User calls from 2026-04-01. Sign in with a token from the Secure Application Model (a refresh ' +
      'token from a one-time admin consent done with MFA), or with app-only authentication (certificate, managed identity).',
    defaultSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'credential'],
    triggers: [
      ...SIGN_INS.flatMap((s) => {
        const spec = cmdletSpec(s.cmdlet);
        return [s.cmdlet, ...(spec?.aliases ?? [])].map((name) => name.toLowerCase());
      }),
      // Modules imported with a prefix to their nouns: `Connect-MSPOService` (not `-PrefixLength`).
      '-prefix ',
      '-prefix\t',
      '-prefix:',
    ],
    triggersInStrings: false,
    fixesChangeWhoSignsIn: true,
  },
  check(context) {
    const hits: RuleHit[] = [];
    for (const call of context.commands()) {
      const signIn = SIGN_INS.find((s) => s.cmdlet === call.spec.name);
      if (!signIn) continue;
      const credential = userCredential(context, signIn, call);
      const byDefault = credential ? undefined : defaultCredential(context, signIn, call);
      if (credential) hits.push(finding(context, call, signIn, credential));
      else if (byDefault) hits.push(defaultCredentialFinding(context, call, signIn, byDefault));
    }
    return hits;
  },
};

/** The credentials this rule's fixes take out of the script: those of the sign-ins it offers a fix for. */
export function credentialsReplacedByFixes(context: PowerShellRuleContext): Node[] {
  return context.commands().flatMap((call) => {
    const signIn = SIGN_INS.find((s) => s.cmdlet === call.spec.name);
    const credential = signIn && userCredential(context, signIn, call);
    return signIn && credential?.value && fixesBuilt(context, call, signIn, credential).built.length > 0 ? [credential.value] : [];
  });
}

/** A sign-in's fixes, why all or the Secure Application Model's are withheld, and what building them learnt. */
interface FixesBuilt {
  withheldAll: string | undefined;
  withheldSam: string | undefined;
  /** The script's functions named like cmdlets the fixes call. */
  shadowed: Set<string>;
  /** Why a fix cannot call the script's own token function. */
  ownTokenFunction: Set<string>;
  /** The kinds of the unattended fixes built. */
  offered: Set<FixKind | 'partner'>;
  /** The interactive fix, where the credential is prompted for on every run (see `interactiveFixes`). */
  interactive: Fix[];
  /** The interactive fix first, then the unattended ones. */
  built: Fix[];
}

function fixesBuilt(context: PowerShellRuleContext, call: CommandCall, signIn: CredentialSignIn, credential: BoundParameter): FixesBuilt {
  const withheldAll = whyNoFix(context, call, signIn) ?? call.parameters.map((p) => signIn.notCarriedOver?.[p.canonical]).find(Boolean);
  const withheldSam = withheldAll ?? whyNoTokenFunctionFor(context, call);
  const shadowed = new Set<string>();
  const ownTokenFunction = new Set<string>();
  const offered = new Set<FixKind | 'partner'>();
  const interactive = withheldAll ? [] : interactiveFixes(context, call, signIn, credential, shadowed);
  const unattended = withheldAll ? [] : buildFixes(context, call, signIn, withheldSam !== undefined, shadowed, ownTokenFunction, offered);
  return { withheldAll, withheldSam, shadowed, ownTokenFunction, offered, interactive, built: [...interactive, ...unattended] };
}

/**
 * The cmdlet's interactive sign-in, where the credential is typed in at a prompt on every run (someone runs the script)
 * and the call runs in the script's own session, where that person can answer it: not in a job, another runspace or
 * a block kept for later.
 */
function interactiveFixes(context: PowerShellRuleContext, call: CommandCall, signIn: CredentialSignIn, credential: BoundParameter, shadowed: Set<string>): Fix[] {
  const builder = signIn.interactive;
  if (!builder || !credential.value || !promptedOnEveryRun(credential.value, context)) return [];
  if (otherRunspaceHost(call.node) || inHeldScriptBlock(call.node, context.functionNames())) return [];
  return makeFix(context, call, builder, 'interactive', GET_SAM_ACCESS_TOKEN, shadowed, new Set());
}

/** The credential argument when this call is a password sign-in of a user; undefined otherwise. */
function userCredential(
  context: PowerShellRuleContext,
  signIn: CredentialSignIn,
  call: CommandCall,
  credential = call.parameters.find((p) => signIn.credentialParameters.includes(p.canonical) && p.value),
): BoundParameter | undefined {
  if (!credential || isNullLiteral(credential.value!.text)) return undefined;
  const given = (name: string): boolean => call.parameters.some((p) => p.canonical === name && switchOn(call.spec, p));
  if (signIn.notUserSignIn.some((entry) => (Array.isArray(entry) ? entry.every(given) : given(entry)))) return undefined;
  if (signIn.sharePointUrl && isOnPremisesUrl(context, call, signIn.sharePointUrl)) return undefined;
  if (signIn.cloudOnlyWith && !signIn.cloudOnlyWith.some(given)) return undefined;
  const appForm = signIn.appFormWithout;
  if (appForm && !given(appForm.missing) && (appForm.given === undefined || given(appForm.given))) return undefined;
  return credential;
}

/** Statements that run a block on some paths only. */
const BRANCHING = new Set(['if_statement', 'switch_statement']);

/**
 * Whether a splatted credential is put into the hashtable inside an `if` or `switch` that the call is
 * not in (`if ($Credential) { $params.Credential = $Credential }`): on the other paths the call signs in
 * without it.
 */
function addedOnSomeBranches(credential: BoundParameter, call: CommandCall): boolean {
  return credential.splatted && inBranchApart(credential.nameNode, call);
}

/** Whether a write is inside an `if` or `switch` that the call is not in. */
function inBranchApart(written: Node, call: CommandCall): boolean {
  for (let node = written.parent; node; node = node.parent) {
    if (isWithin(call.node, node)) return false;
    if (BRANCHING.has(node.type)) return true;
  }
  return false;
}

/** A splatted parameter whose every write into the table is inside an `if` or `switch` the call is not in: a run may skip them all. */
function setOnSomeRunsOnly(context: PowerShellRuleContext, call: CommandCall, parameter: BoundParameter): boolean {
  if (!parameter.splat || !inBranchApart(parameter.nameNode, call)) return false;
  const writes = context.hashtables().keyWritesSeenBy(parameter.splat.use, parameter.splat.key);
  if (!writes.every((write) => inBranchApart(write.keyNode, call))) return false;
  return !writes.some((write) => everyBranchWrites(nearestConditional(write.keyNode), writes.map((w) => w.keyNode), call));
}

/** Statements that run what they hold on some runs only, or not at all: branches and loops. */
const CONDITIONAL = new Set([...BRANCHING, 'foreach_statement', 'for_statement', 'while_statement', 'do_statement']);

function nearestConditional(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (CONDITIONAL.has(current.type)) return current;
  return undefined;
}

/**
 * An `if` with an `else`, itself run whenever the call is, each of whose blocks writes the key itself
 * (not in a branch or loop of its own): every run sets it.
 */
function everyBranchWrites(branching: Node | undefined, keys: Node[], call: CommandCall): boolean {
  if (branching?.type !== 'if_statement') return false;
  const around = nearestConditional(branching);
  if (around && !isWithin(call.node, around)) return false;
  const clauses = ifBranchBlocks(branching);
  const hasElse = branching.namedChildren.some((child) => child?.type === 'else_clause');
  return hasElse && clauses.every((block) => keys.some((key) => isWithin(key, block) && nearestConditional(key)?.id === branching.id));
}

/**
 * A parameter splatted from `$PSBoundParameters`, which holds only the parameters the caller gives:
 * one a call of the function leaves out, or any caller may (the script's own, or a function other
 * scripts may call).
 */
function leftOutBySomeCaller(context: PowerShellRuleContext, parameter: BoundParameter): boolean {
  if (!isBoundParameters(parameter)) return false;
  const declared = context.index.scopes().functionAround(parameter.splat.use.startIndex);
  const calls = context.functionCalls();
  const name = variableName(parameter.nameNode);
  // A key the function writes itself (`$PSBoundParameters['Credential'] = …`) is no caller's to leave out.
  if (parameter.nameNode.type !== 'variable') return false;
  // A call passing on its own bound parameters gives the credential only where its callers do: left unknown.
  const surely = (call: CommandCall, given: BoundParameter) => !isBoundParameters(given) && !setOnSomeRunsOnly(context, call, given);
  return !declared || !name || calls.mayBeCalledElsewhere(declared) || !calls.givenByEveryCall(declared, name, surely);
}

function isBoundParameters(parameter: BoundParameter): parameter is BoundParameter & Required<Pick<BoundParameter, 'splat'>> {
  return parameter.splat?.variable.toLowerCase() === 'psboundparameters';
}

function leftOutNote(context: PowerShellRuleContext, parameters: BoundParameter[]): string {
  const [verb, them] = parameters.length > 1 ? ['are', 'them'] : ['is', 'it'];
  return `${namedWhere(context, parameters)} ${verb} splatted from $PSBoundParameters, which holds only what the caller gives, and the fix writes ${them} out on every call: empty for a caller that does not give ${them}`;
}

/** Whether the fix writes the splatted parameter out, as `$params.Key`: $null on the runs that did not add it. */
function writesSplatted(fix: Fix, parameter: BoundParameter): boolean {
  const reference = parameter.splat && splatReference(parameter.splat.variable, parameter.splat.key);
  return !!reference && fix.edits.some((edit) => edit.newText.includes(reference));
}

/** `-Organization (line 10), -Credential (line 9)`: parameters by name and where they are written (a splatted one's key). */
function namedWhere(context: PowerShellRuleContext, parameters: BoundParameter[]): string {
  return parameters.map((p) => `-${p.canonical} (line ${lineNumberAt(context.text, p.nameNode.startIndex)})`).join(', ');
}

function sometimesNote(context: PowerShellRuleContext, parameters: BoundParameter[]): string {
  const [verb, them] = parameters.length > 1 ? ['go', 'them'] : ['goes', 'it'];
  return `${namedWhere(context, parameters)} ${verb} into the splatted parameters inside a branch only, and the fix writes ${them} out on every run: empty on a run that does not set ${them}`;
}

/**
 * A URL that is no SharePoint Online site (`https://intranet.contoso.local`, also held in a variable or a
 * parameter's default, by every assignment of it): a farm signed in to with Windows credentials. A host the
 * script does not show in full is not.
 */
function isOnPremisesUrl(context: PowerShellRuleContext, call: CommandCall, parameter: string): boolean {
  const url = call.parameters.find((p) => p.canonical === parameter)?.value;
  return !!url && context.values().everyShapeOf(url).every((shape) => {
    const host = hostOfShape(shape);
    return !!host && !host.includes(UNKNOWN) && !SHAREPOINT_ONLINE_HOST.test(host);
  });
}

/** The host of the site a sign-in names, with the parts the script does not show as `UNKNOWN`, as far as it shows the URL. */
function siteHost(context: PowerShellRuleContext, call: CommandCall, parameter: string | undefined): string | undefined {
  const url = call.parameters.find((p) => p.canonical === parameter)?.value;
  return url && hostOfShape(context.values().shapeOf(url));
}

const hostOfShape = (url: string): string | undefined => hostAndPathOfUrl(url)?.host;

function finding(context: PowerShellRuleContext, call: CommandCall, signIn: CredentialSignIn, credential: BoundParameter): RuleHit {
  const origin = credential.value ? credentialOrigin(credential.value, context) : undefined;
  const { withheldAll, withheldSam, shadowed, ownTokenFunction, offered, interactive, built } = fixesBuilt(context, call, signIn, credential);
  const ownFunctions = shadowed.size > 0 ? `the script defines functions named like the cmdlets the fixes call (${[...shadowed].join(', ')}), which would run instead` : undefined;
  const module = signIn.retiredModule;
  const stranded = module && built.length > 0 && moduleRelated(context, signIn).length > 0 ? module : undefined;
  const typeUse = module && built.length > 0 ? moduleTypeUse(context, module) : undefined;
  const branch = built.length > 0 && addedOnSomeBranches(credential, call);
  const leftOut = built.length > 0 && leftOutBySomeCaller(context, credential);
  const account = accountOf(call, credential);
  const accounts = account && accountsOf(context, account);
  // A person types the password at a prompt (on some runs at least: `$script:cred` set by Get-Credential
  // in one function, restored from the environment in another): the script runs attended, where the
  // cmdlet's own interactive sign-in performs MFA; a token from the environment is the unattended answer.
  const typed = built.length > 0 && !!credential.value && (typedInAtPrompt(credential.value, context) || !!accounts?.some((source) => source.prompted));
  const caller = built.length > 0 && !typed && credential.value ? callersCredential(context, credential.value) : undefined;
  const writtenOut = (p: BoundParameter) => p !== credential && built.some((fix) => writesSplatted(fix, p));
  const sometimes = call.parameters.filter((p) => writtenOut(p) && setOnSomeRunsOnly(context, call, p));
  const notGiven = call.parameters.filter((p) => writtenOut(p) && leftOutBySomeCaller(context, p));
  const unprompted = built.map((fix) => withCredentialTakenOut(context.text, context.values(), fix, credential.value));
  const swap = built.length > 0 && !typeUse ? retiredModuleImportSwap(context, signIn, moduleRelated(context, signIn).length > 0) : undefined;
  const rewritten = swap ? unprompted.map((fix) => withImportSwap(fix, swap)) : unprompted;
  const unattendedOnly = stranded || typeUse || branch || leftOut || sometimes.length > 0 || notGiven.length > 0;
  // Where someone types the password in, the interactive fix (first) is fix-all's: the unattended ones are for another way of running it.
  const leftToPerson = (i: number) => unattendedOnly || ((typed || !!caller) && i >= interactive.length);
  const fixes = rewritten.map((fix, i) => (leftToPerson(i) ? { ...fix, safeForFixAll: false } : fix));
  const promptTakenOut = (from: number, to: number) => unprompted.slice(from, to).some((fix, i) => fix !== built[from + i]);
  const leftNotes = [
    ...(stranded ? [strandedNote(stranded)] : []),
    ...(typeUse ? [typeUseNote(context, signIn, typeUse)] : []),
    ...(branch ? ['the credential goes into the splatted parameters on some branches only, and elsewhere the call signs in without it (interactively), which the fix would replace too'] : []),
    // A caller's credential says so below; one the script gives may yet be left out by one of its calls.
    ...(leftOut && !caller ? ['the credential is splatted from $PSBoundParameters, which holds it only when the caller gives it: a call without it signs in interactively, which the fix would replace too'] : []),
    ...(sometimes.length > 0 ? [sometimesNote(context, sometimes)] : []),
    ...(notGiven.length > 0 ? [leftOutNote(context, notGiven)] : []),
    ...(typed && interactive.length === 0 ? [typedNote(signIn, offered, built.length, promptTakenOut(0, built.length))] : []),
    ...(caller ? [callersNote(caller)] : []),
  ];
  const appOnly = offered.has('app-only') ? signIn.appOnlyCaveat?.(context) : undefined;
  if (appOnly) leftNotes.push(appOnly);
  const leftNote = leftNotes.length > 0 ? ` (Fix-all leaves this to you: ${leftNotes.join('; ')}.)` : '';
  const unattendedCount = built.length - interactive.length;
  const interactiveNote =
    interactive.length > 0
      ? ` (${interactiveFixReason({ how: unattendedSignIns(offered), count: unattendedCount }, promptTakenOut(0, interactive.length))}.)`
      : '';
  const prefixed = importedName(call);
  const written = prefixed ? undefined : aliasWritten(call, signIn);
  const alias = prefixed
    ? ` (${prefixed} is ${signIn.cmdlet}, its module imported with a prefix.)`
    : written
      ? ` (${written} ${legacyName(signIn, written) ?? `is an alias of ${signIn.cmdlet}`}.)`
      : '';
  const shown = credentialRelated(context, credential, origin);
  const takenOut = credentialTakenOutRelated(context.values(), fixes, credential.value).filter((r) => !shown.some((s) => s.startOffset === r.startOffset));
  return {
    message: message(whyItBreaks(context, call, signIn), signIn, origin, withheldAll, withheldSam ?? [...ownTokenFunction][0], fixes, ownFunctions) + alias + interactiveNote + leftNote,
    startOffset: call.node.startIndex,
    endOffset: call.node.endIndex,
    fixes,
    related: [...shown, ...takenOut, ...moduleRelated(context, signIn), ...(typeUse ? [typeUseRelated(signIn, typeUse)] : []), ...importSwapRelated(swap)],
    signsInAs: accounts,
  };
}

/**
 * The credential `$PSDefaultParameterValues` gives a call written without one (`$PSDefaultParameterValues
 * ['Connect-MsolService:Credential'] = $cred`, `'*:Credential'`), where the call is then a user's password sign-in.
 */
function defaultCredential(context: PowerShellRuleContext, signIn: CredentialSignIn, call: CommandCall): BoundParameter | undefined {
  if (call.parameters.some((p) => signIn.credentialParameters.includes(p.canonical))) return undefined;
  const entry = defaultParameterEntries(context, call, signIn.credentialParameters).at(-1);
  return entry && userCredential(context, signIn, call, { canonical: 'Credential', nameNode: entry.keyNode, value: entry.value, splatted: false });
}

/** A sign-in whose credential a default parameter value gives: the fixes would rewrite the call and leave the default to give it still. */
function defaultCredentialFinding(context: PowerShellRuleContext, call: CommandCall, signIn: CredentialSignIn, credential: BoundParameter): RuleHit {
  const origin = credentialOrigin(credential.value!, context);
  const line = lineNumberAt(context.text, credential.nameNode.startIndex);
  const withheld = `$PSDefaultParameterValues gives this call its credential (line ${line}), which a rewrite of the call would not take away: remove that default, then sign in as said`;
  return {
    message: message(whyItBreaks(context, call, signIn), signIn, origin, withheld),
    startOffset: call.node.startIndex,
    endOffset: call.node.endIndex,
    fixes: [],
    related: [
      { message: 'the credential is given to the call by $PSDefaultParameterValues here', startOffset: credential.nameNode.startIndex, endOffset: credential.nameNode.endIndex },
      ...credentialRelated(context, credential, origin),
    ],
  };
}

/** What tells the sign-in's account: its credential, or where it takes a password beside a user name (`Add-PowerAppsAccount -Username`), the user name. */
function accountOf(call: CommandCall, credential: BoundParameter): Node | undefined {
  const user = credential.canonical === 'Password' ? call.parameters.find((p) => /^user(?:name)?$/i.test(p.canonical))?.value : undefined;
  return user ?? credential.value;
}

/** The fix, importing the successor's module where the script imported the retired one (see retiredModuleImportSwap). */
function withImportSwap(fix: Fix, swap: ImportSwap): Fix {
  const overlaps = swap.edits.some((imported) => fix.edits.some((edit) => edit.startOffset < imported.endOffset && edit.endOffset > imported.startOffset));
  return overlaps ? fix : { ...fix, edits: [...fix.edits, ...swap.edits] };
}

function importSwapRelated(swap: ImportSwap | undefined): Related[] {
  return (swap?.edits ?? []).map((edit) => ({
    message: `the ${swap!.module} module is imported here: the fixes import ${swap!.successor} (Connect-MgGraph's module) instead, as the script has nothing else of ${swap!.module}`,
    startOffset: edit.startOffset,
    endOffset: edit.endOffset,
  }));
}

/**
 * The script's other cmdlets of the module stay behind: a module that still runs loses their sign-in; a
 * retired one's fail with or without the fix, and a script fixed only at its sign-in still does not run.
 */
function strandedNote(module: NonNullable<CredentialSignIn['retiredModule']>): string {
  if (module.strandedNote) return module.strandedNote;
  return module.stillRuns
    ? `the script's other ${module.name} cmdlets would no longer be signed in; move them to ${module.successor} with it`
    : `the script's other ${module.name} cmdlets fail with or without this fix, so the script still would not run; move them to ${module.successor} with it`;
}

/** Where the script first names a type of the module's (`New-Object "Microsoft.IdentityModel.Clients.ActiveDirectory.AuthenticationContext"`). */
interface TypeUse {
  type: string;
  startOffset: number;
  endOffset: number;
}

/**
 * The first use of a type the retired module's assemblies bring, where the script does not load them
 * itself: the connect cmdlet loaded the module, and with it the type, which the fix's successor does not.
 */
function moduleTypeUse(context: PowerShellRuleContext, module: NonNullable<CredentialSignIn['retiredModule']>): TypeUse | undefined {
  const types = module.types;
  if (!types || loadsModuleItself(context, module)) return undefined;
  const named = (written: string): string | undefined => (types.test(written.toLowerCase()) ? written : undefined);
  const uses: TypeUse[] = [];
  for (const made of constructions(context, named)) {
    if (made.node.type === 'command') uses.push({ type: made.typeName, startOffset: made.node.startIndex, endOffset: made.node.endIndex });
  }
  for (const literal of descendants(context.root, 'type_literal')) {
    const type = named(literal.text.replace(/[\s[\]]/g, ''));
    if (type) uses.push({ type, startOffset: literal.startIndex, endOffset: literal.endIndex });
  }
  for (const using of context.text.matchAll(/^[ \t]*using[ \t]+namespace[ \t]+([\w.]+)/gim)) {
    if (named(`${using[1]}.`)) uses.push({ type: using[1], startOffset: using.index!, endOffset: using.index! + using[0].length });
  }
  return uses.sort((a, b) => a.startOffset - b.startOffset)[0];
}

/**
 * Whether the script loads the module or its assemblies itself, not through the connect cmdlet: `Import-Module`
 * of the module or of a path, `#Requires -Modules` it, or a load of an assembly (`Add-Type -Path`,
 * `[Reflection.Assembly]::LoadFrom(…)`) of the module's (`…ActiveDirectory.dll`) or of a file the script
 * works out at run time (`$adal`); an assembly it names that is another (`System.Web`) does not count.
 */
function loadsModuleItself(context: PowerShellRuleContext, module: NonNullable<CredentialSignIn['retiredModule']>): boolean {
  const commandTexts = (names: string[]): string[] =>
    names.flatMap((name) => context.index.commandsByName().get(name) ?? []).map((command) => context.text.slice(command.start, command.end).replace(/^\S+/, ''));
  const moduleOrPath = new RegExp(`(?:^|[\\s'",])${module.name}\\w*\\b|[$/\\\\]|\\.(?:psd1|psm1|dll)\\b`, 'i');
  // Code compiled on the spot (`-TypeDefinition $source`) is no assembly loaded from a file.
  const moduleAssembly = (loaded: string): boolean =>
    (loaded.includes('$') && !/-(?:typedefinition|memberdefinition)\b/i.test(loaded)) || [...loaded.matchAll(/microsoft\.[\w.]+/gi)].some(([name]) => !!module.types?.test(`${name.toLowerCase()}.`));
  const assemblyLoads = [...context.text.matchAll(/\[(?:system\.)?reflection\.assembly\]\s*::\s*load\w*\s*\(([^)]*)\)/gi)].map((load) => load[1]);
  return (
    commandTexts(['import-module', 'ipmo']).some((text) => moduleOrPath.test(text)) ||
    new RegExp(`^#requires\\b.*-modules?\\b.*\\b${module.name}\\b`, 'im').test(context.text) ||
    [...commandTexts(['add-type']), ...assemblyLoads].some(moduleAssembly)
  );
}

function typeUseNote(context: PowerShellRuleContext, signIn: CredentialSignIn, use: TypeUse): string {
  const line = lineNumberAt(context.text, use.startOffset);
  return (
    `line ${line} uses ${use.type}, a type the ${signIn.retiredModule!.name} module brings, which only ${signIn.cmdlet} loads here: after the fix nothing loads it and line ${line} fails; ` +
    `import the module before it (Import-Module ${signIn.retiredModule!.name}) or move that code off the module`
  );
}

function typeUseRelated(signIn: CredentialSignIn, use: TypeUse): Related {
  return { message: `${use.type} comes with the ${signIn.retiredModule!.name} module, which ${signIn.cmdlet} loads: the fix does not`, startOffset: use.startOffset, endOffset: use.endOffset };
}

/** Why a prompted sign-in is left to a person: it signs in interactively, with MFA; a retired module's cannot, its successor's can. */
function typedNote({ retiredModule, credentialParameters, interactiveForm }: CredentialSignIn, offered: ReadonlySet<FixKind | 'partner'>, fixCount: number, promptTakenOut: boolean): string {
  const interactive =
    retiredModule && !retiredModule.stillRuns
      ? `signed in interactively with ${retiredModule.successor} (Connect-MgGraph), the ${retiredModule.name} module being retired,`
      : interactiveForm
        ? `signed in interactively ${interactiveForm}, the cmdlet`
        : `signed in interactively (without -${credentialParameters[0]}), the cmdlet`;
  const one = fixCount === 1;
  return typedAtPromptReason(interactive, one ? 'the fix' : 'the fixes', `${one ? 'signs' : 'sign'} in with ${unattendedSignIns(offered)}`, promptTakenOut);
}

/** How fixes of these kinds sign in, in the order offered: `a Secure Application Model token, a certificate (app-only) or a managed identity`. */
function unattendedSignIns(kinds: ReadonlySet<FixKind | 'partner'>): string {
  const ways = [...new Set([...kinds].map((kind) => SIGNS_IN_WITH[kind]))];
  return ways.length > 1 ? `${ways.slice(0, -1).join(', ')} or ${ways.at(-1)}` : ways[0];
}

/** The alias the script calls the cmdlet by (`Login-AzureRmAccount`, `Add-AzAccount`), if it does. */
function aliasWritten(call: CommandCall, signIn: CredentialSignIn): string | undefined {
  const name = commandNameAsWritten(call.node);
  return name && name.toLowerCase() !== signIn.cmdlet.toLowerCase() ? name : undefined;
}

/** What to say of a name only a legacy module gave the cmdlet (`Connect-SPOnline`), if `written` is one. */
function legacyName(signIn: CredentialSignIn, written: string): string | undefined {
  const legacy = signIn.legacyNames;
  return legacy?.names.some((name) => name.toLowerCase() === written.toLowerCase()) ? legacy.note : undefined;
}

/** The cmdlet's name as written where its module was imported with a prefix (`Connect-MSPOService`). */
function importedName(call: CommandCall): string | undefined {
  const name = commandName(call.node);
  return name && !cmdletSpec(name) ? commandNameNode(call.node)?.text : undefined;
}

function message(why: string, signIn: CredentialSignIn, origin: CredentialOrigin | undefined, withheldAll?: string, withheldSam?: string, fixes: Fix[] = [], ownFunctions?: string): string {
  const parts = [why];
  if (signIn.takesStoredCredentialName && origin?.storedCredentialName) parts.push('(The credential is named by a string: a username and password stored in Windows Credential Manager.)');
  if (withheldAll) parts.push(`(No fix is offered here: ${withheldAll}.)`);
  else if (withheldSam && signIn.fixes.some((f) => f.kind === 'sam')) {
    parts.push(fixes.length > 0 ? `(The Secure Application Model fix is not offered here: ${withheldSam}; app-only fixes are.)` : `(No fix is offered here: ${withheldSam}.)`);
  } else if (fixes.length === 0) {
    const needs = ownFunctions ?? signIn.fixes.find((f) => f.needs)?.needs;
    if (needs) parts.push(`(No fix is offered here: ${needs}.)`);
  }
  return parts.join(' ');
}

/**
 * Why the password sign-in breaks: where it names Microsoft Cloud Deutschland, that the cloud is closed; where it names an
 * environment with its own endpoints, what holds there; in another cloud, with that cloud's resources.
 */
function whyItBreaks(context: PowerShellRuleContext, call: CommandCall, signIn: CredentialSignIn): string {
  const other = otherCloudNamed(call, signIn);
  if (other?.name && namesGermanCloud(other.name)) return germanCloudWhy(signIn, other);
  const environments = signIn.clouds.flatMap((cloud) => call.parameters.find((p) => p.canonical === cloud.parameter)?.value ?? []);
  const own = signIn.ownEnvironmentWhy !== undefined && environments.some((value) => namesOwnAzureEnvironment(context, value));
  if (own) return signIn.ownEnvironmentWhy!;
  return other && signIn.otherCloudWhy ? signIn.otherCloudWhy(other.name) : signIn.why;
}

/** The password sign-in's opening, then that Microsoft Cloud Deutschland is closed (the public cloud's dates and fixes come after the move), and a retired module's successor. */
function germanCloudWhy(signIn: CredentialSignIn, { cloud, parameter, name }: OtherCloud): string {
  const end = signIn.why.indexOf(PASSWORD);
  const opening = end >= 0 ? signIn.why.slice(0, end + PASSWORD.length) : `${signIn.cmdlet} -Credential ${PASSWORD}`;
  const publicCloud = cloud.publicValues.length > 0 ? `-${parameterAsWritten(parameter)} ${cloud.publicValues[0]}` : `without -${parameterAsWritten(parameter)}`;
  const module = signIn.retiredModule;
  const retired = module ? ` The ${module.name} module itself is ${module.stillRuns ? 'deprecated and unsupported' : 'retired'}: move to ${module.successor} too.` : '';
  return `${opening}. ${germanCloudClosed(name!, publicCloud)}.${retired}`;
}

/** A cloud parameter the sign-in gives another value than the public cloud's: the cloud as written, undefined where chosen at run time. */
interface OtherCloud {
  cloud: CloudParameter;
  parameter: BoundParameter;
  name: string | undefined;
}

function otherCloudNamed(call: CommandCall, signIn: CredentialSignIn): OtherCloud | undefined {
  for (const cloud of signIn.clouds) {
    const parameter = call.parameters.find((p) => p.canonical === cloud.parameter);
    if (!parameter) continue;
    const written = parameter.value ? literalText(parameter.value) : undefined;
    const isPublic = written !== undefined && cloud.publicValues.some((v) => v.toLowerCase() === written.toLowerCase());
    // A sovereign cloud set in a branch is one of the clouds the sign-in may name; a public one set there leaves it public.
    const name = written !== undefined && !isPublic && setConditionally(parameter.value!, call.node) ? undefined : written;
    if (!isPublic) return { cloud, parameter, name };
  }
  return undefined;
}

/**
 * Whether a splatted value is written in a branch the call is outside (`if ($gov) { $p.Add('TeamsEnvironmentName', 'TeamsGCCH') }`):
 * the call may run without it.
 */
function setConditionally(value: Node, call: Node): boolean {
  for (let node = value.parent; node && !isWithin(call, node); node = node.parent) {
    if (CONDITIONAL_STATEMENTS.has(node.type)) return true;
  }
  return false;
}

const CONDITIONAL_STATEMENTS = new Set(['if_statement', 'switch_statement', 'trap_statement', 'catch_clause']);

/** Reasons no fix at all can be made: another cloud, own endpoints, a block that may run on another computer. */
function whyNoFix(context: PowerShellRuleContext, call: CommandCall, signIn: CredentialSignIn): string | undefined {
  const other = otherCloudNamed(call, signIn);
  if (other) {
    const { parameter, name } = other;
    const own = !name && !!parameter.value && signIn.ownEnvironmentWhy !== undefined && namesOwnAzureEnvironment(context, parameter.value);
    const named = name ?? (own ? 'an environment with endpoints of its own' : 'a cloud chosen at run time');
    return `the fixes sign in to the public cloud, and this sign-in names ${named} (-${parameterAsWritten(parameter)})`;
  }
  const site = sovereignSharePointSite(context, call, signIn);
  if (site) return `the fixes sign in to the public cloud, and this sign-in's site ${site} is in another cloud (-${signIn.siteParameter})`;
  const endpoint = call.parameters.find((p) => signIn.customEndpoints.includes(p.canonical) && !namesPublicEndpoint(context, signIn, p));
  if (endpoint) return `the fixes sign in to the public cloud's endpoints, and this sign-in names its own (-${parameterAsWritten(endpoint)})`;
  if (otherRunspaceHost(call.node) === 'Invoke-Command') {
    return 'Invoke-Command may run this block on another computer, where neither the script\'s functions nor its environment exist';
  }
  return detachedFromScript(call.node) ?? resultMemberLost(context, call, signIn.cmdlet, signIn.returned);
}

/**
 * `-ConnectionUri https://outlook.office365.com/powershell-liveid/`: the endpoint the cmdlet uses anyway, written in
 * place or in the one assignment of a variable. A parameter's default is not: a caller may give another cloud's.
 */
function namesPublicEndpoint(context: PowerShellRuleContext, signIn: CredentialSignIn, parameter: BoundParameter): boolean {
  const endpoint = signIn.publicEndpoints?.[parameter.canonical];
  if (!endpoint || !parameter.value) return false;
  const inner = innermost(parameter.value);
  const name = inner.type === 'variable' ? variableName(inner) : undefined;
  // The assignment the use sees: none where the name is a parameter of the function around it, which a caller gives.
  const seen = name ? context.values().assignmentSeenBy(inner) : undefined;
  if (name && (!seen || seen.node.type !== 'assignment_expression' || context.values().assignmentsOf(name).length !== 1)) return false;
  return endpoint.test(context.values().writtenShapeOf(seen?.value ?? parameter.value));
}

/** The host of a SharePoint site in US Government, China or Germany (`contoso.sharepoint.us`), as far as the script shows the URL. */
function sovereignSharePointSite(context: PowerShellRuleContext, call: CommandCall, signIn: CredentialSignIn): string | undefined {
  const host = siteHost(context, call, signIn.siteParameter);
  const cloud = host ? SHAREPOINT_ONLINE_HOST.exec(host)?.[1].toLowerCase() : undefined;
  return host && cloud && cloud !== 'com' ? host.replace(/\u0000/g, '…') : undefined;
}

/** SharePoint Online's hosts in every cloud: `.com`, US Government's `.us` (GCC High's `sharepoint-mil.us`), China's `.cn`, Germany's `.de`. */
const SHAREPOINT_ONLINE_HOST = /\.sharepoint(?:-mil)?\.(com|us|cn|de)$/i;

/** Reasons the script's token function cannot be called from here. */
function whyNoTokenFunctionFor(context: PowerShellRuleContext, call: CommandCall): string | undefined {
  const remote = otherRunspaceHost(call.node);
  if (remote) return `${remote} runs this block where the script's own token function does not exist`;
  if (inHeldScriptBlock(call.node, context.functionNames())) return `${HELD_SCRIPT_BLOCK}, where the script's own token function does not exist`;
  return whyNoTokenFunction(context);
}

/** The argument a fix's title names: the one that says how the new command signs in. */
const TELLING_PARAMETERS = ['AccessToken', 'AccessTokens', 'RefreshToken', 'CertificateThumbprint', 'Thumbprint', 'Identity', 'ManagedIdentity'];

/** What each kind of fix signs in with, as the messages say it. */
const SIGNS_IN_WITH: Record<FixKind | 'partner', string> = {
  sam: 'a Secure Application Model token',
  partner: 'a Secure Application Model token',
  'app-only': 'a certificate (app-only)',
  'managed-identity': 'a managed identity',
  interactive: 'an interactive sign-in (MFA)',
};

const TITLES: Record<FixKind | 'partner', (command: string) => string> = {
  sam: (command) => `Sign in with a Secure Application Model token (${command})`,
  partner: (command) => `Sign in with a Secure Application Model token from New-PartnerAccessToken (${command})`,
  'app-only': (command) => `Sign in app-only with a certificate (${command})`,
  'managed-identity': (command) => `Sign in with a managed identity (${command})`,
  interactive: (command) => `Sign in interactively with MFA (${command})`,
};

/**
 * The fixes in order: Secure Application Model first, then app-only, then the New-PartnerAccessToken
 * variant; in an Azure Automation runbook, or a script that already signs in with its managed identity,
 * that managed identity before them all (it needs no secret kept anywhere). `shadowed` gets the new commands no fix can call: the script's own functions of those names
 * would run instead.
 */
function buildFixes(
  context: PowerShellRuleContext,
  call: CommandCall,
  signIn: CredentialSignIn,
  noTokenFunction: boolean,
  shadowed: Set<string>,
  ownTokenFunction: Set<string>,
  offered: Set<FixKind | 'partner'>,
): Fix[] {
  const usable = signIn.fixes.filter((builder) => !(noTokenFunction && builder.kind === 'sam'));
  if (context.runbook() || context.managedIdentity()) usable.sort((a, b) => Number(b.kind === 'managed-identity') - Number(a.kind === 'managed-identity'));
  const made = (builder: FixBuilder, kind: FixKind | 'partner', tokenFunction: TokenFunction): Fix[] => {
    const fixes = makeFix(context, call, builder, kind, tokenFunction, shadowed, ownTokenFunction);
    if (fixes.length > 0) offered.add(kind);
    return fixes;
  };
  const fixes = usable.flatMap((builder) => made(builder, builder.kind, GET_SAM_ACCESS_TOKEN));
  const sam = usable.find((builder) => builder.kind === 'sam');
  if (sam && signIn.partnerVariant && usesPartnerCenter(context)) fixes.push(...made(sam, 'partner', GET_PARTNER_SAM_ACCESS_TOKEN));
  return fixes;
}

/** `ownTokenFunction` gets why a fix cannot call the script's own token function (a parameter it lacks). */
function makeFix(
  context: PowerShellRuleContext,
  call: CommandCall,
  builder: FixBuilder,
  kind: FixKind | 'partner',
  tokenFunction: TokenFunction,
  shadowed: Set<string>,
  ownTokenFunction: Set<string>,
): Fix[] {
  const casing = context.casing();
  const organization = () => organizationOfScript(context, call.start);
  const inputs = fixInputs(context.text, call, context.secrets(), tokenFunction, casing, () => context.index.commandsByName().keys(), context.values(), organization);
  const built = builder.build(inputs);
  if (!built) return [];
  // A module imported with a prefix keeps it: its cmdlets go by no other name.
  const prefixed = importedName(call);
  const rewrite = prefixed && built.cmdlet === call.spec.name ? { ...built, cmdlet: prefixed } : built;
  if (context.functionNames().has(rewrite.cmdlet.toLowerCase())) {
    shadowed.add(rewrite.cmdlet);
    return [];
  }
  const helper = builder.kind === 'sam' ? planTokenFunction(context, tokenFunction, helperScopeAt(context.index, call.start)) : [];
  if (!helper) return [];
  const layout = layoutOf(call.node.text, casing, context.style().eol);
  const command = renderRewrite(rewrite, commonArguments(context.text, call, isCommonParameter), layout) + onceForCall(carried, call, () => carriedAlong(call.node));
  // Connect-MgGraph returns nothing, where Connect-AzureAD returned the connection a script may test.
  const newText = rewrite.cmdlet === 'Connect-MgGraph' && onceForCall(used, call, () => valueUsed(context.text, call)) ? `$(${command}; ${inCasing('Get-MgContext', casing)})` : command;
  const fails = builder.kind === 'sam' ? whyOwnTokenFunctionFails(context, tokenFunction, newText) : undefined;
  if (fails) {
    ownTokenFunction.add(fails);
    return [];
  }
  const end = call.node.startIndex + call.node.text.trimEnd().length;
  // An interactive sign-in is told by its cmdlet alone: what it keeps (-Url, -Tenant) does not say how it signs in.
  const telling = kind === 'interactive' ? undefined : (rewrite.args.find((a) => TELLING_PARAMETERS.includes(a.name)) ?? rewrite.args[0]);
  const shown = inCasing(`${rewrite.cmdlet}${telling ? ` -${telling.name}` : ''}`, casing);
  const repeated = repeatedSignInRemoval(context.text, call, newText);
  return [
    {
      title: repeated ? `Remove this sign-in: the ${shown} right above it signs in the same way` : TITLES[kind](shown),
      // Only the prescribed rewrites are applied unattended (the token, or where someone types the password in, the
      // interactive sign-in): app-only and managed identity need an app set up for them, but for a script that
      // already signs in with the managed identity, which has one.
      safeForFixAll: kind === 'sam' || kind === 'interactive' || (kind === 'managed-identity' && context.managedIdentity()),
      ...(kind === 'interactive' ? { interactive: true as const } : {}),
      edits: [...helper, repeated ?? { startOffset: call.node.startIndex, endOffset: end, newText }],
    },
  ];
}

/** What each of a call's fixes reads of it alike (walks of its nodes), read once per call of an analysis. */
function onceForCall<T>(reads: WeakMap<CommandCall, T>, call: CommandCall, read: () => T): T {
  if (!reads.has(call)) reads.set(call, read());
  return reads.get(call) as T;
}

const carried = new WeakMap<CommandCall, string>();
const used = new WeakMap<CommandCall, boolean>();

/**
 * Whether what the call returns is used: assigned (`$connection = Connect-AzureAD …`), tested or piped
 * on; not where the statement is the call alone, or throws its value away (`| Out-Null`, `$null = …`).
 */
function valueUsed(text: string, call: CommandCall): boolean {
  const statement = enclosingStatement(call.node);
  const before = text.slice(statement.startIndex, call.node.startIndex).trim();
  const after = text.slice(call.node.endIndex, statement.endIndex).trim();
  return !((before === '' && (after === '' || /^\|\s*Out-Null$/i.test(after))) || (/^\$null\s*=$/i.test(before) && after === ''));
}

/**
 * The `<# … #>` comments and the redirections (`2>&1`, `> $null`) written among the call's own
 * arguments, which the rewrite keeps at its end (a comment inside an argument's expression goes with
 * the argument, where it is kept).
 */
function carriedAlong(call: Node): string {
  const comments = descendants(call, 'comment').filter((comment) => comment.text.startsWith('<#') && comment.parent?.parent?.parent?.id === call.id);
  // Written without a blank (`2>$null`), the grammar reads a redirection as a bare word.
  const redirections = [...descendants(call, 'redirection'), ...descendants(call, 'generic_token').filter((token) => REDIRECTION_WORD.test(token.text))].filter(
    (redirection) => redirection.parent?.parent?.id === call.id,
  );
  return [...comments, ...redirections]
    .sort((a, b) => a.startIndex - b.startIndex)
    .map((node) => ` ${node.text.trim()}`)
    .join('');
}

/**
 * The removal of the call where the statement right above it is already what the fix would write:
 * `Connect-MsolService` and `Connect-AzureAD` side by side both become the same `Connect-MgGraph`.
 * Only a call that is a whole statement.
 */
function repeatedSignInRemoval(text: string, call: CommandCall, newText: string): TextEdit | undefined {
  const statement = call.node.parent?.parent;
  if (statement?.type !== 'pipeline' || statement.text.trim() !== call.node.text.trim()) return undefined;
  const before = statement.previousNamedSibling;
  // The `;` that ends the statement above is a statement of its own to the grammar.
  const above = before?.type === 'empty_statement' ? before.previousNamedSibling : before;
  if (above?.type !== 'pipeline' || above.text.trim() !== newText.trim()) return undefined;
  return removeStatement(text, statement);
}

function credentialRelated(context: PowerShellRuleContext, credential: BoundParameter, origin: CredentialOrigin | undefined): Related[] {
  const related: Related[] = [];
  const at = (node: Node, text: string): Related => ({ message: text, startOffset: node.startIndex, endOffset: node.endIndex });
  if (credential.splatted) related.push(at(credential.nameNode, 'the credential is splatted from here'));
  if (origin?.assignment) related.push(at(origin.assignment, origin.maker ? `the user credential is made here (${origin.maker})` : 'the user credential is set here'));
  for (const command of origin?.plaintextPasswords ?? []) {
    related.push(at(command, 'its password is written in the script and made a SecureString here: remove it from the script and change the password'));
  }
  if (credential.value) related.push(...plainTextReadsRelated(credential.value, context));
  return related;
}

/** The script's other cmdlets of a retired module: they fail too, and must move to the successor. */
function moduleRelated(context: PowerShellRuleContext, signIn: CredentialSignIn): Related[] {
  const module = signIn.retiredModule;
  if (!module) return [];
  // Every sign-in of the module lists the same cmdlets: found once per script, not once per sign-in.
  let byModule = moduleCmdlets.get(context);
  if (!byModule) moduleCmdlets.set(context, (byModule = new Map()));
  let related = byModule.get(module.name);
  if (!related) byModule.set(module.name, (related = otherModuleCmdlets(context.index.commandsByName(), module, context.functionNames())));
  return related;
}

const moduleCmdlets = new WeakMap<PowerShellRuleContext, Map<string, Related[]>>();

/** `ownFunctions`: the script's own functions (lower-case), named like the module's cmdlets (`Get-MsolUserReport`) but none of them. */
function otherModuleCmdlets(commandsByName: ReadonlyMap<string, readonly IndexedCommand[]>, module: NonNullable<CredentialSignIn['retiredModule']>, ownFunctions: ReadonlySet<string>): Related[] {
  const isOther = (name: string): boolean =>
    module.cmdlets.test(name) && !ownFunctions.has(name.toLowerCase()) && !SIGN_INS.some((s) => cmdletSpec(name) === cmdletSpec(s.cmdlet));
  const names = [...commandsByName].flatMap(([name, commands]) => (isOther(name) ? commands.flatMap((c) => (c.written ? [c.written] : [])) : []));
  return names
    .sort((a, b) => a.start - b.start)
    .slice(0, MAX_MODULE_CMDLETS)
    .map((written) => ({
      message: /^disconnect-azuread$/i.test(written.text)
        ? `${written.text} closes the sign-in the fix replaces with Connect-MgGraph, which it does not close: make it Disconnect-MgGraph`
        : `${written.text} belongs to the retired ${module.name} module too: move it to ${module.successor}`,
      startOffset: written.start,
      endOffset: written.end,
    }));
}

function usesPartnerCenter(context: PowerShellRuleContext): boolean {
  let uses = partnerCenterUse.get(context);
  if (uses === undefined) partnerCenterUse.set(context, (uses = [...context.index.commandsByName().keys()].some((name) => /^[a-z]+-partner/i.test(name))));
  return uses;
}

const partnerCenterUse = new WeakMap<PowerShellRuleContext, boolean>();
