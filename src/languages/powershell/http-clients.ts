/** Requests a script posts with other clients than Invoke-RestMethod and Invoke-WebRequest: .NET's WebClient and HttpClient, and curl. */

import { lastPathPart } from '../../engine/text';
import type { CmdletSpec } from './cmdlets';
import { boundParameters, commandName } from './command';
import { constructions, constructorArguments, type Construction } from './constructions';
import { nativeCommandLines, type NativeArgument } from './native-arguments';
import type { PowerShellRuleContext } from './rule-context';
import { descendants, innermost, invokedMemberName, literalText, unwrapped, type Node } from './syntax';

/** A request posted by another client. */
export interface ClientPost {
  /** How a message names the client's call: `WebClient.UploadValues`, `HttpClient.PostAsync`, `curl.exe`. */
  client: string;
  node: Node;
  /** The URI it posts to; for curl, each argument that may be its URL. */
  uris: Node[];
  /** The body as the call gives it (a NameValueCollection, a dictionary, a string); curl's data options' values, one each, which it joins with `&`. */
  bodies: Node[];
  /** curl's arguments given in one string (`Start-Process curl -ArgumentList "-d … https://…"`), whose node holds them all: the text of each of `bodies` and `uris`. */
  shapes?: { bodies: string[]; uris: string[] };
}

export function clientPosts(context: PowerShellRuleContext): ClientPost[] {
  return [...dotNetPosts(context), ...curlPosts(context), ...startedCurlPosts(context)].sort((a, b) => a.node.startIndex - b.node.startIndex);
}

/** The .NET objects the posts are made with, each kind looked for once, when a call asks. */
interface Made {
  contents(): readonly Construction[];
  messages(): readonly Construction[];
  writers(): readonly Construction[];
}

function dotNetPosts(context: PowerShellRuleContext): ClientPost[] {
  const kinds = new Map<RegExp, Construction[]>();
  const of = (types: RegExp) => () => kinds.get(types) ?? kinds.set(types, constructionsOf(context, types)).get(types)!;
  const made: Made = { contents: of(HTTP_CONTENT), messages: of(HTTP_REQUEST_MESSAGE), writers: of(STREAM_WRITER) };
  return descendants(context.root, 'invokation_expression').flatMap((invocation) => dotNetPost(context, invocation, made) ?? []);
}

/**
 * WebClient's `UploadValues(address, [method,] data)`, `UploadString(…)` and `UploadData(…)` of a string's
 * bytes (and their `…Async` and `…TaskAsync` forms, whose data is also third of four); HttpClient's
 * `PostAsync(uri, content)`, where the content is a FormUrlEncodedContent (its dictionary is the form)
 * or a StringContent made in place or in a variable, and its `SendAsync(request)` of a POST request
 * message with such a content; a write to an HttpWebRequest's request stream.
 */
function dotNetPost(context: PowerShellRuleContext, invocation: Node, made: Made): ClientPost | undefined {
  const method = invokedMemberName(invocation);
  const list = invocation.namedChildren.find((child) => child?.type === 'argument_list');
  const args = list ? constructorArguments(list) : undefined;
  if (!args || args.length === 0) return undefined;
  const upload = WEBCLIENT_UPLOAD.exec(method);
  if (upload && args.length >= 2) {
    const given = args.length === 2 ? args[1] : args[2];
    const data = upload[1] === 'data' ? encodedText(context, given) : given;
    return data ? { client: `WebClient.${WEBCLIENT_UPLOADS[upload[1]]}`, node: invocation, uris: [uriString(args[0])], bodies: [data] } : undefined;
  }
  if (method === 'postasync' && args.length >= 2) {
    const form = httpContentForm(context, args[1], made.contents());
    return form ? { client: 'HttpClient.PostAsync', node: invocation, uris: [uriString(args[0])], bodies: [form] } : undefined;
  }
  if (HTTP_SEND.test(method)) {
    const message = postedMessage(context, args[0], made.messages());
    const form = message && httpContentForm(context, message.content, made.contents());
    return form ? { client: `HttpClient.${method === 'send' ? 'Send' : 'SendAsync'}`, node: invocation, uris: [uriString(message.uri)], bodies: [form] } : undefined;
  }
  return STREAM_WRITE.test(method) ? requestStreamPost(context, invocation, args, made) : undefined;
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
  const made = heldValue(context, request);
  const construction = request.type === 'variable' ? messages.find((c) => c.node.id === made.id) : undefined;
  if (!construction) return undefined;
  const [method, uri] = (construction.argumentList && constructorArguments(construction.argumentList)) ?? [];
  // The table facts read `$x.Member = v` of any object, so they give the properties set on the message.
  const set = (member: string) => context.hashtables().entriesSeenBy(request).find((e) => e.key.toLowerCase() === member)?.value;
  const [postedBy, postedTo, content] = [set('method') ?? method, set('requesturi') ?? uri, set('content')];
  return postedBy && postedTo && content && isPostMethod(context, postedBy) ? { uri: postedTo, content } : undefined;
}

