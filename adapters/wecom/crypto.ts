/**
 * WeCom (企业微信) callback crypto, as in the official 加解密方案说明:
 *
 *   msg_signature = sha1(sort([token, timestamp, nonce, msg_encrypt]).join(''))
 *   AESKey        = base64decode(EncodingAESKey + '=')            (32 bytes)
 *   msg_encrypt   = base64(AES-256-CBC(key, iv = AESKey[0..16),
 *                          PKCS#7-pad-to-32(random(16) ‖ len(msg) as uint32 BE ‖ msg ‖ receiveid)))
 *
 * Built on node:crypto. The caller must check the signature before decrypting: a
 * forged ciphertext never reaches the padding check, so there is no padding oracle.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Block size of the PKCS#7 padding WeCom uses (32 bytes, not AES's 16). */
export const PAD_BLOCK = 32;

export type CryptoFailure = 'key' | 'base64' | 'length' | 'padding' | 'format' | 'utf8';

export class WecomCryptoError extends Error {
  constructor(readonly kind: CryptoFailure, message: string) {
    super(message);
    this.name = 'WecomCryptoError';
  }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The 32-byte AES key of a 43-character EncodingAESKey; throws on anything else. */
export function aesKeyOf(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey)) {
    throw new WecomCryptoError('key', 'EncodingAESKey must be 43 characters of [A-Za-z0-9]');
  }
  const key = Buffer.from(encodingAesKey + '=', 'base64');
  if (key.length !== 32) throw new WecomCryptoError('key', 'EncodingAESKey does not decode to 32 bytes');
  return key;
}

/** msg_signature: sha1 over the four strings sorted (byte order) and concatenated, hex. */
export function signature(token: string, timestamp: string, nonce: string, encrypted: string): string {
  const parts = [token, timestamp, nonce, encrypted].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return createHash('sha1').update(parts.join('')).digest('hex');
}

/** Constant-time check of a received msg_signature. */
export function verifySignature(token: string, timestamp: string, nonce: string, encrypted: string, given: string): boolean {
  const expected = Buffer.from(signature(token, timestamp, nonce, encrypted), 'ascii');
  const actual = Buffer.from(given.toLowerCase(), 'ascii');
  // Lengths are not secret (always 40 hex digits when honest); compare equal-length buffers only.
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function pkcs7Pad(data: Buffer, block = PAD_BLOCK): Buffer {
  const n = block - (data.length % block); // 1..block: a full block when already aligned
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

/** Strips and validates the padding: value 1..32, not longer than the data, all bytes equal. */
export function pkcs7Unpad(data: Buffer, block = PAD_BLOCK): Buffer {
  if (!data.length) throw new WecomCryptoError('padding', 'empty plaintext');
  const n = data[data.length - 1]!;
  if (n < 1 || n > block || n > data.length) throw new WecomCryptoError('padding', 'bad padding length');
  for (let i = data.length - n; i < data.length; i++) {
    if (data[i] !== n) throw new WecomCryptoError('padding', 'inconsistent padding bytes');
  }
  return data.subarray(0, data.length - n);
}

/** Encrypts `message` for `receiveId` (the CorpID); returns msg_encrypt (base64). */
export function encrypt(key: Buffer, message: string, receiveId: string, random: Buffer = randomBytes(16)): string {
  if (random.length !== 16) throw new WecomCryptoError('format', 'random prefix must be 16 bytes');
  const msg = Buffer.from(message, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  const plain = pkcs7Pad(Buffer.concat([random, len, msg, Buffer.from(receiveId, 'utf8')]));
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

export interface Decrypted {
  message: string;
  receiveId: string;
}

/** Decrypts msg_encrypt; throws WecomCryptoError on bad base64, length, padding or layout. */
export function decrypt(key: Buffer, encrypted: string): Decrypted {
  if (encrypted.length % 4 !== 0 || !BASE64.test(encrypted)) throw new WecomCryptoError('base64', 'not base64');
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new WecomCryptoError('length', 'ciphertext is not whole AES blocks');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const plain = pkcs7Unpad(Buffer.concat([decipher.update(data), decipher.final()]));
  if (plain.length < 20) throw new WecomCryptoError('format', 'plaintext too short');
  const len = plain.readUInt32BE(16);
  if (20 + len > plain.length) throw new WecomCryptoError('format', 'message length exceeds plaintext');
  try {
    return { message: utf8.decode(plain.subarray(20, 20 + len)), receiveId: utf8.decode(plain.subarray(20 + len)) };
  } catch {
    throw new WecomCryptoError('utf8', 'plaintext is not UTF-8');
  }
}
