/** Requests a script posts with other clients than Invoke-RestMethod and Invoke-WebRequest: .NET's WebClient and HttpClient, and curl. */

import { commandName } from './command';
import { constructions, constructorArguments, type Construction } from './constructions';
import { nativeCommandLines, type NativeArgument } from './native-arguments';
import type { PowerShellRuleContext } from './rule-context';
import { descendants, innermost, invokedMemberName, unwrapped, type Node } from './syntax';

/** A request posted by another client. */
export interface ClientPost {
  /** How a message names the client's call: `WebClient.UploadValues`, `HttpClient.PostAsync`, `curl.exe`. */
  client: string;
  node: Node;
  /** The URI it posts to; for curl, each argument that may be its URL. */
  uris: Node[];
  /** The body as the call gives it (a NameValueCollection, a dictionary, a string); curl's data options' values, one each, which it joins with `&`. */
  bodies: Node[];
}

export function clientPosts(context: PowerShellRuleContext): ClientPost[] {
  return [...dotNetPosts(context), ...curlPosts(context)].sort((a, b) => a.node.startIndex - b.node.startIndex);
}

/**
 * WebClient's `UploadValues(address, [method,] data)`, `UploadString(…)` and `UploadData(…)` of a string's
 * bytes (and their `…Async` and `…TaskAsync` forms, whose data is also third of four); HttpClient's `PostAsync(uri, content)`, where
 * the content is a FormUrlEncodedContent (its dictionary is the form) or a StringContent made in place
 * or in a variable, and its `SendAsync(request)` of a POST request message with such a content.
 */
function dotNetPosts(context: PowerShellRuleContext): ClientPost[] {
  const posts: ClientPost[] = [];
  let contents: Construction[] | undefined;
  let messages: Construction[] | undefined;
  for (const invocation of descendants(context.root, 'invokation_expression')) {
    const method = invokedMemberName(invocation);
    const upload = WEBCLIENT_UPLOAD.exec(method);
    const send = HTTP_SEND.test(method);
    if (!upload && !send && method !== 'postasync') continue;
    const list = invocation.namedChildren.find((child) => child?.type === 'argument_list');
    const args = list ? constructorArguments(list) : undefined;
    if (!args || args.length < (send ? 1 : 2)) continue;
    if (send) {
      const message = postedMessage(context, args[0], (messages ??= constructionsOf(context, HTTP_REQUEST_MESSAGE)));
      const form = message && httpContentForm(context, message.content, (contents ??= constructionsOf(context, HTTP_CONTENT)));
      if (form) posts.push({ client: `HttpClient.${method === 'send' ? 'Send' : 'SendAsync'}`, node: invocation, uris: [uriString(message.uri)], bodies: [form] });
      continue;
    }
    const uri = uriString(args[0]);
    if (upload) {
      const given = args.length === 2 ? args[1] : args[2];
      const data = upload[1] === 'data' ? encodedText(context, given) : given;
      if (data) posts.push({ client: `WebClient.${WEBCLIENT_UPLOADS[upload[1]]}`, node: invocation, uris: [uri], bodies: [data] });
      continue;
    }
    const form = httpContentForm(context, args[1], (contents ??= constructionsOf(context, HTTP_CONTENT)));
    if (form) posts.push({ client: 'HttpClient.PostAsync', node: invocation, uris: [uri], bodies: [form] });
  }
  return posts;
}

/** HttpClient's `SendAsync(request)`, and `Send(request)` of .NET 5 and later. */
const HTTP_SEND = /^send(?:async)?$/;

/**
 * The request message a variable holds, where it is made with the POST method (`::new([HttpMethod]::Post,
 * $uri)`, `New-Object … -ArgumentList 'POST', $uri`, or `.Method` set on it): its URI and its Content as
 * the constructor gives them or as set on it (`$request.Content = …`) before the use.
 */
function postedMessage(context: PowerShellRuleContext, sent: Node, messages: readonly Construction[]): { uri: Node; content: Node } | undefined {
  const request = unwrapped(sent);
  const assigned = request.type === 'variable' ? context.values().assignmentSeenBy(request) : undefined;
  const made = assigned && unwrapped(assigned.value);
  const construction = made && messages.find((c) => c.node.id === made.id);
  if (!construction) return undefined;
  const [method, uri] = (construction.argumentList && constructorArguments(construction.argumentList)) ?? [];
  // The table facts read `$x.Member = v` of any object, so they give the properties set on the message.
  const set = (member: string) => context.hashtables().entriesSeenBy(request).find((e) => e.key.toLowerCase() === member)?.value;
  const [postedBy, postedTo, content] = [set('method') ?? method, set('requesturi') ?? uri, set('content')];
  return postedBy && postedTo && content && isPostMethod(context, postedBy) ? { uri: postedTo, content } : undefined;
}

/** `'POST'`, `[System.Net.Http.HttpMethod]::Post`, `[HttpMethod]'Post'`, `[HttpMethod]::new('POST')`, or a variable that holds one. */
function isPostMethod(context: PowerShellRuleContext, node: Node): boolean {
  const method = unwrapped(node);
  const held = method.type === 'variable' ? context.values().assignmentSeenBy(method)?.value : undefined;
  const written = unwrapped(held ?? method).text.replace(/\s/g, '');
  return /^post$/i.test(context.values().shapeOf(method)) || HTTP_METHOD_POST.test(written);
}

