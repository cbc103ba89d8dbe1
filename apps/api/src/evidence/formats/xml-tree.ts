import { Parser } from 'htmlparser2';
import { SourceError } from '../source-error.js';

// A small namespace-aware element tree for reading feeds, built by htmlparser2's tokenizer in XML
// mode: one streaming pass (a 1,000-entry feed in tens of milliseconds) that processes no DTD, so
// a DOCTYPE's entities are never expanded (no "billion laughs", no external entities); only XML's
// five predefined entities and character references are decoded. An undeclared entity such as
// `&nbsp;` stays as written; HTML fields decode it when they become text. The tokenizer forgives
// what it can; what it has to repair (an element closed by its parent, a document that ends with
// elements open) is what makes a feed malformed here.

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
const MAX_DEPTH = 256;

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

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

interface OpenElement {
  element: XmlElement;
  /** The prefixes in force inside it. */
  scope: Record<string, string>;
}

/**
 * A well-formed XML document's root element, or `malformed`: `{reason: 'truncated', line, column}`
 * when the document ends with elements still open (a download cut short), else
 * `{reason: 'syntax', line, column}` where it stops being well-formed (elements left open inside
 * their parent, a second root, text outside the root, nesting past 256 levels). A closing tag that
 * matches nothing open is forgiven, as the tokenizer does.
 */
export function parseXml(text: string): XmlElement {
  const roots: XmlElement[] = [];
  const stack: OpenElement[] = [];
  let fault: { offset: number } | undefined;
  let ended = false;
  let truncated = false;
  const failAt = (offset: number) => {
    fault ??= { offset };
    parser.pause();
  };
  const parser = new Parser(
    {
      onopentag(qualified, attributes) {
        if (fault) return;
        if (stack.length === 0 && roots.length > 0) return failAt(parser.startIndex);
        if (stack.length >= MAX_DEPTH) return failAt(parser.startIndex);
        const parent = stack.at(-1);
        const inherited = parent?.scope ?? { xml: XML_NAMESPACE };
        let scope = inherited;
        for (const [name, value] of Object.entries(attributes)) {
          if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
          if (scope === inherited) scope = { ...inherited };
          scope[name === 'xmlns' ? '' : name.slice(6)] = value;
        }
        const colon = qualified.indexOf(':');
        const element: XmlElement = {
          name: colon === -1 ? qualified : qualified.slice(colon + 1),
          ns: scope[colon === -1 ? '' : qualified.slice(0, colon)] ?? '',
          attributes: { ...attributes },
          children: [],
        };
        if (parent) parent.element.children.push(element);
        else roots.push(element);
        stack.push({ element, scope });
      },
      onclosetag(_name, isImplied) {
        if (fault) return;
        // "Implied" is how the tokenizer reports an element closed by `/>`, an element a parent's
        // closing tag skipped over, and, at the end, what is still open: only the first is XML.
        const selfClosing = text.charCodeAt(parser.endIndex) === 62 && text.charCodeAt(parser.endIndex - 1) === 47; // '/>'
        if (isImplied && ended) truncated = true;
        else if (isImplied && !selfClosing) return failAt(parser.startIndex);
        stack.pop();
      },
      ontext(data) {
        if (fault) return;
        const open = stack.at(-1);
        if (open) open.element.children.push(data);
        else if (data.trim() !== '' && !/^\s*\]\s*>\s*$/.test(data)) failAt(parser.startIndex); // text outside the root (a DTD's closing `]>` aside)
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(text);
  if (!fault) {
    ended = true;
    parser.end();
  }
  if (fault) throw new SourceError('malformed', { reason: 'syntax', ...positionOf(text, fault.offset) });
  const root = roots[0];
  if (truncated || !root) throw new SourceError('malformed', { reason: 'truncated', ...positionOf(text, text.trimEnd().length) });
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
