import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SourceError } from '../source-error.js';

// A small namespace-aware element tree over fast-xml-parser, for reading feeds. Entity processing
// is off in the parser: a DOCTYPE's entities are never expanded (no "billion laughs"), and only
// XML's five predefined entities and character references are decoded, here. An undeclared entity
// such as `&nbsp;` stays as written; HTML fields decode it when they become text.

export interface XmlElement {
  /** The local name (`encoded` of `content:encoded`). */
  name: string;
  /** The namespace URI the element's prefix (or the default namespace) stands for; '' when none. */
  ns: string;
  /** Attributes by their name as written (`href`, `xml:lang`), values decoded. */
  attributes: Record<string, string>;
  children: XmlNode[];
}
/** Text (entities decoded; CDATA as it is) or an element. */
export type XmlNode = XmlElement | string;

/** Most levels of nesting read; feeds need about six, XHTML content a few more. */
const MAX_DEPTH = 200;

const parser = new XMLParser({
  preserveOrder: true,
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_DEPTH,
});

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML's predefined entities and character references decoded; anything else left as written. */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos);/g, (whole, name: string) => {
    if (name[0] !== '#') return PREDEFINED[name] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

type RawNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function build(raw: RawNode[], scope: Record<string, string>, out: XmlNode[]): void {
  for (const node of raw) {
    const key = Object.keys(node).find((name) => name !== ':@');
    if (key === undefined) continue;
    const value = node[key];
    if (key === '#text') {
      out.push(decodeXmlEntities(String(value)));
    } else if (key === '#cdata') {
      for (const part of value as RawNode[]) if (typeof part['#text'] === 'string') out.push(part['#text']);
    } else if (key.startsWith('!') || key.startsWith('?')) {
      continue;
    } else {
      const attributes: Record<string, string> = {};
      let inner = scope;
      for (const [name, text] of Object.entries(node[':@'] ?? {})) {
        const decoded = decodeXmlEntities(String(text));
        attributes[name] = decoded;
        if (name === 'xmlns' || name.startsWith('xmlns:')) {
          if (inner === scope) inner = { ...scope };
          inner[name === 'xmlns' ? '' : name.slice(6)] = decoded;
        }
      }
      const colon = key.indexOf(':');
      const prefix = colon === -1 ? '' : key.slice(0, colon);
      const element: XmlElement = { name: colon === -1 ? key : key.slice(colon + 1), ns: inner[prefix] ?? '', attributes, children: [] };
      build(value as RawNode[], inner, element.children);
      out.push(element);
    }
  }
}

/** Line and column of a character offset, for messages. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index += 1) {
    if (text.charCodeAt(index) === 10) {
      line += 1;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The name of the document's first element as written, skipping the prolog (declaration, comments, DOCTYPE). */
function rootName(text: string): string | undefined {
  return /<([A-Za-z_][^\s>/]*)/.exec(text)?.[1];
}

/**
 * Where a document that does not parse fails: a document cut short (a download stopped early) does
 * not end by closing its root element, whatever the parser names, so the fault is at its end.
 */
function malformed(text: string, line: number, column: number): SourceError {
  const root = rootName(text);
  if (root === undefined || !text.trimEnd().endsWith(`</${root}>`)) {
    return new SourceError('malformed', { reason: 'truncated', ...positionOf(text, text.trimEnd().length) });
  }
  return new SourceError('malformed', { reason: 'syntax', line, column });
}

/**
 * A well-formed XML document's root element, or `malformed`: `{reason: 'truncated', line, column}`
 * when the document stops before its root closes, else `{reason: 'syntax', line, column}` where
 * the parser stopped. A DOCTYPE that declares an external entity is refused as a syntax error.
 */
export function parseXml(text: string): XmlElement {
  const verdict = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (verdict !== true) throw malformed(text, verdict.err.line, verdict.err.col);
  let raw: RawNode[];
  try {
    raw = parser.parse(text) as RawNode[];
  } catch {
    // The validator let it through: what the parser refuses is in the DOCTYPE (an external entity).
    const doctype = text.indexOf('<!DOCTYPE');
    const { line, column } = positionOf(text, Math.max(0, doctype));
    throw malformed(text, line, column);
  }
  const nodes: XmlNode[] = [];
  build(raw, { xml: 'http://www.w3.org/XML/1998/namespace' }, nodes);
  const root = nodes.find((node): node is XmlElement => typeof node !== 'string');
  if (!root) throw malformed(text, 1, 1);
  return root;
}

/** The element's first child of that namespace and local name. */
export function child(element: XmlElement | undefined, ns: string, name: string): XmlElement | undefined {
  return element?.children.find((node): node is XmlElement => typeof node !== 'string' && node.name === name && node.ns === ns);
}

/** The element's children of that namespace and local name. */
export function childrenOf(element: XmlElement | undefined, ns: string, name: string): XmlElement[] {
  return (element?.children ?? []).filter((node): node is XmlElement => typeof node !== 'string' && node.name === name && node.ns === ns);
}

/** All text inside the element, its descendants' included, as written (not trimmed). */
export function textOf(element: XmlElement | undefined): string {
  if (!element) return '';
  return element.children.map((node) => (typeof node === 'string' ? node : textOf(node))).join('');
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The element's content written back as markup (Atom's inline XHTML, to become text like any HTML). */
export function innerMarkup(element: XmlElement): string {
  return element.children
    .map((node) => {
      if (typeof node === 'string') return escapeText(node);
      const attributes = Object.entries(node.attributes)
        .map(([name, value]) => ` ${name}="${escapeText(value).replace(/"/g, '&quot;')}"`)
        .join('');
      return `<${node.name}${attributes}>${innerMarkup(node)}</${node.name}>`;
    })
    .join('');
}
