/** A unit of work whose n-th outbox write throws: a process dying (or its connection lost) midway through a transaction. */
import type { UnitOfWork } from '../../domain/ports';

export function failingAtWrite(real: UnitOfWork, n: number, message: string): UnitOfWork {
  let writes = 0;
  return {
    run: (fn) =>
      real.run((store) =>
        fn({
          ...store,
          outbox: {
            ...store.outbox,
            enqueue: async (...args) => {
              if (++writes === n) throw new Error(message);
              return store.outbox.enqueue(...args);
            },
          },
        }),
      ),
  };
}
