import type { Finding, AnalysisResult, Fix, Notice } from '../../engine/finding';
import { findingFromHit } from '../../engine/hit-to-finding';
import type { FixSettings } from '../../engine/fix-settings';
import { anyTriggered, rulesTriggeredBy, type RuleChoice } from '../../engine/rule';
import { powerShellNotCode } from './comments';
import { keepRecent } from '../../engine/recent';
import { LineIndex } from '../../engine/text';
import { hasKeptTree, withPowerShellTree } from './parser';
import { createRuleContext, type PowerShellRule } from './rule-context';
import { IndexMemory } from './script-index';
import { powerShellRules } from './rules';
import { syntaxErrorNodes } from './syntax';
import { asModuleSignIn } from './module-callers';
import { asPesterSignIn } from './test-code';
import { asSignInOnUnknownHost } from './automation-runbook';
import { leaveSeveralAccountsToPerson } from '../../engine/several-accounts';

/** `choice`: see `RuleChoice`. */
export async function analyzePowerShell(path: string, text: string, settings: FixSettings, choice?: RuleChoice): Promise<AnalysisResult> {
  if (choice === 'every') return analyzeTree(path, text, settings, powerShellRules);
  if (choice) return analyzeTree(path, text, settings, powerShellRules.filter(({ meta }) => choice.inCode.includes(meta.id)));
  // An edit of a script whose tree is kept re-parses a little of it, and the comment scan costs more
  // than it saves: it is asked only when nothing is found, to answer as a fresh analysis would.
  if (hasKeptTree(path)) {
    const anywhere = rulesTriggeredBy(powerShellRules, text);
    const result = await analyzeTree(path, text, settings, anywhere);
    if (result.findings.length > 0 && result.syntaxErrors === 0) return result;
    const inCode = rulesTriggeredInCode(text);
    if (!anyTriggered(inCode)) return nothingFound();
    // Where the script does not parse, the comment scan may read as a string (`@"` opened by an edit) what
    // the tree reads as code: a fresh analysis runs only the rules triggered in code.
    return result.syntaxErrors === 0 || inCode.length === anywhere.length ? result : analyzeTree(path, text, settings, inCode);
  }
  const rules = rulesTriggeredInCode(text);
  // Trigger words only in comments (`# Connect-MsolService is retired`, say): no rule can find anything.
  return anyTriggered(rules) ? analyzeTree(path, text, settings, rules) : nothingFound();
}

/** PowerShell held in a string of another file: analysed afresh each time, nothing kept for an edit of it. */
export async function analyzeEmbeddedPowerShell(path: string, text: string, settings: FixSettings): Promise<AnalysisResult> {
  const rules = rulesTriggeredInCode(text);
  return anyTriggered(rules) ? analyzeTree(path, text, settings, rules, true) : nothingFound();
}

const nothingFound = (): AnalysisResult => ({ findings: [], notices: [], syntaxErrors: 0 });

function rulesTriggeredInCode(text: string): PowerShellRule[] {
  return rulesTriggeredBy(powerShellRules, text, powerShellNotCode(text));
}

/**
 * The tree and the statements' facts are kept for the next analysis of `path` (an edit), unless the
 * script is `embedded` in a string of another file: then none of its fixes is offered either.
 */
function analyzeTree(path: string, text: string, settings: FixSettings, rules: readonly PowerShellRule[], embedded = false): Promise<AnalysisResult> {
  const keep = !embedded;
  return withPowerShellTree(text, (tree) => {
    const lines = new LineIndex(text);
    const errors = syntaxErrorNodes(tree.rootNode);
    const notices: Notice[] = errors.slice(0, 1).map((error) => ({
      path,
      kind: 'parse-error',
      line: lines.positionAt(error.startIndex).line + 1,
      message:
        'the PowerShell grammar does not parse the script here (a syntax error, or a construct the grammar ' +
        'lacks); findings inside that part may be missed and get no fix',
    }));
    const context = createRuleContext(path, text, settings, tree.rootNode, keep ? indexMemoryOf(path) : new IndexMemory());
    const hits = rules.flatMap((rule) => rule.check(context).map((hit) => ({ meta: rule.meta, hit: asModuleSignIn(path, rule.meta, asPesterSignIn(context, rule.meta, asSignInOnUnknownHost(context, hit))) })));
    // Which account each fix would sign in as is moot where no fix is offered: the note would talk of fixes, at lines of the string.
    const decided = embedded ? hits : leaveSeveralAccountsToPerson(hits, text, 'script');
    const findings: Finding[] = decided.map(({ meta, hit }) => findingFromHit(meta, hit, lines, 'powershell'));
    // The grammar misses some valid PowerShell, so an error elsewhere does not block a fix; one that
    // touches the finding does.
    for (const finding of findings) {
      const { startOffset, endOffset } = finding.range;
      const touching = errors.find((error) => error.startIndex < endOffset && startOffset < error.endIndex);
      if (touching && finding.fixes.length) {
        finding.fixes = [];
        finding.message += ` Its fix is not offered while the PowerShell grammar does not parse the code around it (line ${lines.positionAt(touching.startIndex).line + 1}).`;
      }
      const whole = finding.fixes.filter((fix) => !splitsPipeline(fix, text));
      if (whole.length < finding.fixes.length) [finding.fixes, finding.message] = [whole, `${finding.message} ${PIPELINE_NOTE}`];
    }
    if (isSigned(text)) leaveToSigner(findings);
    return { findings, notices, syntaxErrors: errors.length };
  }, keep ? path : undefined);
}

// The scripts analysed last (the ones being edited) keep their statements' facts for the next edit.
const REMEMBERED_SCRIPTS = 2;
const indexMemories = new Map<string, IndexMemory>();

function indexMemoryOf(path: string): IndexMemory {
  const memory = indexMemories.get(path) ?? new IndexMemory();
  keepRecent(indexMemories, path, memory, REMEMBERED_SCRIPTS);
  return memory;
}

/** An Authenticode signature block, as Set-AuthenticodeSignature appends it: the script's last lines. */
const SIGNATURE_BLOCK = /(?:^|\n)# SIG # Begin signature block\r?\n(?:#[^\r\n]*\r?\n)*# SIG # End signature block\s*$/;

function isSigned(text: string): boolean {
  return text.includes('# SIG # Begin signature block') && SIGNATURE_BLOCK.test(text);
}

const SIGNED_NOTE =
  '(Fix-all leaves this to you: the script is signed, and any fix invalidates its signature, so that an AllSigned ' +
  'execution policy (RemoteSigned, for a script from the internet) refuses to run it: re-sign it after fixing.)';

/** A signed script's fixes are offered to a person only, who re-signs the script after applying them. */
function leaveToSigner(findings: Finding[]): void {
  for (const finding of findings.filter((f) => f.fixes.length > 0)) {
    finding.fixes = finding.fixes.map((fix) => ({ ...fix, safeForFixAll: false }));
    finding.message += ` ${SIGNED_NOTE}`;
  }
}

const PIPELINE_NOTE = '(A fix is left out here: the statement goes on at a line starting with `|`, which lines the fix adds would cut off.)';

/**
 * Whether a fix puts lines in front of a line that starts with `|`: PowerShell 7 goes on with the
 * statement above there (a form the grammar lacks), and the new lines would cut the pipeline.
 */
function splitsPipeline(fix: Fix, text: string): boolean {
  return fix.edits.some(({ endOffset, newText }) => newText.includes('\n') && /^[ \t]*(?:\r?\n[ \t]*)?\|/.test(text.slice(endOffset, endOffset + 400)));
}
