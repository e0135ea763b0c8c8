/** Commands that name a record: 「受理 ZY-2026-000001」, 「不同意 ZY-2026-000001 理由…」. */
import { type Series, parseRecordNo, recordNoPattern } from '../domain/record-no';

export interface RecordCommand {
  no: string;
  /** What follows the number (a reason, an opinion …), if anything. */
  rest?: string;
}

const cache = new Map<string, RegExp>();

/**
 * Matches `<word> <number of the series> [text]` for one of the words ('受理|确认受理');
 * null when the text is not that command or names another series.
 */
export function matchRecordCommand(text: string, words: string, series: Series): RecordCommand | null {
  const key = `${words}|${series}`;
  let re = cache.get(key);
  if (!re) {
    re = new RegExp(`^(?:${words})\\s*${recordNoPattern(series)}(?:\\s+([\\s\\S]+)|([^\\d\\s][\\s\\S]*))?$`, 'i');
    cache.set(key, re);
  }
  const m = text.match(re);
  if (!m) return null;
  const no = parseRecordNo(series, m[1]!);
  if (!no) return null;
  const rest = (m[2] ?? m[3])?.trim();
  return rest ? { no, rest } : { no };
}
