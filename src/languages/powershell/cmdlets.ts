/** What PowerShell's parameter binder needs to know of a cmdlet to resolve `-Cred`, aliases and switches. */
export interface CmdletSpec {
  name: string;
  aliases?: string[];
  /** Canonical parameter name → its aliases; switches are listed in `switches`. */
  parameters: Record<string, string[]>;
  switches?: string[];
}

export const CMDLETS: readonly CmdletSpec[] = [
  {
    name: 'Connect-MsolService',
    parameters: {
      Credential: [],
      AdGraphAccessToken: [],
      MsGraphAccessToken: [],
      AzureEnvironment: [],
    },
    switches: ['CurrentCredentials'],
  },
];

/** Parameters every cmdlet takes: a fix carries them over to the command it writes. */
export const COMMON_PARAMETERS: Record<string, string[]> = {
  ErrorAction: ['ea'],
  WarningAction: ['wa'],
  InformationAction: ['infa'],
  ErrorVariable: ['ev'],
  WarningVariable: ['wv'],
  InformationVariable: ['iv'],
  OutVariable: ['ov'],
  OutBuffer: ['ob'],
  PipelineVariable: ['pv'],
};
const COMMON_SWITCHES = ['Verbose', 'Debug'];

export function isCommonParameter(canonical: string): boolean {
  return canonical in COMMON_PARAMETERS || COMMON_SWITCHES.includes(canonical);
}

const byName = new Map<string, CmdletSpec>();
for (const spec of CMDLETS) {
  for (const name of [spec.name, ...(spec.aliases ?? [])]) byName.set(name.toLowerCase(), spec);
}

export function cmdletSpec(name: string): CmdletSpec | undefined {
  return byName.get(name.toLowerCase());
}

/** The canonical parameter a written name binds to: exact name or alias, else a unique prefix. */
export function resolveParameter(spec: CmdletSpec, written: string): string | undefined {
  const wanted = written.toLowerCase();
  const candidates: [string, string][] = [];
  const parameters = { ...spec.parameters, ...COMMON_PARAMETERS };
  for (const canonical of [...Object.keys(parameters), ...(spec.switches ?? []), ...COMMON_SWITCHES]) {
    for (const name of [canonical, ...(parameters[canonical] ?? [])]) candidates.push([name.toLowerCase(), canonical]);
  }
  const exact = candidates.find(([name]) => name === wanted);
  if (exact) return exact[1];
  const prefixed = new Set(candidates.filter(([name]) => name.startsWith(wanted)).map(([, canonical]) => canonical));
  return prefixed.size === 1 ? [...prefixed][0] : undefined;
}

export function isSwitch(spec: CmdletSpec, canonical: string): boolean {
  return (spec.switches?.includes(canonical) ?? false) || COMMON_SWITCHES.includes(canonical);
}
