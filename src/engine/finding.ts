/** What the engine reports and how a fix rewrites a file. Offsets are UTF-16 indices into the file's text. */

import type { EmbeddedScript } from './embedded-scripts';

export type Severity = 'error' | 'warning' | 'info';

/** How severities compare: a higher rank is more severe. */
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export type LanguageId = 'typescript' | 'typescriptreact' | 'javascript' | 'javascriptreact' | 'powershell';

export const LANGUAGE_IDS: readonly LanguageId[] = [
  'typescript',
  'typescriptreact',
  'javascript',
  'javascriptreact',
  'powershell',
];

/** 0-based line and UTF-16 column, as VS Code and the LSP count them. */
export interface Position {
  line: number;
  character: number;
}

export interface SourceRange {
  start: Position;
  end: Position;
  startOffset: number;
  endOffset: number;
}

export interface TextEdit {
  startOffset: number;
  endOffset: number;
  newText: string;
}

export interface Fix {
  title: string;
  /** Edits on the finding's own file; never overlapping. */
  edits: TextEdit[];
  /** True when `mfa-ready fix` may apply it unattended: it is the rule's prescribed rewrite. */
  safeForFixAll: boolean;
  /**
   * It signs in whoever runs the code, interactively, where the code had them type the password in: each sign-in
   * fixed so asks that person, so several accounts in a file are no reason to leave it (see several-accounts.ts).
   */
  interactive?: true;
  /**
   * The text it writes keeps a secret of the file (the rest of a string body it rewrites holds a
   * `client_secret=…`): not written into logs such as SARIF, nor a cache. Set by `analyze`.
   */
  keepsSecret?: boolean;
}

export interface RelatedLocation {
  message: string;
  range: SourceRange;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: SourceRange;
  language: LanguageId;
  /** The finding's source line, shortened, with string contents and secret-looking values masked. */
  snippet: string;
  fixes: Fix[];
  related: RelatedLocation[];
  /** Stable across unrelated edits of the file (SARIF `partialFingerprints`). */
  fingerprint: string;
}

/** Why a file, or part of one, was not analysed. Never contains file contents. */
export interface Notice {
  path: string;
  kind: 'parse-error' | 'skipped' | 'unreadable' | 'encoding' | 'fix-withheld' | 'internal-error';
  message: string;
  line?: number;
}

export interface AnalysisResult {
  findings: Finding[];
  notices: Notice[];
  /** How many syntax errors the parse met: a fix may not add to them. */
  syntaxErrors: number;
  /** Scripts of another language in the file's strings, for `analyze` to read as that language. */
  embeddedScripts?: EmbeddedScript[];
}
