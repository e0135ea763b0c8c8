/** Long WeCom text is split to the 2048-byte limit of a text message. */
import { MAX_TEXT_BYTES } from './api';

/** Splits text into pieces of at most `maxBytes` UTF-8 bytes, at line breaks where possible. */
export function splitText(text: string, maxBytes = MAX_TEXT_BYTES): string[] {
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  if (bytes(text) <= maxBytes) return [text];
  const pieces: string[] = [];
  let current = '';
  const flush = () => {
    if (current) pieces.push(current);
    current = '';
  };
  for (const line of text.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if (bytes(candidate) <= maxBytes) {
      current = candidate;
      continue;
    }
    flush();
    if (bytes(line) <= maxBytes) {
      current = line;
      continue;
    }
    // One line longer than a message: cut it between code points.
    let part = '';
    for (const ch of line) {
      if (bytes(part) + bytes(ch) > maxBytes) {
        pieces.push(part);
        part = '';
      }
      part += ch;
    }
    current = part;
  }
  flush();
  return pieces.length ? pieces : [''];
}
