import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { analyzeRequest, type AnalysisOutcome, type AnalysisRequest } from './analysis-request';
import { OUT_OF_STACK } from './analyze';
import { ruleLanguageOf, type RuleLanguage } from './rule';

/** Where files are analysed: worker threads when there are cores for them, else this thread. */
export interface Analyzer {
  /** How many analyses can run at once. */
  readonly parallelism: number;
  /** Workers that died (their files were analysed on this thread). */
  readonly workersLost: number;
  analyze(request: AnalysisRequest): Promise<AnalysisOutcome>;
  /** Stops the workers; analyses still running resolve to an empty result. */
  close(): Promise<void>;
}

/** At most this many workers by default: each holds a parser and its heap (70–160 MB). */
const MAX_WORKERS = 4;

// Beside the bundles (dist/) and beside the compiled sources (tests) alike.
const WORKER_FILE = join(__dirname, 'analysis-worker.js');

/**
 * A worker's heap is capped, so that it collects its garbage instead of growing: uncapped, one
 * thread analysing the benchmark's tree peaked at over 400 MB for about 50 MB of live objects.
 * A file too big for the cap is analysed on the calling thread instead. The young generation's
 * cap is its size: a TypeScript worker's 32 MB held about 8 MB of live objects and took 18 MB more
 * of the scan's peak than 8 MB do, for no less CPU.
 */
const HEAP_LIMITS: Record<RuleLanguage, ResourceLimits> = {
  typescript: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 },
  powershell: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
};

/** One worker per core, up to four; none on a single core, where a worker only adds its start-up. */
export function defaultWorkerCount(): number {
  const cores = availableParallelism();
  return cores < 2 ? 0 : Math.min(cores, MAX_WORKERS);
}

export function createAnalyzer(workers = defaultWorkerCount()): Analyzer {
  if (!existsSync(WORKER_FILE)) return { ...IN_THIS_THREAD, analyze: analyzeRequest };
  if (workers < 1) return new ThisThread();
  if (workers === 1) return new WorkerPool(1, HEAP_LIMITS.typescript);
  return new LanguageLanes(workers);
}

const IN_THIS_THREAD = { parallelism: 1, workersLost: 0, close: async () => undefined };

/**
 * Analyses on the calling thread. A file it runs out of stack on (a main thread's stack is a quarter
 * of a worker's: a chain of 1,000 `+` is too long for it) is analysed again in a worker of its
 * language, started then, so that what a scan finds does not depend on the number of workers. Where
 * that worker fails too, the pool analyses the file here again, which gives the same notice.
 */
class ThisThread implements Analyzer {
  readonly parallelism = 1;
  readonly workersLost = 0;
  private readonly retries = new LanguageLanes(2);

  async analyze(request: AnalysisRequest): Promise<AnalysisOutcome> {
    const result = await analyzeRequest(request);
    const ranOutOfStack = result.notices.some((notice) => notice.kind === 'skipped' && notice.message === OUT_OF_STACK);
    return ranOutOfStack ? this.retries.analyze(request) : result;
  }

  close(): Promise<void> {
    return this.retries.close();
  }
}

/**
 * The languages in workers of their own: a worker then loads one parser (the TypeScript compiler or
 * the PowerShell grammar), and half of them stay idle only in a tree of one language.
 */
class LanguageLanes implements Analyzer {
  private readonly lanes: Record<RuleLanguage, WorkerPool>;

  constructor(readonly parallelism: number) {
    const powerShellWorkers = Math.floor(parallelism / 2);
    this.lanes = {
      typescript: new WorkerPool(parallelism - powerShellWorkers, HEAP_LIMITS.typescript),
      powershell: new WorkerPool(powerShellWorkers, HEAP_LIMITS.powershell),
    };
  }

  get workersLost(): number {
    return this.lanes.typescript.workersLost + this.lanes.powershell.workersLost;
  }

  analyze(request: AnalysisRequest): Promise<AnalysisOutcome> {
    return this.lanes[ruleLanguageOf(request.languageId)].analyze(request);
  }

  async close(): Promise<void> {
    await Promise.all(Object.values(this.lanes).map((lane) => lane.close()));
  }
}

interface Task {
  request: AnalysisRequest;
  resolve(result: AnalysisOutcome): void;
}

interface PoolWorker {
  worker: Worker;
  task?: Task;
  finishedOne: boolean;
}

const EMPTY_RESULT = (): AnalysisOutcome => ({ findings: [], notices: [], syntaxErrors: 0 });

/**
 * Worker threads started on demand, one file each at a time. A worker that dies (out of memory on a
 * huge file, say) hands its file to this thread and is replaced; after two that died before finishing
 * a file, the pool gives up on workers and analyses here.
 */
class WorkerPool implements Analyzer {
  private readonly workers: PoolWorker[] = [];
  private readonly queue: Task[] = [];
  private failedStarts = 0;
  private closed = false;
  workersLost = 0;

  constructor(
    readonly parallelism: number,
    private readonly limits: ResourceLimits,
  ) {}

  analyze(request: AnalysisRequest): Promise<AnalysisOutcome> {
    if (this.closed) return Promise.resolve(EMPTY_RESULT());
    if (this.givenUp()) return analyzeRequest(request);
    return new Promise((resolve) => {
      this.queue.push({ request, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.resolve(EMPTY_RESULT());
    const running = this.workers.splice(0);
    for (const entry of running) entry.task?.resolve(EMPTY_RESULT());
    await Promise.all(running.map((entry) => entry.worker.terminate()));
  }

  private givenUp(): boolean {
    return this.failedStarts >= 2;
  }

  private dispatch(): void {
    while (this.queue.length) {
      const entry = this.workers.find((candidate) => !candidate.task) ?? this.startWorker();
      if (!entry) return this.givenUp() ? this.analyzeQueueHere() : undefined;
      entry.task = this.queue.shift()!;
      entry.worker.postMessage(entry.task.request);
    }
  }

  private analyzeQueueHere(): void {
    for (const task of this.queue.splice(0)) void analyzeRequest(task.request).then(task.resolve);
  }

  private startWorker(): PoolWorker | undefined {
    if (this.workers.length >= this.parallelism) return undefined;
    let worker: Worker;
    try {
      worker = new Worker(WORKER_FILE, { resourceLimits: this.limits });
    } catch {
      this.failedStarts = Number.POSITIVE_INFINITY;
      return undefined;
    }
    const entry: PoolWorker = { worker, finishedOne: false };
    entry.worker.on('message', (result: AnalysisOutcome) => {
      entry.finishedOne = true;
      const task = entry.task;
      entry.task = undefined;
      task?.resolve(result);
      this.dispatch();
    });
    // An uncaught error (running out of memory, say) also ends the worker: 'exit' follows and cleans up.
    entry.worker.on('error', () => undefined);
    entry.worker.on('exit', () => this.workerEnded(entry));
    this.workers.push(entry);
    return entry;
  }

  private workerEnded(entry: PoolWorker): void {
    const index = this.workers.indexOf(entry);
    if (index === -1) return; // closed
    this.workers.splice(index, 1);
    if (!entry.finishedOne) this.failedStarts++;
    this.workersLost++;
    const task = entry.task;
    if (task) void analyzeRequest(task.request).then(task.resolve);
    this.dispatch();
  }
}