const HTTP_METHOD_POST = /^\[(?:system\.)?(?:net\.http\.)?httpmethod\](?:::post|::new\((['"])post\1\)|(['"])post\2)$/i;

const WEBCLIENT_UPLOAD = /^upload(values|string|data)(?:async|taskasync)?$/;
const WEBCLIENT_UPLOADS: Record<string, string> = { values: 'UploadValues', string: 'UploadString', data: 'UploadData' };

/** The string bytes are the encoding of: `[Text.Encoding]::UTF8.GetBytes($body)`, in place or in a variable; undefined for other bytes. */
function encodedText(context: PowerShellRuleContext, bytes: Node): Node | undefined {
  const given = unwrapped(bytes);
  const held = given.type === 'variable' ? context.values().assignmentSeenBy(given)?.value : undefined;
  const encoding = unwrapped(held ?? given);
  const list = encoding.namedChildren.find((child) => child?.type === 'argument_list');
  const text = encoding.type === 'invokation_expression' && invokedMemberName(encoding) === 'getbytes' && list ? constructorArguments(list) : undefined;
  return text?.length === 1 ? text[0] : undefined;
}

/** The form an HttpClient content posts: a FormUrlEncodedContent's dictionary, a StringContent's string. */
function httpContentForm(context: PowerShellRuleContext, content: Node, contents: readonly Construction[]): Node | undefined {
  let made = unwrapped(content);
  if (made.type === 'variable') {
    const assigned = context.values().assignmentSeenBy(made);
    if (!assigned) return undefined;
    made = unwrapped(assigned.value);
  }
  const construction = contents.find((c) => c.node.id === made.id);
  if (!construction?.argumentList) return undefined;
  // `New-Object T -ArgumentList $pairs`, `New-Object T($pairs)`: a lone variable is the one argument.
  return constructorArguments(construction.argumentList)?.[0] ?? innermost(construction.argumentList);
}

function constructionsOf(context: PowerShellRuleContext, types: RegExp): Construction[] {
  return constructions(context, (written) => (types.test(written) ? written : undefined));
}

/** The content types whose first argument is the form, without `System.` (a bare name where the script has `using namespace System.Net.Http`). */
const HTTP_CONTENT = /^(?:net\.http\.)?(?:formurlencodedcontent|stringcontent)$/;
const HTTP_REQUEST_MESSAGE = /^(?:net\.http\.)?httprequestmessage$/;

/** `[uri]$url`, `[System.Uri]::new($url)`: the string the URI is made of; else the argument itself. */
function uriString(argument: Node): Node {
  const inner = unwrapped(argument);
  const list = inner.namedChildren.find((child) => child?.type === 'argument_list');
  const [type, made] =
    inner.type === 'cast_expression' ? inner.namedChildren : inner.type === 'invokation_expression' && invokedMemberName(inner) === 'new' && list ? [inner.namedChild(0), constructorArguments(list)?.[0]] : [];
  return type && made && URI_TYPE.test(type.text.replace(/\s/g, '')) ? made : argument;
}

const URI_TYPE = /^\[(?:system\.)?uri\]$/i;

/**
 * `curl.exe` (always the native curl), and `curl` where it is too: PowerShell 7 has no alias of that
 * name, and Windows PowerShell's Invoke-WebRequest takes no `-d` or `--data`. Its URI is `--url`'s value
 * or an argument of its own; its body, what `-d`, `--data…`, `-F` and `--form…` give.
 */
function curlPosts(context: PowerShellRuleContext): ClientPost[] {
  // Windows PowerShell's `curl -Uri … -Body …` is Invoke-WebRequest, which the rule reads as such.
  const aliased = context.commands().filter((call) => call.spec.name === 'Invoke-WebRequest' && commandName(call.node) === 'curl');
  const webRequests = new Set(aliased.flatMap((call) => (call.parameters.some((p) => p.canonical === 'Body') ? [call.node.id] : [])));
  return nativeCommandLines(context, ['curl.exe', 'curl']).flatMap(({ command, args }) => {
    if (webRequests.has(command.id)) return [];
    const elements = new Map((command.childForFieldName('command_elements')?.namedChildren ?? []).flatMap((e) => (e ? [[e.startIndex, e] as const] : [])));
    const nodeOf = (argument: NativeArgument | undefined): Node[] => (argument && elements.has(argument.start) ? [elements.get(argument.start)!] : []);
    const bodies = args.flatMap((argument, i) => (CURL_DATA.test(argument.text) ? nodeOf(args[i + 1]) : []));
    if (bodies.length === 0) return [];
    const uris = args.flatMap((argument, i) => {
      if (argument.text === '--url') return nodeOf(args[i + 1]);
      const before = args[i - 1]?.text;
      return argument.text.startsWith('-') || (before !== undefined && CURL_VALUED.test(before)) ? [] : nodeOf(argument);
    });
    const client = commandName(command) === 'curl.exe' ? 'curl.exe' : 'curl';
    return uris.length ? [{ client, node: command, uris, bodies }] : [];
  });
}

/** curl's options whose value is (a part of) the body it posts. Case matters: `-D` dumps headers, `-f` fails quietly. */
const CURL_DATA = /^(?:-d|--data(?:-raw|-ascii|-binary|-urlencode)?|-F|--form(?:-string)?)$/;
/** curl's options that take a value (the data ones among them), which is not the URL. */
const CURL_VALUED =
  /^(?:-[dFXHouAebcmwxTKErCyYzUt]|--(?:data(?:-\w+)?|form(?:-string)?|request|header|output|user|user-agent|referer|cookie|cookie-jar|max-time|write-out|proxy|upload-file|config|cert|key|cacert|connect-timeout|retry|url|oauth2-bearer|resolve|range|proxy-user|trace|trace-ascii|stderr|limit-rate|interface|json))$/;
