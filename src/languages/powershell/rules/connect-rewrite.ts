import type { SecretName } from '../../../engine/fix-settings';
import { valueEndOf, type BoundParameter, type CommandCall } from '../command';
import { isSwitch } from '../cmdlets';
import { inCasing, type NameCasing } from '../code-style';
import { innermost, literalText, type Node } from '../syntax';
import { adminUrlTenant } from '../sharepoint-admin-tenant';
import type { ScriptValues } from '../values';
import type { PowerShellSecrets } from '../templates/secret-source';

/** One argument of a command a fix writes: `-Name`, `-Name value` or `-Name:value`. */
export interface Argument {
  name: string;
  value?: string;
  colon?: boolean;
}

/** The command a fix writes in place of the sign-in. */
export interface Rewrite {
  cmdlet: string;
  args: Argument[];
}

/** What a fix builder reads from the sign-in it replaces, and the code it may generate. */
export interface FixInputs {
  /** An argument of the sign-in as code for the new command (a splatted one as `$params.Key`). */
  value(canonical: string): string | undefined;
  /** The same as an expression (inside `( )`): a bare word in double quotes, which expand it as the command did. */
  expression(canonical: string): string | undefined;
  /** An argument's value when written as a literal. */
  literal(canonical: string): string | undefined;
  /** The tenant an argument names, as code for the new command: a SharePoint admin URL's `<name>.onmicrosoft.com`. */
  tenantNamedBy(canonical: string): string | undefined;
  /** Arguments carried over as given, renamed where the new command calls them otherwise (`[from, to]`). */
  carry(...names: (string | [string, string])[]): Argument[];
  /** An expression that yields a secret from the configured source. */
  secret(name: SecretName): string;
  /** A call of the script's token function: `(Get-SamAccessToken -Scope … [-Tenant …] [-AsSecureString])`. */
  token(scopeCode: string, options?: { tenant?: string; secure?: boolean }): string;
  /** Whether the script calls a command whose (lower-case) name matches: its cmdlets may need tokens of their own. */
  scriptCalls(name: RegExp): boolean;
  /** The organisation's `<name>.onmicrosoft.com` domain where the sign-in runs, as code: a variable holding it, or the script's other Exchange sign-ins' (see `organizationOfScript`). */
  organization(): string | undefined;
}

/** `scriptCalls` of a script that calls the commands named `names` (lower case). */
export function scriptCallsOf(names: () => Iterable<string>): Pick<FixInputs, 'scriptCalls'> {
  return {
    scriptCalls: (name) => {
      for (const called of names()) if (name.test(called)) return true;
      return false;
    },
  };
}

export const quoted = (text: string): string => `'${text.replace(/'/g, "''")}'`;

export function fixInputs(
  text: string,
  call: CommandCall,
  secrets: PowerShellSecrets,
  tokenFunction: string,
  casing: NameCasing,
  calledNames: () => Iterable<string>,
  values: ScriptValues,
  organization: () => string | undefined,
): FixInputs {
  const bound = (canonical: string): BoundParameter | undefined => call.parameters.find((p) => p.canonical === canonical);
  const written = (canonical: string): WrittenArgument | undefined => {
    const p = bound(canonical);
    if (!p) return undefined;
    const code = p.splat ? splatReference(p.splat.variable, p.splat.key) : p.value ? text.slice(p.value.startIndex, valueEndOf(p)) : undefined;
    const bare = !p.splat && !!p.value && code !== undefined && isBareWord(p.value, code);
    const value = p.splat ? undefined : p.value;
    const tenant = value ? () => adminUrlTenant(value, values) : undefined;
    return { code, isSwitch: isSwitch(call.spec, canonical), literal: p.value ? literalText(p.value) : undefined, bare, tenant };
  };
  return { ...readArguments(written), ...generatedCode(secrets, tokenFunction, casing), ...scriptCallsOf(calledNames), organization };
}

/** An argument of the sign-in a fix replaces: its code (none for a bare switch), and its value when a literal. */
export interface WrittenArgument {
  code?: string;
  isSwitch: boolean;
  literal?: string;
  /** A command-mode bare word (`https://$tenant.sharepoint.com`, `$root/$site`), which an expression would read otherwise. */
  bare?: boolean;
  /** The tenant the value names (see `FixInputs.tenantNamedBy`), worked out when asked. */
  tenant?: () => string | undefined;
}

