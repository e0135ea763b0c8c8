/**
 * Which account a notification goes to (通知渠道): the platform the person chose, if a
 * channel for it is running; otherwise the newest account on a running push channel;
 * otherwise their web chat (polled); otherwise any account, to wait for its channel.
 */
import type { AccountInfo, Reply, Store } from '../domain/ports';

export function chooseAccount(
  accounts: readonly AccountInfo[],
  preferred: string | null,
  running: ReadonlySet<string>,
): AccountInfo | null {
  const newestFirst = [...accounts].sort((a, b) => b.accountId - a.accountId);
  const on = (platform: string) => newestFirst.find((a) => a.platform === platform);
  if (preferred && (running.has(preferred) || preferred === 'web')) {
    const a = on(preferred);
    if (a) return a;
  }
  return newestFirst.find((a) => a.platform !== 'web' && running.has(a.platform)) ?? on('web') ?? newestFirst[0] ?? null;
}

/** The account chosen above for a person (null: none yet, any web chat of theirs). */
export async function accountFor(store: Store, personId: number, running: ReadonlySet<string>): Promise<number | null> {
  return chooseAccount(await store.people.accountsOf(personId), await store.people.notifyPlatform(personId), running)?.accountId ?? null;
}

/** Queues a message to a person through the account chosen above. */
export async function notifyPerson(store: Store, personId: number, reply: Reply, running: ReadonlySet<string>): Promise<void> {
  await store.outbox.enqueue(personId, await accountFor(store, personId, running), reply);
}
