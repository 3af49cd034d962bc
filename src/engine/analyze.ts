import type * as PowerShellLanguage from '../languages/powershell';
import type * as TypeScriptLanguage from '../languages/typescript';
import { applyEdits } from './edits';
import { fingerprints } from './fingerprint';
import type { AnalysisResult, Finding, LanguageAnalysis, LanguageId } from './finding';
import { DEFAULT_FIX_SETTINGS, type FixSettings } from './fix-settings';

// Loaded on first use: the TypeScript parser takes about half a second to load, the PowerShell
// grammar is a 1 MB wasm; a scan that meets no file of a language never loads it.
let typeScript: typeof TypeScriptLanguage | undefined;
let powerShell: typeof PowerShellLanguage | undefined;
const typeScriptLanguage = (): typeof TypeScriptLanguage => (typeScript ??= require('../languages/typescript'));
const powerShellLanguage = (): typeof PowerShellLanguage => (powerShell ??= require('../languages/powershell'));

/**
 * Analyses one file's text. Never throws: a failure becomes a notice. Every fix offered is checked
 * not to add a syntax error to the file.
 */
export async function analyze(
  path: string,
  text: string,
  languageId: LanguageId,
  settings: FixSettings = DEFAULT_FIX_SETTINGS,
): Promise<AnalysisResult> {
  try {
    const result =
      languageId === 'powershell'
        ? await powerShellLanguage().analyzePowerShell(path, text, settings)
        : typeScriptLanguage().analyzeTypeScript(path, text, languageId, settings);
    const prints = fingerprints(result.findings, text);
    result.findings.forEach((finding, index) => (finding.fingerprint = prints[index]));
    for (const finding of result.findings) {
      finding.fixes = await keepFixesThatParse(finding, path, text, languageId, result);
    }
    return result;
  } catch (error) {
    return { findings: [], notices: [{ path, kind: 'internal-error', message: `analysis failed: ${describe(error)}` }] };
  }
}

export function syntaxErrorCount(text: string, languageId: LanguageId): Promise<number> {
  return languageId === 'powershell'
    ? powerShellLanguage().countPowerShellSyntaxErrors(text)
    : Promise.resolve(typeScriptLanguage().countSyntaxErrors(text, languageId !== 'typescript'));
}

async function keepFixesThatParse(
  finding: Finding,
  path: string,
  text: string,
  languageId: LanguageId,
  analysis: LanguageAnalysis,
): Promise<Finding['fixes']> {
  const kept: Finding['fixes'] = [];
  for (const fix of finding.fixes) {
    if ((await syntaxErrorCount(applyEdits(text, fix.edits), languageId)) <= analysis.syntaxErrors) {
      kept.push(fix);
    } else {
      analysis.notices.push({
        path,
        kind: 'internal-error',
        line: finding.range.start.line + 1,
        message: `the fix "${fix.title}" for ${finding.ruleId} was withheld: its result would not parse`,
      });
    }
  }
  return kept;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
