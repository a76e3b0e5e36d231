/**
 * A tiny, strict XML 1.0 reader for tests (no dependency): enough to prove a document is well-formed and to read
 * it back. It rejects what a real parser rejects in the documents we write — unbalanced or mismatched tags, a bare
 * `&` or unknown entity, `<` in an attribute value, duplicate attributes, characters outside XML 1.0's Char
 * production, `]]>` in text, more than one root — and does not support DTDs, CDATA or processing instructions
 * other than the XML declaration.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** the element's own text content (not its descendants'), entities decoded */
  text: string;
}

export class XmlError extends Error {}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

function isNameStart(c: string): boolean {
  return /[A-Za-z_:]/.test(c) || c.charCodeAt(0) > 0x7f;
}

function isNameChar(c: string): boolean {
  return isNameStart(c) || /[-.0-9]/.test(c);
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

class Reader {
  private i = 0;
  constructor(private readonly s: string) {}

  fail(message: string): never {
    const line = this.s.slice(0, this.i).split('\n').length;
    throw new XmlError(`${message} (line ${line}, offset ${this.i})`);
  }

  get done(): boolean {
    return this.i >= this.s.length;
  }
  peek(n = 0): string | undefined {
    return this.s[this.i + n];
  }
  startsWith(text: string): boolean {
    return this.s.startsWith(text, this.i);
  }
  expect(text: string): void {
    if (!this.startsWith(text)) this.fail(`expected ${JSON.stringify(text)}`);
    this.i += text.length;
  }
  skipSpace(): boolean {
    const start = this.i;
    while (isSpace(this.peek())) this.i++;
    return this.i > start;
  }
  until(end: string): string {
    const at = this.s.indexOf(end, this.i);
    if (at === -1) this.fail(`unterminated, expected ${JSON.stringify(end)}`);
    const text = this.s.slice(this.i, at);
    this.i = at + end.length;
    return text;
  }

  name(): string {
    const start = this.i;
    if (!isNameStart(this.peek() ?? '')) this.fail('expected a name');
    while (!this.done && isNameChar(this.peek() ?? '')) this.i++;
    return this.s.slice(start, this.i);
  }

  /** Decodes text up to `stop` (not consumed), checking entities and forbidden characters. */
  chars(stop: (c: string) => boolean, inAttribute: boolean): string {
    let out = '';
    while (!this.done && !stop(this.peek()!)) {
      const c = this.peek()!;
      if (c === '<') this.fail('"<" must be escaped');
      if (c === '&') {
        this.i++;
        const ref = this.until(';');
        if (/^#x[0-9a-fA-F]{1,6}$/.test(ref)) out += this.charRef(parseInt(ref.slice(2), 16), ref);
        else if (/^#[0-9]{1,7}$/.test(ref)) out += this.charRef(parseInt(ref.slice(1), 10), ref);
        else if (PREDEFINED[ref] !== undefined) out += PREDEFINED[ref];
        else this.fail(`unknown or unescaped entity &${ref.slice(0, 20)}`);
        continue;
      }
      if (!inAttribute && this.startsWith(']]>')) this.fail('"]]>" in text');
      const code = this.s.codePointAt(this.i)!;
      if (!isXmlChar(code)) this.fail(`character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML 1.0`);
      const char = String.fromCodePoint(code);
      // attribute-value normalisation: literal whitespace becomes a space
      out += inAttribute && (char === '\t' || char === '\n' || char === '\r') ? ' ' : char;
      this.i += char.length;
    }
    return out;
  }

  private charRef(code: number, ref: string): string {
    if (!Number.isInteger(code) || !isXmlChar(code)) this.fail(`character reference &${ref}; is not an XML 1.0 character`);
    return String.fromCodePoint(code);
  }

  attributes(): Record<string, string> {
    const attributes: Record<string, string> = {};
    for (;;) {
      const spaced = this.skipSpace();
      const c = this.peek();
      if (c === '>' || c === '/' || c === undefined) return attributes;
      if (!spaced) this.fail('attributes must be separated by whitespace');
      const name = this.name();
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      const quote = this.peek();
      if (quote !== '"' && quote !== "'") this.fail('attribute value must be quoted');
      this.i++;
      const value = this.chars((ch) => ch === quote, true);
      this.expect(quote);
      if (Object.hasOwn(attributes, name)) this.fail(`duplicate attribute ${name}`);
      attributes[name] = value;
    }
  }

  /** Comments and whitespace between markup. */
  misc(): void {
    for (;;) {
      this.skipSpace();
      if (this.startsWith('<!--')) {
        this.i += 4;
        const body = this.until('-->');
        if (body.includes('--')) this.fail('"--" inside a comment');
      } else return;
    }
  }

  element(): XmlElement {
    this.expect('<');
    const name = this.name();
    const element: XmlElement = { name, attributes: this.attributes(), children: [], text: '' };
    if (this.startsWith('/>')) {
      this.i += 2;
      return element;
    }
    this.expect('>');
    for (;;) {
      element.text += this.chars((c) => c === '<', false);
      if (this.done) this.fail(`<${name}> is not closed`);
      if (this.startsWith('</')) {
        this.i += 2;
        const end = this.name();
        if (end !== name) this.fail(`</${end}> closes <${name}>`);
        this.skipSpace();
        this.expect('>');
        return element;
      }
      if (this.startsWith('<!--')) {
        this.misc();
        continue;
      }
      if (this.startsWith('<!') || this.startsWith('<?')) this.fail('CDATA, DTDs and processing instructions are not supported');
      element.children.push(this.element());
    }
  }

  document(): XmlElement {
    if (this.startsWith('<?xml')) {
      this.i += 5;
      const declaration = this.until('?>');
      if (!/^\s+version="1\.0"/.test(declaration)) this.fail('the XML declaration must start with version="1.0"');
    }
    this.misc();
    if (this.done) this.fail('no root element');
    const root = this.element();
    this.misc();
    if (!this.done) this.fail('content after the root element');
    return root;
  }
}

/** Parses a whole document; throws XmlError if it is not well-formed. */
export function parseXml(text: string): XmlElement {
  // end-of-line handling (XML 1.0 §2.11): literal CR LF and lone CR become LF before parsing
  return new Reader(text.replace(/\r\n?/g, '\n')).document();
}

/** Direct children named `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The first direct child named `name`, or undefined. */
export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}
