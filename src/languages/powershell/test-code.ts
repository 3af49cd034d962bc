import { lastPathPart, lineNumberAt } from '../../engine/text';
import type { RuleHit, RuleMeta } from '../../engine/rule';
import { asTestSignIn, type TestCode } from '../shared/test-sign-in';
import { commandElements } from './command';
import type { PowerShellRuleContext } from './rule-context';
import { innermost, isWithin, type Node } from './syntax';

/** Pester's naming convention for test scripts (`Connect.Tests.ps1`), in any case. */
export const PESTER_TEST_FILE = /\.tests\.ps1$/i;

/** Pester's commands that take a test's code, or its set-up and tear-down, as a script block, by their lower-case names. */
const PESTER_BLOCKS = new Map(['Describe', 'Context', 'It', 'BeforeAll', 'BeforeEach', 'AfterAll', 'AfterEach', 'BeforeDiscovery'].map((name) => [name.toLowerCase(), name]));

/** A hit of a Pester test's sign-in, whose fixes would sign the test in as another account: quick fixes only (see `asTestSignIn`). */
export function asPesterSignIn(context: PowerShellRuleContext, meta: RuleMeta, hit: RuleHit): RuleHit {
  return asTestSignIn(meta, hit, () => testCodeAt(context, hit.startOffset));
}

/** Whether the code at `offset` is a Pester test's: the script is named as one, or it runs in a Pester block. */
export function inPesterTest(context: PowerShellRuleContext, offset: number): boolean {
  return testCodeAt(context, offset) !== undefined;
}

/** What makes the code at `offset` a Pester test's: the script's name, else the Pester block it runs in (the innermost). */
function testCodeAt(context: PowerShellRuleContext, offset: number): TestCode | undefined {
  const name = lastPathPart(context.path);
  if (PESTER_TEST_FILE.test(name)) return { what: 'the file', mark: `it is named as a Pester test (${name})` };
  const block = pesterBlocksAround(context, offset).pop();
  return block && { what: 'the sign-in', mark: `it runs in a Pester ${PESTER_BLOCKS.get(block.name)} block (line ${lineNumberAt(context.text, block.start)})` };
}

/**
 * The calls of Pester's block commands whose script-block argument holds `offset` (`It 'signs in' { … }`,
 * `Describe -Fixture { … }`), outer ones first. Not where the script declares a function of that name,
 * which is then its own command.
 */
function pesterBlocksAround(context: PowerShellRuleContext, offset: number): { name: string; start: number }[] {
  const around = { startIndex: offset, endIndex: offset };
  return [...PESTER_BLOCKS.keys()]
    .filter((name) => !context.functionNames().has(name))
    .flatMap((name) => (context.index.commandsByName().get(name) ?? []).filter((at) => at.start <= offset && offset < at.end).map((at) => ({ name, at })))
    .filter(({ at }) => scriptBlockArguments(context.index.node(at, 'command')).some((block) => isWithin(around, block)))
    .map(({ name, at }) => ({ name, start: at.start }))
    .sort((a, b) => a.start - b.start);
}

/** The command's arguments that are script blocks written in place. */
function scriptBlockArguments(command: Node): Node[] {
  return commandElements(command)
    .map(innermost)
    .filter((element) => element.type === 'script_block_expression');
}
