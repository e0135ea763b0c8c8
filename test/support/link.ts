/** Linking two accounts of one person by chat, as a person does it (bot/identity/links.ts). */
import type { Person } from './chat';

/**
 * `joining` joins `owner`'s person: a link code asked on the owner's account, 关联 on the
 * other, and — when one of them holds a role — that holder's confirmation on their own
 * account with the code the bot shows there. Returns the final reply.
 */
export async function linkAccounts(owner: Person, joining: Person): Promise<string> {
  const code = (await owner.text('关联账号')).match(/\d{4}-\d{4}/)![0];
  const reply = await joining.text(`关联 ${code}`);
  if (reply.includes('关联成功')) return reply;
  const confirmer = /确认关联 \d{6}/.test(reply) ? joining : owner;
  const shown = confirmer === joining ? reply : await owner.text('确认关联');
  const confirm = shown.match(/确认关联 (\d{6})/)?.[1];
  if (!confirm) throw new Error(`no confirmation code in: ${shown}`);
  const done = await confirmer.text(`确认关联 ${confirm}`);
  if (!done.includes('关联成功')) throw new Error(`link not made: ${done}`);
  return done;
}
