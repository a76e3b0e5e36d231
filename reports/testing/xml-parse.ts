/**
 * Reads XML back for the writers' tests with saxes, a strict XML 1.0 parser: whatever it rejects (unbalanced tags, a
 * bare `&` or unknown entity, a forbidden character, `]]>` in text, a duplicate attribute, two roots…) fails the
 * test, and what it accepts becomes a small element tree to assert on.
 */
import { SaxesParser } from 'saxes';

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** the element's own text content (not its descendants'), entities decoded */
  text: string;
}

export class XmlError extends Error {}

export function parseXml(text: string): XmlElement {
  const parser = new SaxesParser();
  const open: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: Error | undefined;
  parser.on('error', (error) => (failure ??= error));
  parser.on('opentag', (tag) => {
    const element: XmlElement = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], text: '' };
    if (open.length > 0) open[open.length - 1]!.children.push(element);
    else root = element;
    open.push(element);
  });
  parser.on('text', (chunk) => {
    if (open.length > 0) open[open.length - 1]!.text += chunk;
  });
  parser.on('closetag', () => void open.pop());
  parser.write(text).close();
  if (failure) throw new XmlError(failure.message);
  if (!root) throw new XmlError('no root element');
  return root;
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

export function childNamed(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}
