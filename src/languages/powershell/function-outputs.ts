import { commandName } from './command';
import { calledName, type IndexedFunction, type ScriptIndex } from './script-index';
import { innermost, unwrapped, type Node } from './syntax';

/** What a value reads from a function of the script's own: the call, the function, and the value it outputs. */
export interface FunctionOutput {
  call: Node;
  declared: IndexedFunction;
  value: Node;
}

/**
 * The value a call of the script's own function gives (`New-TokenBody`, `(Get-SmtpHost)`,
 * `$(New-TokenBody -Tenant $t)`), where the function outputs that one value only (see
 * `singleOutput`). Undefined for any other value, and for a name the script declares more than once.
 */
export function functionOutput(index: ScriptIndex, value: Node): FunctionOutput | undefined {
  const call = calledCommand(value);
  const name = call && commandName(call);
  const declared = name ? index.functions().filter((fn) => calledName(fn) === name) : [];
  if (!call || declared.length !== 1) return undefined;
  const output = singleOutput(index, declared[0]);
  return output ? { call, declared: declared[0], value: output } : undefined;
}

/** The command a value is, alone: written bare (`$b = New-Body`), in parentheses or in `$(…)`. */
function calledCommand(value: Node): Node | undefined {
  let inner = unwrapped(value);
  if (inner.type === 'sub_expression') {
    const statements = inner.namedChild(0)?.namedChildren ?? [];
    inner = statements.length === 1 && statements[0] ? innermost(statements[0]) : inner;
  }
  // A command without arguments is one node deeper: its name.
  if (inner.type === 'command_name' && inner.parent?.type === 'command') inner = inner.parent;
  return inner.type === 'command' ? inner : undefined;
}

/**
 * What a function outputs, where its body (no begin/process/end blocks) writes one value: `return
 * <value>`, or the value alone as its last statement, after statements that output nothing (assignments
 * and the Write- cmdlets that write to other streams). Any other statement may output more.
 */
function singleOutput(index: ScriptIndex, declared: IndexedFunction): Node | undefined {
  if (!declared.name) return undefined;
  const block = index.node(declared, 'function_statement').namedChildren.find((c) => c?.type === 'script_block');
  const body = block?.namedChildren.find((c) => c?.type === 'script_block_body');
  const statements = body?.namedChild(0)?.type === 'statement_list' ? body.namedChild(0)!.namedChildren.filter((s): s is Node => s !== null && s.type !== 'empty_statement' && s.type !== 'comment') : [];
  const last = statements.at(-1);
  if (!last || !statements.slice(0, -1).every(outputsNothing)) return undefined;
  const returned = last.type === 'flow_control_statement' && /^return\b/i.test(last.text) ? last.namedChild(0) : last.type === 'pipeline' ? last : null;
  if (!returned || outputsNothing(returned)) return undefined;
  // A command's output is that command's, not a value written here.
  return calledCommand(returned) ? undefined : returned;
}

function outputsNothing(statement: Node): boolean {
  if (innermost(statement).type === 'assignment_expression') return true;
  const command = calledCommand(statement);
  const name = command && commandName(command);
  return name !== undefined && SILENT_COMMANDS.test(name);
}

/** Cmdlets that write to a stream other than the output: a function that calls them still outputs one value. */
const SILENT_COMMANDS = /^write-(?:host|verbose|debug|information|warning|progress)$/;
