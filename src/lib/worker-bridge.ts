/**
 * The main thread's side of a worker, one typed request/reply protocol over it (after squoosh's
 * WorkerBridge). Every request carries an id and sees only the replies with that id. Aborting a
 * request terminates the worker — nothing else stops WebAssembly mid-run — and fails every other
 * request on it; a crash fails them all with the protocol's own error. The next request starts a
 * fresh worker.
 */

/** What the bridge needs of a Worker (a real one in the app; unit tests pass their own). */
export interface WorkerPort {
  postMessage(message: unknown, transfer: Transferable[]): void;
  terminate(): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
}

export interface WorkerBridgeOptions<Response> {
  spawn: () => WorkerPort;
  /** Guards what arrives before anything trusts it; anything else is ignored. */
  isResponse: (value: unknown) => value is Response & { id: number };
  /** The error a failure reply stands for, or null for any other reply. */
  failure: (response: Response) => Error | null;
  /** The error every pending request gets when the worker crashes. */
  crashed: (detail: string) => Error;
  /** Terminate the worker after a failure reply too (a clean slate), not only on abort or crash. */
  terminateOnFailure?: boolean;
}

export interface BridgeRequest<Request, T> {
  id: number;
  done: Promise<T>;
  /** Sends a follow-up to the worker this request runs in; dropped once that worker is gone. */
  post(message: Request, transfer?: Transferable[]): void;
}

interface Pending<Response> {
  handle: (response: Response) => void;
  fail: (error: Error) => void;
}

export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException('Cancelled', 'AbortError');
}

export class WorkerBridge<Request, Response> {
  private worker: WorkerPort | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending<Response>>();

  constructor(private readonly options: WorkerBridgeOptions<Response>) {}

  /**
   * Sends `build(id)` and routes the replies with that id to `onReply` until it calls `resolve`;
   * a failure reply rejects. `signal` aborts the request by terminating the worker.
   */
  request<T>(
    build: (id: number) => Request,
    onReply: (response: Response, resolve: (value: T) => void) => void,
    { signal, transfer = [] }: { signal?: AbortSignal; transfer?: Transferable[] } = {},
  ): BridgeRequest<Request, T> {
    const id = this.nextId++;
    if (signal?.aborted) return { id, done: Promise.reject(abortError(signal)), post: () => undefined };
    const worker = this.ensureWorker();
    const done = new Promise<T>((resolve, reject) => {
      const settle = () => {
        this.pending.delete(id);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        settle();
        reject(abortError(signal));
        this.dispose();
      };
      this.pending.set(id, {
        handle: (response) => {
          const failed = this.options.failure(response);
          if (failed) {
            settle();
            reject(failed);
            if (this.options.terminateOnFailure) this.dispose();
            return;
          }
          onReply(response, (value) => {
            settle();
            resolve(value);
          });
        },
        fail: (error) => {
          settle();
          reject(error);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage(build(id), transfer);
    });
    return {
      id,
      done,
      post: (message, moved = []) => {
        if (this.worker === worker) worker.postMessage(message, moved);
      },
    };
  }

  /** Terminates the worker (if any); its pending requests fail as cancelled. */
  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.failAll(new DOMException('Cancelled', 'AbortError'));
  }

  private failAll(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const { fail } of pending) fail(error);
  }

  private ensureWorker(): WorkerPort {
    if (this.worker) return this.worker;
    const worker = this.options.spawn();
    worker.addEventListener('message', (event) => {
      const response = event.data;
      if (this.worker === worker && this.options.isResponse(response)) this.pending.get(response.id)?.handle(response);
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      if (this.worker !== worker) return;
      worker.terminate();
      this.worker = null;
      this.failAll(this.options.crashed(event.message));
    });
    this.worker = worker;
    return worker;
  }
}
