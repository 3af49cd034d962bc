import { lineNumberAt } from '../../engine/text';
import { isSplat, parameterNameOf } from './command';
import type { PowerShellRuleContext } from './rule-context';
import { literalText, type Node } from './syntax';

/**
 * MicrosoftPowerBIMgmt cmdlets that work on a workspace: given none (-Workspace, -WorkspaceId, their aliases
 * -Group and -GroupId, or -Scope Organization), the signed-in user's My workspace.
 */
const WORKSPACE_CMDLETS = [
  'New-PowerBIReport', 'Get-PowerBIReport', 'Export-PowerBIReport', 'Remove-PowerBIReport', 'Copy-PowerBIReport',
  'Get-PowerBIDataset', 'Add-PowerBIDataset', 'Get-PowerBIDatasource', 'Get-PowerBITable', 'Set-PowerBITable', 'Add-PowerBIRow', 'Remove-PowerBIRow',
  'Get-PowerBIDashboard', 'New-PowerBIDashboard', 'Get-PowerBITile', 'Get-PowerBIImport', 'Get-PowerBIDataflow',
];

const WORKSPACE_PARAMETERS = ['workspace', 'workspaceid', 'group', 'groupid'];

/**
 * The first call of the script's that works in the signed-in user's My workspace (see WORKSPACE_CMDLETS), as
 * `line 4 (New-PowerBIReport)`; undefined where every such call names a workspace, or may be given one (splatted,
 * piped in).
 */
export function myWorkspaceCall(context: PowerShellRuleContext): string | undefined {
  const calls = WORKSPACE_CMDLETS.flatMap((name) => context.index.commandsByName().get(name.toLowerCase()) ?? []);
  const first = calls
    .sort((a, b) => a.start - b.start)
    .map((at) => context.index.node(at, 'command'))
    .find(inMyWorkspace);
  return first && `line ${lineNumberAt(context.text, first.startIndex)} (${first.namedChild(0)?.text})`;
}

function inMyWorkspace(command: Node): boolean {
  if (command.parent?.type === 'pipeline_chain' && command.parent.namedChild(0)?.id !== command.id) return false;
  const elements = command.namedChildren.find((child) => child?.type === 'command_elements')?.namedChildren.filter((e): e is Node => !!e) ?? [];
  if (elements.some(isSplat)) return false;
  return !elements.some((element, i) => {
    const name = parameterNameOf(element)?.toLowerCase();
    if (!name) return false;
    if (WORKSPACE_PARAMETERS.some((parameter) => parameter.startsWith(name) && name.length >= 2)) return true;
    const value = elements.slice(i + 1).find((next) => next.type !== 'command_argument_sep');
    return 'scope'.startsWith(name) && name.length >= 2 && value !== undefined && literalText(value)?.toLowerCase() === 'organization';
  });
}
