/**
 * A small, strict XML reader for WeCom callbacks (flat `<xml>` documents with CDATA).
 *
 * Deliberately not a general parser: no DTD (a `<!DOCTYPE` or `<!ENTITY` is an error,
 * so there is no entity expansion), only the five predefined entities and numeric
 * character references (each shrinks the text, so decoding is linear), bounded depth
 * and element count, attributes checked for syntax and ignored. Anything else is a
 * XmlError, which the callback answers with 400.
 */

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

export interface XmlElement {
  name: string;
  /** Direct text and CDATA of the element, entities decoded. */
  text: string;
  children: XmlElement[];
}

const MAX_DEPTH = 16;
const MAX_ELEMENTS = 2000;
const NAME = /[A-Za-z_][A-Za-z0-9_.:-]*/y;
const SPACE = /[ \t\r\n]*/y;
const ATTRIBUTE = /([A-Za-z_][A-Za-z0-9_.:-]*)[ \t\r\n]*=[ \t\r\n]*("[^"<]*"|'[^'<]*')/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(input: string): XmlElement {
  let pos = 0;
  let elements = 0;
  const src = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;

  const fail = (what: string): never => {
    throw new XmlError(`${what} at offset ${pos}`);
  };
  const skipSpace = () => {
    SPACE.lastIndex = pos;
    SPACE.exec(src);
    pos = SPACE.lastIndex;
  };
  const readName = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(src);
    if (!m) return fail('expected a name');
    pos = NAME.lastIndex;
    return m[0];
  };
  const skipComment = () => {
    const end = src.indexOf('-->', pos + 4);
    if (end < 0) fail('unterminated comment');
    pos = end + 3;
  };
  /** Whitespace and comments between markup (prolog and epilog). */
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (src.startsWith('<!--', pos)) skipComment();
      else return;
    }
  };

  const decode = (raw: string): string =>
    raw.replace(/&([^;&<]{0,10});?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) return fail('bare &');
      if (ref in PREDEFINED) return PREDEFINED[ref]!;
      const m = ref.match(/^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/);
      if (!m) return fail(`unknown entity &${ref};`);
      const cp = m[1] ? parseInt(m[1], 16) : parseInt(m[2]!, 10);
      if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return fail('invalid character reference');
      return String.fromCodePoint(cp);
    });

  const element = (depth: number): XmlElement => {
    if (depth > MAX_DEPTH) fail('too deeply nested');
    if (++elements > MAX_ELEMENTS) fail('too many elements');
    if (src[pos] !== '<') fail('expected <');
    pos++;
    const name = readName();
    for (;;) {
      const before = pos;
      skipSpace();
      if (src.startsWith('/>', pos)) {
        pos += 2;
        return { name, text: '', children: [] };
      }
      if (src[pos] === '>') {
        pos++;
        break;
      }
      if (pos === before) fail('expected whitespace before an attribute');
      ATTRIBUTE.lastIndex = pos;
      if (!ATTRIBUTE.exec(src)) fail('malformed attribute');
      pos = ATTRIBUTE.lastIndex;
    }
    let text = '';
    const children: XmlElement[] = [];
    for (;;) {
      if (pos >= src.length) fail(`unclosed <${name}>`);
      const lt = src.indexOf('<', pos);
      if (lt < 0) fail(`unclosed <${name}>`);
      if (lt > pos) {
        text += decode(src.slice(pos, lt));
        pos = lt;
      }
      if (src.startsWith('</', pos)) {
        pos += 2;
        if (readName() !== name) fail(`mismatched closing tag for <${name}>`);
        skipSpace();
        if (src[pos] !== '>') fail('expected >');
        pos++;
        return { name, text, children };
      }
      if (src.startsWith('<![CDATA[', pos)) {
        const end = src.indexOf(']]>', pos + 9);
        if (end < 0) fail('unterminated CDATA');
        text += src.slice(pos + 9, end);
        pos = end + 3;
      } else if (src.startsWith('<!--', pos)) {
        skipComment();
      } else if (src.startsWith('<!', pos) || src.startsWith('<?', pos)) {
        fail('declarations and processing instructions are not allowed here');
      } else {
        children.push(element(depth + 1));
      }
    }
  };

  if (src.startsWith('<?xml', pos)) {
    const end = src.indexOf('?>', pos);
    if (end < 0) fail('unterminated XML declaration');
    pos = end + 2;
  }
  skipMisc();
  if (src.startsWith('<!', pos) || src.startsWith('<?', pos)) fail('DTDs and processing instructions are not allowed');
  const root = element(1);
  skipMisc();
  if (pos !== src.length) fail('content after the root element');
  return root;
}

/**
 * The text of the single direct child `name` of `el`: undefined when absent, an error
 * when repeated (an ambiguous field is a malformed message).
 */
export function field(el: XmlElement, name: string): string | undefined {
  let found: XmlElement | undefined;
  for (const c of el.children) {
    if (c.name !== name) continue;
    if (found) throw new XmlError(`<${name}> appears more than once`);
    found = c;
  }
  return found?.text;
}
