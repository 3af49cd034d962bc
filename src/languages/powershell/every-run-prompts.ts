import { reachOf } from './credential-removal';
import { credentialOrigin, isCredentialMade, madeByPrompt, type ScriptFacts } from './credential-sources';
import { descendants, innermost, type Node } from './syntax';

/** How far a credential is followed back through variables and the parts it is made of. */
const MAX_DEPTH = 4;

/**
 * Whether a sign-in's credential is typed in at a prompt on every run that reaches the sign-in: made in place
 * (`-Credential (Get-Credential)`), or held in a variable whose assignment runs whenever the sign-in does and is a
 * prompt (`Get-Credential`, `Read-Host`) or a PSCredential made of a prompted part. A person runs such a script.
 * Not where a run may take the credential elsewhere: prompted in a branch only (`if (-not $cred) { $cred = Get-Credential }`),
 * in another function, or given by a caller (see `typedAtPrompt`, which any prompt satisfies).
 */
export function promptedOnEveryRun(value: Node, facts: ScriptFacts, depth = 0): boolean {
  if (depth >= MAX_DEPTH) return false;
  const inner = innermost(value);
  if (inner.type === 'variable') {
    const seen = facts.values().assignmentSeenBy(inner);
    return !!seen && reachOf(seen, inner) === 'always' && promptedOnEveryRun(seen.value, facts, depth + 1);
  }
  if (madeByPrompt(credentialOrigin(value, facts))) return true;
  return isCredentialMade(value) && descendants(inner, 'variable').some((part) => promptedOnEveryRun(part, facts, depth + 1));
}