/**
 * Whether an argument is a bare word: one the grammar reads as such, or one it was given as a single
 * variable where the script writes more (a path after a variable, see `grammar-gaps.ts`).
 */
function isBareWord(value: Node, code: string): boolean {
  const inner = innermost(value);
  if (inner.type === 'generic_token') return true;
  return inner.type === 'variable' && !/^\$(?:\{[^}]*\}|(?:\w+:)?\w+)$/.test(code.trim());
}

/** The reading half of FixInputs, over whatever gives the arguments of the sign-in being replaced. */
export function readArguments(written: (canonical: string) => WrittenArgument | undefined): Pick<FixInputs, 'value' | 'expression' | 'literal' | 'tenantNamedBy' | 'carry'> {
  return {
    value: (canonical) => written(canonical)?.code,
    tenantNamedBy: (canonical) => written(canonical)?.tenant?.(),
    expression: (canonical) => {
      const argument = written(canonical);
      return argument?.bare ? `"${argument.code}"` : argument?.code;
    },
    literal: (canonical) => written(canonical)?.literal,
    carry: (...names) =>
      names.flatMap((entry): Argument[] => {
        const [from, to] = typeof entry === 'string' ? [entry, entry] : entry;
        const argument = written(from);
        if (!argument) return [];
        if (argument.isSwitch) return [argument.code === undefined ? { name: to } : { name: to, value: argument.code, colon: true }];
        return argument.code === undefined ? [] : [{ name: to, value: argument.code }];
      }),
  };
}

/** The generating half of FixInputs: secrets from the configured source, the token function's calls, in the script's casing. */
export function generatedCode(secrets: PowerShellSecrets, tokenFunction: string, casing: NameCasing): Pick<FixInputs, 'secret' | 'token'> {
  const cased = (generated: string): string => inCasing(generated, casing);
  return {
    secret: (name) => cased(secrets.read(name)),
    token: (scopeCode, options = {}) => {
      const tenant = options.tenant ? [cased('-Tenant'), options.tenant] : [];
      const secure = options.secure ? [cased('-AsSecureString')] : [];
      return `(${[cased(tokenFunction), cased('-Scope'), scopeCode, ...tenant, ...secure].join(' ')})`;
    },
  };
}

/** `$params.Credential`, or `$params['odd key']` where the key is no plain name (`variable` as written after `@`). */
export function splatReference(variable: string, key: string): string {
  return /^[A-Za-z_]\w*$/.test(key) ? `$${variable}.${key}` : `$${variable}[${quoted(key)}]`;
}

/**
 * The common parameters (`-ErrorAction Stop`, `-Verbose`) of the sign-in: inline ones as written,
 * splatted ones as references to their hashtable entry.
 */
export function commonArguments(text: string, call: CommandCall, isCommon: (canonical: string) => boolean): string[] {
  return call.parameters
    .filter((p) => isCommon(p.canonical) && !p.positional)
    .map((p) => {
      if (!p.splat) return text.slice(p.nameNode.startIndex, valueEndOf(p));
      const reference = splatReference(p.splat.variable, p.splat.key);
      return isSwitch(call.spec, p.canonical) ? `-${p.canonical}:${reference}` : `-${p.canonical} ${reference}`;
    });
}

/** How the new command is laid out: on one line, or one argument a line when the sign-in was continued with backticks. */
export interface Layout {
  casing: NameCasing;
  /** Between arguments: a space, or ` \`` + line ending + indentation. */
  separator: string;
}

export function layoutOf(commandText: string, casing: NameCasing, eol: string): Layout {
  const continued = /`(\r?\n)([ \t]*)/.exec(commandText);
  return { casing, separator: continued ? ` \`${eol}${continued[2]}` : ' ' };
}

/** The new command's text: generated names in the script's casing, carried code as the script wrote it. */
export function renderRewrite(rewrite: Rewrite, carriedCode: string[], layout: Layout): string {
  const args = rewrite.args.map((a) => {
    const name = inCasing(`-${a.name}`, layout.casing);
    if (a.value === undefined) return name;
    return a.colon ? `${name}:${a.value}` : `${name} ${a.value}`;
  });
  return [inCasing(rewrite.cmdlet, layout.casing), ...args, ...carriedCode].join(layout.separator);
}
