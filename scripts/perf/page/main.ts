import type { PerfConfig, PerfRunResult, SampleRecord, WorkerReply, WorkerRequest } from './types.ts';

/**
 * The perf page: `npm run perf` calls window.perf.run(config) through Playwright. The run happens
 * in a dedicated Worker; progress lines go to the console, which the script forwards to stdout,
 * and each finished sample to window.perfSample (exposed by the script), so a crash hours into a
 * run loses nothing already measured.
 */

function run(config: PerfConfig): Promise<PerfRunResult> {
  const worker = new Worker(new URL('./perf.worker.ts', import.meta.url), { type: 'module', name: 'tandem-perf' });
  return new Promise<PerfRunResult>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const message = event.data;
      if (message.kind === 'progress') {
        console.log(message.line);
        return;
      }
      if (message.kind === 'sample') {
        void (window as unknown as { perfSample?: (s: SampleRecord) => Promise<void> }).perfSample?.(message.sample);
        return;
      }
      worker.terminate();
      if (message.kind === 'done') resolve(message.result);
      else
        reject(
          Object.assign(new Error(message.error.message), { name: message.error.name, stack: message.error.stack }),
        );
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`the perf worker failed to start or crashed: ${event.message}`));
    };
    worker.postMessage({ kind: 'run', config } satisfies WorkerRequest);
  });
}

const perf = { run };
export type PerfPage = typeof perf;
(window as unknown as { perf: PerfPage }).perf = perf;
document.getElementById('status')!.textContent = 'ready';
