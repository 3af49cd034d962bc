import type { RuleHit } from '../../../engine/rule';
import { wsTrustMessage, wsTrustServiceAt } from '../../shared/ws-trust';
import type { PowerShellRule } from '../rule-context';
import { WEB_REQUEST_CMDLETS } from '../cmdlets';

export const wsTrustPasswordRule: PowerShellRule = {
  meta: {
    id: 'ps-ws-trust-password',
    title: "A user's password sent to Microsoft Online's WS-Trust token service (extSTS.srf)",
    description:
      "Invoke-RestMethod or Invoke-WebRequest posts to Microsoft Online's WS-Trust security token service " +
      "(login.microsoftonline.com/extSTS.srf, also RST2.srf), which issues a token for a user's name and password " +
      'in a SOAP envelope: the legacy sign-in of hand-written SharePoint Online and Dynamics 365 clients. It cannot ' +
      'perform multi-factor authentication. Call the service with a bearer token instead.',
    defaultSeverity: 'error',
    language: 'powershell',
    tags: ['security', 'mfa', 'credential', 'ws-trust', 'sharepoint'],
    triggers: ['extsts.srf', 'rst2.srf'],
  },
  check(context) {
    return context.commands().flatMap((call): RuleHit[] => {
      const parameter = (name: string) => call.parameters.find((p) => p.canonical === name)?.value;
      const uri = WEB_REQUEST_CMDLETS.has(call.spec.name) ? parameter('Uri') : undefined;
      // A GET posts no envelope: the service's metadata, say.
      const method = parameter('Method');
      if (method && /^get$/i.test(context.values().shapeOf(method))) return [];
      const service = uri && wsTrustServiceAt(context.values().shapeOf(uri));
      if (!service) return [];
      const message = `${wsTrustMessage('This request', service)} (The Get-SamAccessToken function mfa-ready's PowerShell fixes add gets such a token.)`;
      return [{ message, startOffset: call.node.startIndex, endOffset: call.node.endIndex }];
    });
  },
};
