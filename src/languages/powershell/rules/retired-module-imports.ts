import type { TextEdit } from '../../../engine/finding';
import type { PowerShellRuleContext } from '../rule-context';
import type { CredentialSignIn } from './connect-sign-ins';

/** A retired module whose sign-in the fixes move to Connect-MgGraph: the names it is imported by, and what of it a script may name besides its cmdlets. */
interface ImportedModule {
  imports: string[];
  types: RegExp;
}

const GRAPH_AUTHENTICATION = 'Microsoft.Graph.Authentication';

const MOVED_TO_GRAPH: Readonly<Record<string, ImportedModule>> = {
  MSOnline: { imports: ['MSOnline'], types: /\bMicrosoft\.Online\.Administration\b/i },
  AzureAD: { imports: ['AzureAD', 'AzureADPreview'], types: /\bMicrosoft\.(?:Open|IdentityModel\.Clients\.ActiveDirectory)\./i },
};

/** Parameters of Import-Module that mean the same for any module: a statement with others (`-RequiredVersion 1.1.183.57`) is left as it is. */
const ANY_MODULE_OPTIONS = String.raw`(?:\s+-(?:Force|Global|DisableNameChecking|NoClobber|Verbose|(?:Error|Warning)Action(?::|\s+)\w+))*`;

export interface ImportSwap {
  module: string;
  successor: string;
  edits: TextEdit[];
}

/**
 * `Import-Module MSOnline` made `Import-Module Microsoft.Graph.Authentication`, where the fix of the
 * script's one sign-in of the retired module (MSOnline, AzureAD) leaves nothing else of it: no other
 * sign-in, no other cmdlet (`hasOtherCmdlets`), no type of its named. The import would load a module the
 * script no longer uses, and Connect-MgGraph's is the one it needs.
 */
export function retiredModuleImportSwap(context: PowerShellRuleContext, signIn: CredentialSignIn, hasOtherCmdlets: boolean): ImportSwap | undefined {
  const module = signIn.retiredModule && MOVED_TO_GRAPH[signIn.retiredModule.name];
  if (!module || hasOtherCmdlets || module.types.test(context.text)) return undefined;
  if (context.commands().filter((call) => call.spec.name === signIn.cmdlet).length !== 1) return undefined;
  const statement = new RegExp(String.raw`^(?:Import-Module|ipmo)\s+(?:-Name\s+)?(['"]?)(${module.imports.join('|')})\1${ANY_MODULE_OPTIONS}\s*$`, 'id');
  const commands = ['import-module', 'ipmo'].flatMap((name) => context.index.commandsByName().get(name) ?? []);
  const edits = commands.flatMap((command): TextEdit[] => {
    const name = statement.exec(context.text.slice(command.start, command.end))?.indices?.[2];
    return name ? [{ startOffset: command.start + name[0], endOffset: command.start + name[1], newText: GRAPH_AUTHENTICATION }] : [];
  });
  return edits.length > 0 ? { module: signIn.retiredModule!.name, successor: GRAPH_AUTHENTICATION, edits } : undefined;
}
