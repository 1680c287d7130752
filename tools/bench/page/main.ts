import type { Job, JobResult, WorkerReply } from './protocol';

declare global {
  interface Window {
    __bench: { run(job: Job): Promise<JobResult> };
  }
}

window.__bench = {
  run(job) {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: `bench-${job.kind}` });
    return new Promise<JobResult>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<WorkerReply | { status: string }>) => {
        // whisper-web's progress updates (the baseline posts them as whisper-web does): not the reply.
        if ('status' in event.data) return;
        worker.terminate();
        if (event.data.ok) resolve(event.data.result);
        else reject(new Error(event.data.error));
      };
      worker.onerror = (event) => {
        worker.terminate();
        reject(new Error(`bench worker crashed: ${event.message}`));
      };
      worker.postMessage(job);
    });
  },
};
document.documentElement.dataset.bench = 'ready';
