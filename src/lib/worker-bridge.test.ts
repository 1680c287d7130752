import { describe, expect, it } from 'vitest';
import { WorkerBridge, type WorkerPort } from './worker-bridge';

type Request = { id: number; type: 'echo' | 'fail' | 'hang'; text?: string } | { id: number; type: 'more'; text: string };
type Response = { id: number; type: 'chunk' | 'done' | 'error'; text: string };

class CrashedError extends Error {}
class FailedError extends Error {}

/**
 * A worker double that answers on the next task, as a real one would: `echo` streams a chunk then
 * done, `fail` replies with an error, `hang` never answers, `more` echoes a follow-up.
 */
class EchoWorker implements WorkerPort {
  terminated = false;
  readonly received: Request[] = [];
  private readonly onMessage: ((event: MessageEvent<unknown>) => void)[] = [];
  private readonly onError: ((event: ErrorEvent) => void)[] = [];

  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  addEventListener(type: 'message' | 'error', listener: ((event: MessageEvent<unknown>) => void) | ((event: ErrorEvent) => void)): void {
    if (type === 'message') this.onMessage.push(listener as (event: MessageEvent<unknown>) => void);
    else this.onError.push(listener as (event: ErrorEvent) => void);
  }
  postMessage(message: Request): void {
    this.received.push(message);
    const reply = (type: Response['type'], text: string) =>
      setTimeout(() => {
        if (this.terminated) return;
        const event = new MessageEvent('message', { data: { id: message.id, type, text } });
        for (const listener of this.onMessage) listener(event);
      });
    if (message.type === 'echo') {
      reply('chunk', message.text ?? '');
      reply('done', 'ok');
    } else if (message.type === 'fail') reply('error', 'broken');
    else if (message.type === 'more') reply('chunk', message.text);
  }
  terminate(): void {
    this.terminated = true;
  }
  crash(message: string): void {
    // Node has no ErrorEvent: an Event carrying the fields the bridge reads.
    const event = Object.assign(new Event('error', { cancelable: true }), { message }) as ErrorEvent;
    for (const listener of this.onError) listener(event);
  }
}

function bridge(terminateOnFailure = false) {
  const spawned: EchoWorker[] = [];
  const instance = new WorkerBridge<Request, Response>({
    spawn: () => {
      const worker = new EchoWorker();
      spawned.push(worker);
      return worker;
    },
    isResponse: (value): value is Response => typeof value === 'object' && value !== null && 'id' in value,
    failure: (response) => (response.type === 'error' ? new FailedError(response.text) : null),
    crashed: (detail) => new CrashedError(detail),
    terminateOnFailure,
  });
  return { instance, spawned };
}

function echo(instance: WorkerBridge<Request, Response>, text: string, signal?: AbortSignal) {
  const chunks: string[] = [];
  const request = instance.request<string>(
    (id) => ({ id, type: 'echo', text }),
    (response, resolve) => (response.type === 'chunk' ? chunks.push(response.text) : resolve(response.text)),
    { signal },
  );
  return { ...request, chunks };
}

describe('WorkerBridge', () => {
  it('routes each reply to the request with its id, on one worker', async () => {
    const { instance, spawned } = bridge();
    const a = echo(instance, 'a');
    const b = echo(instance, 'b');
    expect(await Promise.all([a.done, b.done])).toEqual(['ok', 'ok']);
    expect([a.chunks, b.chunks]).toEqual([['a'], ['b']]);
    expect(spawned).toHaveLength(1);
    expect(spawned[0]!.received.map((r) => r.id)).toEqual([a.id, b.id]);
  });

  it('rejects on a failure reply and keeps the worker unless told otherwise', async () => {
    const { instance, spawned } = bridge();
    await expect(instance.request((id) => ({ id, type: 'fail' }), () => undefined).done).rejects.toBeInstanceOf(FailedError);
    expect(spawned[0]!.terminated).toBe(false);
    const strict = bridge(true);
    await expect(strict.instance.request((id) => ({ id, type: 'fail' }), () => undefined).done).rejects.toBeInstanceOf(FailedError);
    expect(strict.spawned[0]!.terminated).toBe(true);
  });

  it('aborting terminates the worker, fails the other requests, and the next request gets a fresh worker', async () => {
    const { instance, spawned } = bridge();
    const controller = new AbortController();
    const hung = instance.request((id) => ({ id, type: 'hang' }), () => undefined, { signal: controller.signal });
    const other = instance.request((id) => ({ id, type: 'hang' }), () => undefined);
    controller.abort();
    await expect(hung.done).rejects.toMatchObject({ name: 'AbortError' });
    await expect(other.done).rejects.toMatchObject({ name: 'AbortError' });
    expect(spawned[0]!.terminated).toBe(true);
    expect(await echo(instance, 'again').done).toBe('ok');
    expect(spawned).toHaveLength(2);
  });

  it('a signal aborted before the call rejects without starting a worker', async () => {
    const { instance, spawned } = bridge();
    await expect(echo(instance, 'x', AbortSignal.abort()).done).rejects.toMatchObject({ name: 'AbortError' });
    expect(spawned).toHaveLength(0);
  });

  it('a crash fails every pending request with the crash error', async () => {
    const { instance, spawned } = bridge();
    const a = instance.request((id) => ({ id, type: 'hang' }), () => undefined);
    const b = instance.request((id) => ({ id, type: 'hang' }), () => undefined);
    spawned[0]!.crash('out of memory');
    await expect(a.done).rejects.toThrow(new CrashedError('out of memory'));
    await expect(b.done).rejects.toBeInstanceOf(CrashedError);
    expect(spawned[0]!.terminated).toBe(true);
  });

  it('follow-ups go to the request’s worker and are dropped once it is gone', async () => {
    const { instance, spawned } = bridge();
    const chunks: string[] = [];
    const open = instance.request<void>((id) => ({ id, type: 'hang' }), (response) => void chunks.push(response.text));
    open.post({ id: open.id, type: 'more', text: 'follow-up' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(chunks).toEqual(['follow-up']);
    instance.dispose();
    await expect(open.done).rejects.toMatchObject({ name: 'AbortError' });
    open.post({ id: open.id, type: 'more', text: 'late' });
    expect(spawned[0]!.received.map((r) => r.type)).toEqual(['hang', 'more']);
  });
});
