export { analyzePowerShell } from './analyze';
export { countPowerShellSyntaxErrors, countPowerShellSyntaxErrorsOfEdit } from './parser';
