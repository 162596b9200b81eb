// A small XML reader for serviceproviders.xml (mobile-broadband-provider-info): elements,
// attributes, text, comments, CDATA, the XML declaration and a DOCTYPE without an internal subset.
// Not a general XML parser: no namespaces, no DTD processing, no external entities (the five
// predefined entities and numeric character references are decoded). Dev-only (the generator's
// output is committed), so it is not in any bundle.

/** One element: its name, attributes (decoded), child elements in order, and its own text (decoded, concatenated). */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

/** A malformed document: `offset` is the character offset where reading stopped. */
export class XmlError extends Error {
  override readonly name = 'XmlError';
  constructor(message: string, readonly offset: number) { super(`${message} at offset ${offset}`); }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the predefined entities and `&#N;`/`&#xH;`; throws XmlError on any other entity. */
export function decodeEntities(s: string, offset = 0): string {
  return s.replace(/&([^;&\s]*);?/g, (whole, name: string, at: number) => {
    if (!whole.endsWith(';')) throw new XmlError(`unterminated entity ${JSON.stringify(whole)}`, offset + at);
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    const v = ENTITIES[name];
    if (v === undefined) throw new XmlError(`unknown entity &${name};`, offset + at);
    return v;
  });
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ATTR = /\s+([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("[^"<]*"|'[^'<]*')/y;

/** Parses a whole document into its root element; throws XmlError for mismatched tags, unterminated constructs or trailing content. */
export function parseXml(src: string): XmlElement {
  let pos = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const skipTo = (end: string, what: string) => {
    const i = src.indexOf(end, pos);
    if (i < 0) throw new XmlError(`unterminated ${what}`, pos);
    const body = src.slice(pos, i);
    pos = i + end.length;
    return body;
  };
  while (pos < src.length) {
    const lt = src.indexOf('<', pos);
    const textEnd = lt < 0 ? src.length : lt;
    if (textEnd > pos) {
      const text = src.slice(pos, textEnd);
      const top = stack[stack.length - 1];
      if (top) top.text += decodeEntities(text, pos);
      else if (text.trim() !== '') throw new XmlError('text outside the root element', pos);
      pos = textEnd;
      continue;
    }
    if (src.startsWith('<!--', pos)) { pos += 4; skipTo('-->', 'comment'); continue; }
    if (src.startsWith('<![CDATA[', pos)) {
      pos += 9;
      const body = skipTo(']]>', 'CDATA section');
      const top = stack[stack.length - 1];
      if (!top) throw new XmlError('CDATA outside the root element', pos);
      top.text += body;
      continue;
    }
    if (src.startsWith('<?', pos)) { pos += 2; skipTo('?>', 'processing instruction'); continue; }
    if (src.startsWith('<!DOCTYPE', pos)) {
      pos += 9;
      const body = skipTo('>', 'DOCTYPE');
      if (body.includes('[')) throw new XmlError('DOCTYPE with an internal subset is not supported', pos);
      continue;
    }
    if (src.startsWith('</', pos)) {
      pos += 2;
      NAME.lastIndex = pos;
      const m = NAME.exec(src);
      if (!m) throw new XmlError('bad end tag', pos);
      pos = NAME.lastIndex;
      const close = skipTo('>', 'end tag');
      if (close.trim() !== '') throw new XmlError(`junk in end tag </${m[0]}>`, pos);
      const top = stack.pop();
      if (!top || top.name !== m[0]) throw new XmlError(`</${m[0]}> does not close <${top?.name ?? '(nothing)'}>`, pos);
      continue;
    }
    // Start tag.
    pos += 1;
    NAME.lastIndex = pos;
    const m = NAME.exec(src);
    if (!m) throw new XmlError('bad start tag', pos);
    pos = NAME.lastIndex;
    const attrs: Record<string, string> = {};
    for (;;) {
      ATTR.lastIndex = pos;
      const a = ATTR.exec(src);
      if (!a) break;
      if (a[1] in attrs) throw new XmlError(`attribute ${a[1]} twice`, pos);
      attrs[a[1]] = decodeEntities(a[2].slice(1, -1), pos);
      pos = ATTR.lastIndex;
    }
    while (/\s/.test(src[pos] ?? '')) pos++;
    const selfClosing = src.startsWith('/>', pos);
    if (!selfClosing && src[pos] !== '>') throw new XmlError(`bad attribute in <${m[0]}>`, pos);
    pos += selfClosing ? 2 : 1;
    const el: XmlElement = { name: m[0], attrs, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (root) throw new XmlError('a second root element', pos);
    else root = el;
    if (!selfClosing) stack.push(el);
  }
  if (stack.length) throw new XmlError(`<${stack[stack.length - 1].name}> is not closed`, pos);
  if (!root) throw new XmlError('no root element', pos);
  return root;
}

/** The child elements of `el` named `name`. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** The first child element named `name`, or undefined. */
export function childNamed(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}
