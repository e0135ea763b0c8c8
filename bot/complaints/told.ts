/**
 * What a citizen's first sentence already says (slot filling): the place, the time and
 * the body complained about, when they are recognisable. The form then asks to confirm
 * each one (「地点：东风路12号，对吗？」) instead of asking for it. Recognised only when the
 * words are plain: a miss costs one ordinary question, a wrong guess one 修改.
 */
import type { Directory } from '../../domain/organisation';
import type { ComplaintRouter } from '../routing';
import { guessAccused } from './accused';

export interface Told {
  where?: string;
  when?: string;
  /** A body named by its name or alias, and no other (as 被投诉对象's certain answer). */
  accusedOrgId?: number;
}

const DIGITS = '[0-9０-９一二三四五六七八九十两]';
const WEEKDAY = '[一二三四五六日天]';
/** One piece of a time: a day, a part of the day, an hour. */
const TIME_PART = [
  '今天', '昨天', '前天', '今晚', '昨晚', '前晚', '今早', '昨早', '今晨', '昨夜', '每天', '每晚', '天天', '经常', '近期', '最近(?:一周|几天|一个月|半个月|两天)?',
  `(?:上|这|本)?(?:周|星期|礼拜)${WEEKDAY}`, `上周`, `这周`, `本周`, `上个?月`, `(?:\\d{4}年)?\\d{1,2}月\\d{1,2}[日号]`, `\\d{1,2}日`,
  '早上', '早晨', '上午', '中午', '下午', '傍晚', '晚上', '夜里', '夜间', '深夜', '半夜', '凌晨',
  `${DIGITS}{1,3}[点时](?:${DIGITS}{1,2}分|半|多|左右)?`, '\\d{1,2}[:：]\\d{2}',
].join('|');
/** Several pieces in a row (昨晚11点, 11月20日下午3点, 每天晚上): the time. */
const TIME_RE = new RegExp(`(?:${TIME_PART})(?:\\s*(?:${TIME_PART}))*(?:左右|前后|以后|之后)?`);

/** Words that end the name of a place (a road and its number, a village, an estate). */
const PLACE_END = '(?:大街|大道|街道|胡同|小区|社区|广场|公园|花园|家园|市场(?!监)|路|街|巷|村|镇)';
/** Chinese characters of a name, not crossing 在/于 (the preposition before a place). */
const NAME_CHAR = '(?:(?![在于到])\\p{Script=Han})';
const PLACE_RE = new RegExp(`(?:^|[在于到，,。；;\\s\\d点])(${NAME_CHAR}{2,10}${PLACE_END}(?:\\d+号(?:院|楼)?|\\d+栋|\\d+单元)*)`, 'u');

/** The time a sentence names, if any (「昨晚11点」). */
export function toldTime(text: string): string | undefined {
  return text.normalize('NFKC').match(TIME_RE)?.[0].trim();
}

/** The place a sentence names, if any (「东风路12号」, 「抚宁镇兴华街12号」). */
export function toldPlace(text: string): string | undefined {
  return text.normalize('NFKC').match(PLACE_RE)?.[1];
}

/** Place, time and accused body in the citizen's sentence. */
export function readTold(text: string, dir: Directory, router: ComplaintRouter): Told {
  const where = toldPlace(text);
  const when = toldTime(text);
  const guess = guessAccused(dir, router, { answer: text, what: text, where: where ?? '' });
  return {
    ...(where ? { where } : {}),
    ...(when ? { when } : {}),
    ...(guess.kind === 'certain' ? { accusedOrgId: guess.orgId } : {}),
  };
}

/** Words that only ask to complain: 投诉, 我要举报 … (what is left after them is the 事由). */
const ASKING = /^(?:我)?(?:要|想)?(?:投诉|举报|投诉举报|反映)(?:一下)?[：:，,\s]*/;

/**
 * The problem a first message describes, or null when it only asks to complain. At least
 * `min` characters (the 事由's own bound) must remain.
 */
export function describedProblem(text: string, min: number): string | null {
  const rest = text.trim().replace(ASKING, '').trim();
  return rest.length >= min ? rest : null;
}
