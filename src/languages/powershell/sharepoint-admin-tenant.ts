/**
 * The tenant a SharePoint Online admin URL names: `https://contoso-admin.sharepoint.com` is the admin
 * site of the tenant whose SharePoint name is contoso, `contoso.onmicrosoft.com`.
 */

import { unwrapped, type Node } from './syntax';

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
 * The tenant as code for a fix that stands where `url` is read: a literal where the script shows the
 * name (through variables too), else the variable the URL is built of, in a string of its own
 * (`"$tenant.onmicrosoft.com"`) where the file does not show its value. Undefined for any other URL, or one built otherwise.
 */
export function adminUrlTenant(url: Node, shapeOf: (node: Node) => string): string | undefined {
  const shape = shapeOf(url);
  const name = ADMIN_URL.exec(shape)?.[1];
  if (name) return `'${name.toLowerCase()}.onmicrosoft.com'`;
  if (!ADMIN_URL_OF_UNKNOWN_NAME.test(shape)) return undefined;
  const written = unwrapped(url).text.trim();
  const variable = EXPANDED.exec(written)?.[1] ?? FORMATTED.exec(written)?.[2];
  if (!variable) return undefined;
  // A name is letters, digits and hyphens: quoted as it is.
  return variable.startsWith("'") ? `'${variable.slice(1, -1).toLowerCase()}.onmicrosoft.com'` : `"${variable}.onmicrosoft.com"`;
}
