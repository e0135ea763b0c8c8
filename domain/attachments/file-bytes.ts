/**
 * What the bytes of a file say beyond their type: whether an image or PDF arrived whole,
 * and an image without its metadata. Structural, segment by segment: the npm packages that
 * remove EXIF scan the bytes for an APP1 marker (exif-be-gone) or remove the Exif segment
 * only (piexifjs), while a location or a device can also sit in XMP, IPTC (APP13), a
 * comment, a PNG text chunk or an image appended after the end marker.
 */

const u16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u32 = (b: Uint8Array, i: number) => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
const u32le = (b: Uint8Array, i: number) => b[i]! + (b[i + 1]! << 8) + (b[i + 2]! << 16) + ((b[i + 3]! << 24) >>> 0);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

interface JpegSegment {
  start: number;
  end: number;
  marker: number;
}

/**
 * The JPEG's segments up to its first scan, and where the scan's entropy-coded data ends
 * (its EOI, included); null when the structure breaks off (a truncated or malformed file).
 */
function jpegLayout(b: Uint8Array): { segments: JpegSegment[]; scanStart: number; end: number } | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  const segments: JpegSegment[] = [];
  let i = 2;
  for (;;) {
    if (i + 4 > b.length || b[i] !== 0xff) return null;
    while (b[i + 1] === 0xff) i++; // fill bytes
    const marker = b[i + 1]!;
    if (marker === 0xd9) return null; // an end before any scan
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const len = u16(b, i + 2);
    if (len < 2 || i + 2 + len > b.length) return null;
    if (marker === 0xda) {
      // In entropy-coded data 0xFF is always followed by 0x00 or a restart marker, so the
      // first FF D9 after the scan header is the image's end.
      for (let j = i + 2 + len; j + 1 < b.length; j++) {
        if (b[j] === 0xff && b[j + 1] === 0xd9) return { segments, scanStart: i, end: j + 2 };
      }
      return null;
    }
    segments.push({ start: i, end: i + 2 + len, marker });
    i += 2 + len;
  }
}

/** Whether a JPEG segment may carry where or with what the photo was taken. */
function jpegMetadata(b: Uint8Array, s: JpegSegment): boolean {
  if (s.marker === 0xfe) return true; // COM
  if (s.marker < 0xe1 || s.marker > 0xef) return false; // APP0 (JFIF) and non-APP segments stay
  if (s.marker === 0xee) return false; // APP14 Adobe: colour transform, needed to decode
  if (s.marker === 0xe2) return ascii(b, s.start + 4, 12) !== 'ICC_PROFILE\0'; // the colour profile stays, MPF goes
  return true; // APP1 Exif/XMP, APP13 IPTC, the rest of the APPn
}

interface Chunk {
  start: number;
  end: number;
  type: string;
}

/** PNG chunks to IEND (included); null when the file breaks off before it. */
function pngChunks(b: Uint8Array): Chunk[] | null {
  if (b.length < 8 || PNG_SIGNATURE.some((v, k) => b[k] !== v)) return null;
  const chunks: Chunk[] = [];
  for (let i = 8; ; ) {
    if (i + 12 > b.length) return null;
    const len = u32(b, i);
    const end = i + 12 + len;
    if (end > b.length) return null;
    const type = ascii(b, i + 4, 4);
    chunks.push({ start: i, end, type });
    if (type === 'IEND') return chunks;
    i = end;
  }
}

const PNG_METADATA = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

/** RIFF chunks of a WebP (each padded to an even length); null when malformed or cut off. */
function webpChunks(b: Uint8Array): Chunk[] | null {
  if (b.length < 12 || ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 4) !== 'WEBP') return null;
  const total = 8 + u32le(b, 4);
  if (total > b.length) return null;
  const chunks: Chunk[] = [];
  for (let i = 12; i < total; ) {
    if (i + 8 > total) return null;
    const len = u32le(b, i + 4);
    const end = i + 8 + len + (len & 1);
    if (end > total) return null;
    chunks.push({ start: i, end, type: ascii(b, i, 4) });
    i = end;
  }
  return chunks;
}

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/**
 * Whether the file arrived whole, as far as its format tells: a JPEG reaches its end marker,
 * a PNG its IEND chunk, a WebP its declared length, a PDF its %%EOF. Other formats: true.
 */
export function looksComplete(mime: string, b: Uint8Array): boolean {
  switch (mime) {
    case 'image/jpeg':
      return jpegLayout(b) !== null;
    case 'image/png':
      return pngChunks(b) !== null;
    case 'image/webp':
      return webpChunks(b) !== null;
    case 'application/pdf':
      return ascii(b, Math.max(0, b.length - 1024), Math.min(1024, b.length)).includes('%%EOF');
    default:
      return true;
  }
}

/**
 * The image without its metadata (EXIF, XMP, IPTC, comments, text chunks, trailing images),
 * the picture itself unchanged; null when the image is malformed (nothing is served then).
 * Formats that carry none (GIF, BMP) and non-images come back as they are.
 */
export function withoutMetadata(mime: string, b: Uint8Array): Uint8Array | null {
  switch (mime) {
    case 'image/jpeg': {
      const layout = jpegLayout(b);
      if (!layout) return null;
      const kept = layout.segments.filter((s) => !jpegMetadata(b, s)).map((s) => b.subarray(s.start, s.end));
      return concat([b.subarray(0, 2), ...kept, b.subarray(layout.scanStart, layout.end)]);
    }
    case 'image/png': {
      const chunks = pngChunks(b);
      if (!chunks) return null;
      return concat([b.subarray(0, 8), ...chunks.filter((c) => !PNG_METADATA.has(c.type)).map((c) => b.subarray(c.start, c.end))]);
    }
    case 'image/webp': {
      const chunks = webpChunks(b);
      if (!chunks) return null;
      const kept = chunks.filter((c) => c.type !== 'EXIF' && c.type !== 'XMP ').map((c) => {
        const bytes = b.slice(c.start, c.end);
        if (c.type === 'VP8X' && bytes.length > 8) bytes[8]! &= ~0x0c; // the EXIF and XMP flags
        return bytes;
      });
      const body = concat(kept);
      const header = new Uint8Array(12);
      header.set(b.subarray(0, 12));
      new DataView(header.buffer).setUint32(4, 4 + body.length, true);
      return concat([header, body]);
    }
    default:
      return b;
  }
}
