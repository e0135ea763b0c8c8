/** Free text a person writes into a record: trimmed, at least `min` characters, at most `max`. */
import { type Result, fail, ok } from './result';

export function requireText(s: string, min: number, max: number, what: string): Result<string> {
  const t = s.trim();
  if (t.length < Math.max(min, 1)) return fail(`请写明${what}${min > 2 ? `（至少 ${min} 个字）` : ''}。`);
  if (t.length > max) return fail(`${what}不能超过 ${max} 字。`);
  return ok(t);
}
