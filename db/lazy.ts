/**
 * An object whose properties are built on first read and kept from then on. A store is
 * made per transaction (one conversation turn) and has some sixty repositories, of which
 * a turn uses a few: building and wrapping all of them cost about a third of a
 * millisecond of CPU per turn (`npm run bench -- --only=turns`, `--cpu-prof`).
 */
export function lazyProps<T extends object>(keys: Iterable<string>, build: (key: string) => unknown): T {
  const out = {} as Record<string, unknown>;
  for (const key of keys) {
    Object.defineProperty(out, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = build(key);
        Object.defineProperty(out, key, { value, enumerable: true, writable: false, configurable: false });
        return value;
      },
    });
  }
  return out as T;
}
