/**
 * The batch queue: files waiting to be transcribed one after another with the model loaded once.
 * The app runs it (app-state.svelte.ts); this holds the order and each file's state.
 */
export type QueueStatus = 'waiting' | 'running' | 'done' | 'failed' | 'cancelled';

export interface QueueItem {
  id: number;
  file: File;
  status: QueueStatus;
}

export class BatchQueue {
  items = $state<QueueItem[]>([]);
  /** No next file starts while paused; the running one finishes. */
  paused = $state(false);
  running = $state(false);
  private nextId = 1;

  readonly waiting = $derived(this.items.filter((i) => i.status === 'waiting').length);

  add(files: readonly File[]): void {
    this.items.push(...files.map((file) => ({ id: this.nextId++, file, status: 'waiting' as const })));
  }

  /** The next waiting file, in queue order. */
  next(): QueueItem | undefined {
    return this.items.find((i) => i.status === 'waiting');
  }

  move(id: number, direction: -1 | 1): void {
    const from = this.items.findIndex((i) => i.id === id);
    const to = from + direction;
    if (from < 0 || to < 0 || to >= this.items.length) return;
    const [item] = this.items.splice(from, 1);
    this.items.splice(to, 0, item!);
  }

  /** Takes a file that is not running out of the queue. */
  remove(id: number): void {
    this.items = this.items.filter((i) => i.id !== id || i.status === 'running');
  }

  /** Clears the finished ones, keeping what still waits or runs. */
  clearFinished(): void {
    this.items = this.items.filter((i) => i.status === 'waiting' || i.status === 'running');
  }
}
