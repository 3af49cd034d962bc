import type { RuleHit } from '../../engine/rule';
import { WEB_REQUEST_CMDLETS } from './cmdlets';
import type { CommandCall } from './command';
import type { PowerShellRuleContext } from './rule-context';
import type { IndexedFunction } from './script-index';
import { innermost, type Node } from './syntax';

/** A request as the script makes it: the command that sends it, and its arguments as given there. */
export interface WrappedRequest {
  /** The request itself, or the call of the script's own function that wraps it. */
  send: CommandCall;
  /** The arguments followed (by canonical parameter name) as `send` gives them. */
  given: ReadonlyMap<string, Node>;
  /** The functions whose calls' arguments gave it some of them, innermost first. */
  via: IndexedFunction[];
}

/** The request's arguments followed out of wrappers: `required` ones, without which there is no request to read, and `optional` ones. */
export interface FollowedParameters {
  required: readonly string[];
  optional?: readonly string[];
}

/** How many functions deep a request's arguments are followed out of a wrapper, to its callers. */
const MAX_WRAPPERS = 3;

/**
 * The request `call` makes, or, where some of its arguments are parameters of the function around it (a
 * wrapper such as `function Get-Token($Uri, $Body) { Invoke-RestMethod -Uri $Uri -Body $Body }`), the
 * requests the calls of that function make with the arguments they give; and so on out, up to
 * `MAX_WRAPPERS` deep. A request that lacks a `required` argument at some level is left out. Each level's
 * requests are told apart by where they are sent and what they are given, so that wrappers called many
 * times from other wrappers do not multiply the work.
 */
export function requestsThroughWrappers(context: PowerShellRuleContext, call: CommandCall, followed: FollowedParameters): WrappedRequest[] {
  const names = [...followed.required, ...(followed.optional ?? [])];
  const given = new Map(names.flatMap((name) => argumentOf(call, name)));
  if (!followed.required.every((name) => given.has(name))) return [];
  const done: WrappedRequest[] = [];
  let level: WrappedRequest[] = [{ send: call, given, via: [] }];
  for (let depth = 0; level.length > 0; depth++) {
    const next = new Map<string, WrappedRequest>();
    for (const current of level) {
      const outer = depth < MAX_WRAPPERS ? throughWrapper(context, current, followed.required) : undefined;
      if (!outer) done.push(current);
      else for (const made of outer) next.set(requestKey(made, names), made);
    }
    level = [...next.values()];
  }
  return done;
}

/**
 * What `hitOf` finds in each request the script's web-request cmdlets make, directly or through its own
 * functions (see `requestsThroughWrappers`; `call` is the cmdlet's own call): one hit per command that
 * sends it, as a wrapper may make the request more than once.
 */
export function webRequestHits(
  context: PowerShellRuleContext,
  followed: FollowedParameters,
  hitOf: (request: WrappedRequest, call: CommandCall) => RuleHit | undefined,
): RuleHit[] {
  const found = new Map<number, RuleHit>();
  for (const call of context.commands()) {
    if (!WEB_REQUEST_CMDLETS.has(call.spec.name)) continue;
    for (const request of requestsThroughWrappers(context, call, followed)) {
      if (found.has(request.send.node.id)) continue;
      const hit = hitOf(request, call);
      if (hit) found.set(request.send.node.id, hit);
    }
  }
  return [...found.values()];
}

/** How a finding at `send` names it where it is a call of the script's own function that makes `request`; undefined where it is the request. */
export function wrapperSender(send: CommandCall, request: CommandCall): string | undefined {
  return send === request ? undefined : `${send.spec.name} (the script's own function, which calls ${request.spec.name})`;
}

/** Where a call of the script's own function (`send`) sends `request` from; nothing where `send` is the request. */
export function requestSentHere(send: CommandCall, request: CommandCall): NonNullable<RuleHit['related']> {
  return send === request ? [] : [{ message: `${request.spec.name} sends it here`, startOffset: request.node.startIndex, endOffset: request.node.endIndex }];
}

function argumentOf(call: CommandCall, name: string): [string, Node][] {
  const value = call.parameters.find((p) => p.canonical === name)?.value;
  return value ? [[name, value]] : [];
}

function requestKey(request: WrappedRequest, names: readonly string[]): string {
  return [request.send.start, ...names.map((name) => request.given.get(name)?.id ?? '-')].join(':');
}

/** The requests the calls of the function around `request` make, when some of its arguments are parameters of it. */
function throughWrapper(context: PowerShellRuleContext, request: WrappedRequest, required: readonly string[]): WrappedRequest[] | undefined {
  const calls = context.functionCalls();
  const passed = new Map<string, Map<CommandCall, Node>>();
  for (const [name, value] of request.given) {
    const inner = innermost(value);
    const given = inner.type === 'variable' ? calls.argumentsFor(inner) : undefined;
    if (given) passed.set(name, new Map(given.map((argument) => [argument.call, argument.value])));
  }
  const wrapperCalls = new Set([...passed.values()].flatMap((at) => [...at.keys()]));
  // A function the script does not call (one a module exports, say) is read as written.
  if (wrapperCalls.size === 0) return undefined;
  const via = [...request.via, context.index.scopes().functionAround(request.send.start)!];
  return [...wrapperCalls].flatMap((send) => {
    const given = new Map([...request.given].flatMap(([name, value]): [string, Node][] => {
      const at = passed.get(name);
      const argument = at ? at.get(send) : value;
      return argument ? [[name, argument]] : [];
    }));
    return required.every((name) => given.has(name)) ? [{ send, given, via }] : [];
  });
}
