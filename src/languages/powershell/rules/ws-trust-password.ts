import type { RuleHit } from '../../../engine/rule';
import { wsTrustMessage, wsTrustServiceAt, type WsTrustService } from '../../shared/ws-trust';
import type { PowerShellRule } from '../rule-context';
import type { CommandCall } from '../command';
import { requestSentHere, webRequestHits, wrapperSender } from '../request-wrappers';

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
    return webRequestHits(context, { required: ['Uri'], optional: ['Method'] }, (request, call) => {
      // A GET posts no envelope: the service's metadata, say.
      const method = request.given.get('Method');
      if (method && /^get$/i.test(context.values().shapeOf(method))) return undefined;
      const service = wsTrustServiceAt(context.values().shapeOf(request.given.get('Uri')!));
      return service ? finding(request.send, call, service) : undefined;
    });
  },
};

/** The finding at `send`, the request or the call of the script's function that makes it with `request`. */
function finding(send: CommandCall, request: CommandCall, service: WsTrustService): RuleHit {
  return {
    message: `${wsTrustMessage(wrapperSender(send, request) ?? 'This request', service)} (The Get-SamAccessToken function mfa-ready's PowerShell fixes add gets such a token.)`,
    startOffset: send.node.startIndex,
    endOffset: send.node.endIndex,
    related: requestSentHere(send, request),
  };
}
