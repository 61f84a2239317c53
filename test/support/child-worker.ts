import type { ChildProcess } from 'node:child_process';

/** What a forked test worker (budget-worker.js, pacing-worker.js) reports for each call it made. */
export type WorkerOutcome = { ok: boolean; at?: number; code?: string; message?: string };
export type WorkerMessage = { type: 'ready' } | { type: 'done'; outcomes: WorkerOutcome[] } | { type: 'crash'; message: string };

/** The worker's next message of `type` (or its crash report); rejects when the worker exits first. */
export function nextMessage(child: ChildProcess, type: WorkerMessage['type']): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: WorkerMessage): void => {
      if (m.type === type || m.type === 'crash') {
        child.off('message', onMessage);
        resolve(m);
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`worker exited with ${code ?? 'signal'}`)));
  });
}
