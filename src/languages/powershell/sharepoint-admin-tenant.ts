/**
 * The tenant a SharePoint Online admin URL names: `https://contoso-admin.sharepoint.com` is the admin
 * site of the tenant whose SharePoint name is contoso, `contoso.onmicrosoft.com`.
 */

import { innermost, unwrapped, type Node } from './syntax';
import type { ScriptValues } from './values';

const ADMIN_URL = /^https:\/\/([a-z0-9-]+)-admin\.sharepoint\.com\/?$/i;
/** The same, as a shape whose name the script does not show (`\u0000`: a part known at run time only). */
const ADMIN_URL_OF_UNKNOWN_NAME = /^https:\/\/[a-z0-9-]*\u0000[a-z0-9\u0000-]*-admin\.sharepoint\.com\/?$/i;
/** A variable as an expandable string may name it: `$tenant`, `${tenant}`, `$env:TENANT`. */
const VARIABLE = String.raw`\$(?:\{[^}]+\}|(?:\w+:)?\w+)`;
/** `"https://$tenant-admin.sharepoint.com"`, or the bare word `https://$tenant-admin.sharepoint.com`. */
const EXPANDED = new RegExp(String.raw`^"?https://(${VARIABLE})-admin\.sharepoint\.com/?"?$`, 'i');
/** `"https://{0}-admin.sharepoint.com" -f $tenant` (or a literal name). */
const FORMATTED = new RegExp(String.raw`^(["'])https://\{0\}-admin\.sharepoint\.com/?\1\s*-f\s*(${VARIABLE}|'[a-z0-9-]+')$`, 'i');

/**
 * The tenant as code for a fix that stands where `url` is read: built of the variable the URL is built
 * of where it is written so (`"$tenant.onmicrosoft.com"`), else a literal where the script shows the
 * name, also through a variable it assigns the URL to (not a parameter, whose caller may give another).
 * Undefined for any other URL, or one built otherwise.
 */
export function adminUrlTenant(url: Node, values: ScriptValues): string | undefined {
  const written = unwrapped(url).text.trim();
  const variable = EXPANDED.exec(written)?.[1] ?? FORMATTED.exec(written)?.[2];
  if (variable) {
    // A name the variable holds that no tenant name is (`contoso.onmicrosoft.com`) makes no admin URL.
    const shape = values.shapeOf(url);
    if (!ADMIN_URL.test(shape) && !ADMIN_URL_OF_UNKNOWN_NAME.test(shape)) return undefined;
    return variable.startsWith("'") ? onMicrosoft(variable.slice(1, -1)) : `"${variable}.onmicrosoft.com"`;
  }
  const inner = innermost(url);
  if (inner.type === 'variable' && values.assignmentSeenBy(inner)?.node.type !== 'assignment_expression') return undefined;
  const names = new Set(values.everyShapeOf(url).map((shape) => ADMIN_URL.exec(shape)?.[1]?.toLowerCase()));
  const [name] = names;
  return names.size === 1 && name ? onMicrosoft(name) : undefined;
}

/** A name is letters, digits and hyphens: quoted as it is. */
function onMicrosoft(name: string): string {
  return `'${name.toLowerCase()}.onmicrosoft.com'`;
}
