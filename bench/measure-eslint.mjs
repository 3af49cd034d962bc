// 4) ESLint with a comparable no-restricted-syntax rule on the TS/JS part of the tree; run on a sample
// of the tree and extrapolated to all of it (see sample.mjs).
import { runNodeScript } from './lib.mjs';
import { extrapolate } from './sample.mjs';

export const measureEslint = async (tree, sample) => extrapolate(await runNodeScript('eslint-child.mjs', [tree, sample.listFile]), sample);