/** `'POST'`, `[System.Net.Http.HttpMethod]::Post`, `[HttpMethod]'Post'`, `[HttpMethod]::new('POST')`, or a variable that holds one. */
function isPostMethod(context: PowerShellRuleContext, node: Node): boolean {
  return /^post$/i.test(context.values().shapeOf(node)) || HTTP_METHOD_POST.test(heldValue(context, node).text.replace(/\s/g, ''));
}

const HTTP_METHOD_POST = /^\[(?:system\.)?(?:net\.http\.)?httpmethod\](?:::post|::new\((['"])post\1\)|(['"])post\2)$/i;

const WEBCLIENT_UPLOAD = /^upload(values|string|data)(?:async|taskasync)?$/;
const WEBCLIENT_UPLOADS: Record<string, string> = { values: 'UploadValues', string: 'UploadString', data: 'UploadData' };

/** The string bytes are the encoding of: `[Text.Encoding]::UTF8.GetBytes($body)`, in place or in a variable; undefined for other bytes. */
function encodedText(context: PowerShellRuleContext, bytes: Node): Node | undefined {
  const encoding = heldValue(context, bytes);
  const list = encoding.namedChildren.find((child) => child?.type === 'argument_list');
  const text = encoding.type === 'invokation_expression' && invokedMemberName(encoding) === 'getbytes' && list ? constructorArguments(list) : undefined;
  return text?.length === 1 ? text[0] : undefined;
}

/**
 * `$writer.Write($body)` (a StreamWriter of the stream) or `$stream.Write($bytes, 0, $bytes.Length)` to
 * `$req.GetRequestStream()`, where `$req = [System.Net.WebRequest]::Create($uri)` (or HttpWebRequest's,
 * or `CreateHttp`) and `$req.Method = 'POST'` is set before: the text written, or the string the bytes encode.
 */
function requestStreamPost(context: PowerShellRuleContext, write: Node, args: Node[], made: Made): ClientPost | undefined {
  const request = requestOfStream(context, write.namedChild(0), made.writers());
  const created = request && uncast(heldValue(context, request));
  const list = created?.namedChildren.find((child) => child?.type === 'argument_list');
  const [uri] = (list && WEB_REQUEST_CREATE.test(created!.text.replace(/\s/g, '')) && constructorArguments(list)) || [];
  const method = uri && context.hashtables().entriesSeenBy(request!).find((e) => e.key.toLowerCase() === 'method')?.value;
  if (!method || !isPostMethod(context, method)) return undefined;
  const body = args.length === 1 ? args[0] : encodedText(context, args[0]);
  return body ? { client: 'HttpWebRequest', node: write, uris: [uriString(uri)], bodies: [body] } : undefined;
}

/** The request whose stream `stream` is: `$req.GetRequestStream()`, a StreamWriter of it, either in a variable. */
function requestOfStream(context: PowerShellRuleContext, stream: Node | null, writers: readonly Construction[], depth = 0): Node | undefined {
  if (!stream || depth > 1) return undefined;
  const value = heldValue(context, stream);
  if (value.type === 'invokation_expression' && invokedMemberName(value) === 'getrequeststream') return value.namedChild(0) ?? undefined;
  const writer = writers.find((c) => c.node.id === value.id)?.argumentList;
  return writer ? requestOfStream(context, constructorArguments(writer)?.[0] ?? innermost(writer), writers, depth + 1) : undefined;
}

/** `[System.Net.HttpWebRequest]$made`: what is cast. */
function uncast(node: Node): Node {
  const operand = node.type === 'cast_expression' ? node.lastNamedChild : null;
  return operand ? unwrapped(operand) : node;
}

/** `[System.Net.WebRequest]::Create(…)`, `[Net.HttpWebRequest]::CreateHttp(…)`, as written without blanks. */
const WEB_REQUEST_CREATE = /^\[(?:system\.)?(?:net\.)?(?:http)?webrequest\]::create(?:http)?\(/i;
const STREAM_WRITE = /^write(?:line)?(?:async)?$/;
const STREAM_WRITER = /^(?:io\.)?streamwriter$/;

/** The form an HttpClient content posts: a FormUrlEncodedContent's dictionary, a StringContent's string. */
function httpContentForm(context: PowerShellRuleContext, content: Node, contents: readonly Construction[]): Node | undefined {
  const made = heldValue(context, content);
  const construction = contents.find((c) => c.node.id === made.id);
  if (!construction?.argumentList) return undefined;
  // `New-Object T -ArgumentList $pairs`, `New-Object T($pairs)`: a lone variable is the one argument.
  return constructorArguments(construction.argumentList)?.[0] ?? innermost(construction.argumentList);
}

/**
 * What an argument is (see `ScriptValues.heldValue`), through parentheses on both sides: a variable the
 * file gives no value stands for itself.
 */
function heldValue(context: PowerShellRuleContext, node: Node): Node {
  const given = unwrapped(node);
  const held = context.values().heldValue(given);
  return held && held !== given ? unwrapped(held) : given;
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
 * or an argument of its own; its body, what `-d`, `--data…`, `-F` and `--form…` give. An array splatted
 * or passed (`curl.exe @curlArgs`, `curl.exe $curlArgs`) gives its elements as arguments.
 */
function curlPosts(context: PowerShellRuleContext): ClientPost[] {
  // Windows PowerShell's `curl -Uri … -Body …` is Invoke-WebRequest, which the rule reads as such.
  const aliased = context.commands().filter((call) => call.spec.name === 'Invoke-WebRequest' && commandName(call.node) === 'curl');
  const webRequests = new Set(aliased.flatMap((call) => (call.parameters.some((p) => p.canonical === 'Body') ? [call.node.id] : [])));
  return nativeCommandLines(context, ['curl.exe', 'curl']).flatMap(({ command, args }) => {
    if (webRequests.has(command.id)) return [];
    const post = curlPost(commandName(command) === 'curl.exe' ? 'curl.exe' : 'curl', command, curlArguments(context, command, args));
    return post ? [post] : [];
  });
}

/** What curl posts, given its arguments: its body, what `-d`, `--data…`, `-F` and `--form…` give; its URI, `--url`'s value or an argument of its own. */
function curlPost(client: string, node: Node, items: CurlArgument[]): ClientPost | undefined {
  const given = (item: CurlArgument | undefined): CurlArgument[] => (item?.node ? [item] : []);
  const bodies = items.flatMap((item, i) => (CURL_DATA.test(item.text) ? given(items[i + 1]) : []));
  if (bodies.length === 0) return undefined;
  const uris = items.flatMap((item, i) => {
    if (item.text === '--url') return given(items[i + 1]);
    const before = items[i - 1]?.text;
    return item.text.startsWith('-') || (before !== undefined && CURL_VALUED.test(before)) ? [] : given(item);
  });
  if (uris.length === 0) return undefined;
  const inOneString = items.some((item) => item.inString);
  const shapes = inOneString ? { shapes: { bodies: bodies.map((item) => item.text), uris: uris.map((item) => item.text) } } : {};
  return { client, node, uris: uris.map((item) => item.node!), bodies: bodies.map((item) => item.node!), ...shapes };
}

/**
 * curl run by Start-Process (`Start-Process curl.exe -ArgumentList …`, `saps`, `start`), given its
 * arguments as an array (`@('-d', …, $url)`, or a variable that holds one) or in one string, which
 * Start-Process passes as the command line and curl splits at blanks.
 */
function startedCurlPosts(context: PowerShellRuleContext): ClientPost[] {
  const byName = context.index.commandsByName();
  return ['start-process', 'saps', 'start'].flatMap((name) => byName.get(name) ?? []).flatMap((at) => {
    const command = context.index.node(at, 'command');
    const parameters = boundParameters(command, START_PROCESS, context.hashtables);
    const [file, list] = ['FilePath', 'ArgumentList'].map((canonical) => parameters.find((p) => p.canonical === canonical)?.value);
    const program = file && lastPathPart(context.values().shapeOf(file)).toLowerCase();
    if (!list || (program !== 'curl' && program !== 'curl.exe')) return [];
    const array = arrayElements(list) ?? context.values().arrayHeldBy(list);
    const line = array ? undefined : heldValue(context, list);
    const items = array ? array.map(curlArgumentOf) : commandLineWords(context.values().shapeOf(line!)).map((text) => ({ text, node: line, inString: true as const }));
    const post = curlPost(program, command, items);
    return post ? [post] : [];
  });
}

/** Start-Process's parameters: its path and arguments are the first two by position. `nnw` and `lup` are its switches' aliases. */
const START_PROCESS: CmdletSpec = {
  name: 'Start-Process',
  parameters: {
    FilePath: ['PSPath', 'Path'],
    ArgumentList: ['Args'],
    Credential: ['RunAs'],
    WorkingDirectory: [],
    RedirectStandardError: ['RSE'],
    RedirectStandardInput: ['RSI'],
    RedirectStandardOutput: ['RSO'],
    Verb: [],
    WindowStyle: [],
    Environment: [],
  },
  switches: ['LoadUserProfile', 'Lup', 'NoNewWindow', 'nnw', 'PassThru', 'Wait', 'UseNewEnvironment'],
  positions: ['FilePath', 'ArgumentList'],
};

/** The words a command line (a string's shape) splits into at blanks, as a C program reads it: double quotes keep blanks and are taken off. */
function commandLineWords(line: string): string[] {
  return (line.match(/(?:"[^"]*"|[^\s"])+/g) ?? []).map((word) => word.replace(/"/g, ''));
}

/** An argument curl gets: its text as written (an array's element's without quotes), and its node where the script shows one. */
interface CurlArgument {
  text: string;
  node?: Node;
  /** `node` is a string that holds this argument among others (`text` is then its shape). */
  inString?: true;
}

function curlArguments(context: PowerShellRuleContext, command: Node, args: readonly NativeArgument[]): CurlArgument[] {
  const elements = new Map((command.childForFieldName('command_elements')?.namedChildren ?? []).flatMap((e) => (e ? [[e.startIndex, e] as const] : [])));
  return args.flatMap((argument): CurlArgument[] => {
    const node = elements.get(argument.start);
    const array = node && context.values().arrayHeldBy(node);
    return array ? array.map(curlArgumentOf) : [{ text: argument.text, node }];
  });
}

function curlArgumentOf(element: Node): CurlArgument {
  return { text: literalText(element) ?? element.text, node: element };
}

/** The elements of an array written in place: `@(…)`, `a, b`. */
function arrayElements(value: Node): Node[] | undefined {
  const array = innermost(value);
  const isArray = array.type === 'array_expression' || (array.type === 'array_literal_expression' && array.namedChildCount > 1);
  return isArray ? constructorArguments(array) : undefined;
}

/** curl's options whose value is (a part of) the body it posts. Case matters: `-D` dumps headers, `-f` fails quietly. */
const CURL_DATA = /^(?:-d|--data(?:-raw|-ascii|-binary|-urlencode)?|-F|--form(?:-string)?)$/;
/** curl's options that take a value (the data ones among them), which is not the URL. */
const CURL_VALUED =
  /^(?:-[dFXHouAebcmwxTKErCyYzUt]|--(?:data(?:-\w+)?|form(?:-string)?|request|header|output|user|user-agent|referer|cookie|cookie-jar|max-time|write-out|proxy|upload-file|config|cert|key|cacert|connect-timeout|retry|url|oauth2-bearer|resolve|range|proxy-user|trace|trace-ascii|stderr|limit-rate|interface|json))$/;
