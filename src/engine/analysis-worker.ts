// A worker thread of the analysis pool: analyses one file per message, the parsers loaded on first need.
import { parentPort } from 'node:worker_threads';
import { analyzeRequest, type AnalysisRequest } from './analysis-request';

parentPort?.on('message', (request: AnalysisRequest) => {
  void analyzeRequest(request).then((result) => parentPort?.postMessage(result));
});
