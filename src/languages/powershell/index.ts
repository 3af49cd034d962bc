export { analyzePowerShell } from './analyze';
export { countPowerShellSyntaxErrors } from './parser';
