/**
 * Runs tasks with the same key one after another, in call order. The engine uses it so
 * one person's messages in one chat are handled in the order they arrived; the row lock
 * in the database keeps the same guarantee across instances.
 */
export class KeyedSerial {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const result = prev.then(task, task);
    const tail = result.catch(() => {});
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key); // nothing queued behind: forget the key
    });
    return result;
  }

  get size(): number {
    return this.tails.size;
  }
}
