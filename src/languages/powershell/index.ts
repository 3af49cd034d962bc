export { analyzeEmbeddedPowerShell, analyzePowerShell } from './analyze';
export { countPowerShellSyntaxErrors, countPowerShellSyntaxErrorsOfEdit } from './parser';
