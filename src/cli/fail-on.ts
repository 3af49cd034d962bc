/** The lowest severity that makes `scan` exit 1. */
export type FailOn = 'error' | 'warning' | 'none';

export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'none'];
