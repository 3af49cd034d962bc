// 3) The naive way: TS/JS/PS files through their language analyser, no prefilter, one thread; run on
// a sample of the tree and extrapolated to all of it (see sample.mjs).
import { runNodeScript } from './lib.mjs';
import { extrapolate } from './sample.mjs';

export const measureParseEverything = async (sample) => extrapolate(await runNodeScript('parse-everything-child.mjs', [sample.listFile]), sample);
