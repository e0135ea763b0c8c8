/**
 * Open311 API keys (开放接口密钥): random, shown once to the administrator who issues them,
 * stored only as a hash — as 接口令牌 (bot/staff-api) and invitation codes are.
 */
import { createHash, randomBytes } from 'node:crypto';

export const KEY_PREFIX = 'o311_';

export const newOpen311Key = (): string => KEY_PREFIX + randomBytes(32).toString('base64url');
export const hashOpen311Key = (key: string): string => createHash('sha256').update(`xietong-open311:${key}`).digest('hex');
