/**
 * The database-wide write lock: one writing transaction at a time (DESIGN.md,
 * Transactions). Waiters queue in order and give up after lock_timeout with
 * 55P03. A writer holds it from its first write until COMMIT or ROLLBACK, so
 * read-modify-write statements can never lose an update.
 */
import { PgError, SqlState } from '../types/errors.js';

interface Waiter {
  readonly owner: number;
  resolve(): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout | null;
}

export class WriteLock {
  private holder: number | null = null;
  private readonly queue: Waiter[] = [];

  get heldBy(): number | null {
    return this.holder;
  }

  /**
   * Waits for the lock. timeoutMs 0 waits forever; `signal` aborts the wait
   * (cancel, statement_timeout) with the error the abort carries.
   */
  acquire(owner: number, timeoutMs: number, signal?: AbortSignal, onAbort?: () => Error): Promise<void> {
    if (this.holder === owner) return Promise.resolve();
    if (this.holder === null && this.queue.length === 0) {
      this.holder = owner;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const w: Waiter = { owner, resolve, reject, timer: null };
      const remove = () => {
        const i = this.queue.indexOf(w);
        if (i >= 0) this.queue.splice(i, 1);
        if (w.timer) clearTimeout(w.timer);
      };
      if (timeoutMs > 0) {
        w.timer = setTimeout(() => {
          remove();
          reject(new PgError(SqlState.LockNotAvailable, 'canceling statement due to lock timeout'));
        }, timeoutMs);
      }
      signal?.addEventListener(
        'abort',
        () => {
          remove();
          reject(onAbort ? onAbort() : new PgError(SqlState.QueryCanceled, 'canceling statement due to user request'));
        },
        { once: true },
      );
      this.queue.push(w);
    });
  }

  release(owner: number): void {
    if (this.holder !== owner) return;
    this.holder = null;
    const next = this.queue.shift();
    if (next) {
      if (next.timer) clearTimeout(next.timer);
      this.holder = next.owner;
      next.resolve();
    }
  }
}
