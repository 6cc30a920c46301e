// Test support: a strict XML 1.0 well-formedness check for the documents the exporters write (no DOCTYPE,
// no processing instructions but the declaration, no CDATA). It returns every element in document order
// with its decoded attributes and direct text, so a test can compare a document's structure with another's.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  /** The element's own character data (children's text excluded), references decoded. */
  text: string;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9._:]*/y;
const SPACE = /[ \t\r\n]+/y;
// XML 1.0 Char: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF (well-formed surrogate pairs).
const NOT_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes references in character data or an attribute value; throws on a bare `&` or an unknown entity. */
function decode(raw: string, where: string): string {
  return raw.replace(/&([^;]*);|&/g, (all, body: string | undefined) => {
    if (body === undefined) throw new Error(`bare & in ${where}`);
    if (body in PREDEFINED) return PREDEFINED[body];
    const m = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(body);
    if (!m) throw new Error(`unknown reference ${all} in ${where}`);
    const cp = m[1] ? parseInt(m[1], 16) : parseInt(m[2], 10);
    const ch = cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFE';
    if (NOT_CHAR.test(ch)) throw new Error(`reference ${all} to a character XML does not allow`);
    return ch;
  });
}

/** Parses `xml` strictly; throws with the offset of the first violation. Returns the elements in document order. */
export function xmlElements(document: string): XmlElement[] {
  // XML reads CR LF and a lone CR as LF before anything else; references (&#13;) keep a CR.
  const xml = document.replace(/\r\n?/g, '\n');
  const bad = NOT_CHAR.exec(xml);
  if (bad) throw new Error(`character U+${bad[0].charCodeAt(0).toString(16)} not allowed in XML at ${bad.index}`);
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`${msg} at ${i}: ${JSON.stringify(xml.slice(i, i + 40))}`);
  };
  const match = (re: RegExp): string | undefined => {
    re.lastIndex = i;
    const m = re.exec(xml);
    if (!m) return undefined;
    i += m[0].length;
    return m[0];
  };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) fail('unterminated XML declaration');
    i = end + 2;
  }
  const elements: XmlElement[] = [];
  const open: XmlElement[] = [];
  let rootDone = false;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const chunk = xml.slice(i, lt < 0 ? xml.length : lt);
    if (chunk) {
      if (chunk.includes(']]>')) fail(']]> in character data');
      if (!open.length && chunk.trim()) fail('text outside the root element');
      if (open.length) open[open.length - 1].text += decode(chunk, 'text');
    }
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0 || xml.slice(i + 4, end).includes('--')) fail('bad comment');
      i = end + 3;
    } else if (xml.startsWith('</', i)) {
      i += 2;
      const name = match(NAME) ?? fail('end tag without a name');
      match(SPACE);
      if (xml[i] !== '>') fail('end tag not closed');
      i++;
      const top = open.pop();
      if (!top || top.name !== name) fail(`</${name}> does not close <${top?.name}>`);
      if (!open.length) rootDone = true;
    } else {
      i++;
      const name = match(NAME) ?? fail('markup that is not an element');
      if (rootDone || (!open.length && elements.length)) fail('second root element');
      const el: XmlElement = { name, attributes: {}, text: '' };
      for (;;) {
        const space = match(SPACE);
        if (xml.startsWith('/>', i) || xml[i] === '>') break;
        if (!space) fail('attributes not separated by space');
        const attr = match(NAME) ?? fail('bad attribute name');
        match(SPACE);
        if (xml[i] !== '=') fail(`attribute ${attr} without =`);
        i++;
        match(SPACE);
        const q = xml[i];
        if (q !== '"' && q !== "'") fail(`attribute ${attr} not quoted`);
        const end = xml.indexOf(q, i + 1);
        if (end < 0) fail('unterminated attribute value');
        const raw = xml.slice(i + 1, end);
        if (raw.includes('<')) fail(`< in attribute ${attr}`);
        if (attr in el.attributes) fail(`duplicate attribute ${attr}`);
        // Attribute-value normalisation: literal tab / LF / CR read as spaces, references keep them.
        el.attributes[attr] = decode(raw.replace(/[\t\n\r]/g, ' '), `attribute ${attr}`);
        i = end + 1;
      }
      elements.push(el);
      if (xml.startsWith('/>', i)) {
        i += 2;
        if (!open.length) rootDone = true;
      } else {
        i++;
        open.push(el);
      }
    }
  }
  if (open.length) fail(`<${open[open.length - 1].name}> never closed`);
  if (!elements.length) fail('no root element');
  return elements;
}
