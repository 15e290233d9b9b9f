// Atom content from other people is untrusted markup. It is reduced here, on the server and
// before caching, to a RichNode tree through an allowlist: known formatting elements, links
// with safe schemes, images from https: or the box's own upload origin. Everything else is
// unwrapped (its text kept) or, for active or hidden content (script, style, svg, forms…),
// dropped with its text. The tree is data: the browser builds it with DOM calls.
//
// type="html" is parsed with htmlparser2 (the HTML tokenizer's rules for raw-text elements,
// entities and implied end tags); type="xhtml" already arrives parsed by the stream parser
// and is walked directly. Both feed the same builder, so both get the same allowlist.
//
// References: RFC 4287 §3.1.1 (Atom text constructs), WHATWG URL Standard (URL parsing, the
// parser browsers use, which is why URLs are checked with `new URL`), OWASP XSS Filter
// Evasion Cheat Sheet (the test corpus).
import { createRequire } from 'node:module';
import type { Element } from '../../../xml/element.js';
import { isElement, localName } from '../../../xml/element.js';
import { LINK_SCHEMES, RICH_TAGS, VOID_TAGS, type RichElement, type RichNode, type RichTag } from './rich-text.js';

// htmlparser2 and its entity tables add about 2 MiB to the daemon's base RSS, and most starts
// never meet a type="html" post: it is loaded on first use (require of an ES module, which
// Node supports from 20.19 and 22.12).
let htmlParserClass: typeof import('htmlparser2').Parser | undefined;
function htmlParser(): typeof import('htmlparser2').Parser {
  htmlParserClass ??= (createRequire(import.meta.url)('htmlparser2') as typeof import('htmlparser2')).Parser;
  return htmlParserClass;
}

export interface SanitizeOptions {
  /** Origins (`http://host:port`) besides https: that images may come from: the box's upload service. */
  imageOrigins?: readonly string[];
  /** Elements kept at most (the rest is cut): bounds the work a tab does. */
  maxNodes?: number;
  /** Nesting kept at most; deeper elements are unwrapped into their ancestor. */
  maxDepth?: number;
}

export interface Sanitized {
  nodes: RichNode[];
  /** True when the limits cut something off. */
  truncated: boolean;
}

const DEFAULT_MAX_NODES = 2000;
const DEFAULT_MAX_DEPTH = 16;
/** Open elements tracked at most; past it, unknown wrappers are not tracked (bounds the work per tag). */
const MAX_OPEN = 256;

/** Removed with everything inside: active content, hidden content, form controls, embedded documents. */
const DROPPED_WITH_CONTENT = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math',
  'template', 'noscript', 'noembed', 'noframes', 'xmp', 'plaintext', 'title', 'head', 'textarea',
  'select', 'option', 'optgroup', 'button', 'input', 'form', 'audio', 'video', 'source', 'track',
  'canvas', 'link', 'meta', 'base', 'param', 'dialog', 'portal', 'picture', 'map', 'area',
]);

/** Other names for allowed elements. */
const RENAMED: Readonly<Record<string, RichTag>> = { b: 'strong', i: 'em', strike: 's', del: 's', ins: 'u', h1: 'h2', h5: 'h4', h6: 'h4', tt: 'code', kbd: 'code', samp: 'code' };

/** Block elements whose end should leave a paragraph break when they are unwrapped. */
const UNWRAPPED_BLOCKS = new Set(['div', 'section', 'article', 'header', 'footer', 'aside', 'main', 'nav', 'figure', 'figcaption', 'table', 'tr', 'dl', 'dt', 'dd']);

interface Open {
  element: RichElement | null; // null: unwrapped (children go to the nearest kept ancestor)
  name: string;
}

/** Builds the tree from open/text/close events, enforcing the allowlist and the limits. */
class TreeBuilder {
  readonly root: RichNode[] = [];
  truncated = false;
  private readonly stack: Open[] = [];
  /** >0 while inside a dropped element: its name and nesting of the same name. */
  private dropping: { name: string; depth: number } | null = null;
  private nodes = 0;
  private keptDepth = 0;
  private readonly maxNodes: number;
  private readonly maxDepth: number;

  constructor(private readonly options: SanitizeOptions) {
    this.maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
    this.maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  open(rawName: string, attrs: Readonly<Record<string, string>>): void {
    const name = rawName.toLowerCase();
    if (this.dropping) {
      if (name === this.dropping.name) this.dropping.depth++;
      return;
    }
    if (DROPPED_WITH_CONTENT.has(name)) {
      this.dropping = { name, depth: 1 };
      return;
    }
    const tag = (RENAMED[name] ?? name) as RichTag;
    const keptDepth = this.keptDepth;
    let element: RichElement | null = null;
    if (RICH_TAGS.has(tag) && keptDepth < this.maxDepth && !this.refusedInside(tag)) {
      if (this.nodes >= this.maxNodes) {
        this.truncated = true;
      } else {
        element = this.buildElement(tag, attrs);
        if (element) {
          this.nodes++;
          this.children().push(element);
        }
      }
    } else if (keptDepth >= this.maxDepth) {
      this.truncated = true;
    }
    if (VOID_TAGS.has(tag)) return; // never opened: a stray </br> must not close anything
    if (!element && this.stack.length >= MAX_OPEN) return;
    if (element) this.keptDepth++;
    this.stack.push({ element, name });
  }

  text(text: string): void {
    if (this.dropping || text === '') return;
    if (this.nodes >= this.maxNodes) {
      this.truncated = true;
      return;
    }
    const children = this.children();
    const last = children[children.length - 1];
    if (typeof last === 'string') children[children.length - 1] = last + text;
    else {
      this.nodes++;
      children.push(text);
    }
  }

  close(rawName: string): void {
    const name = rawName.toLowerCase();
    if (this.dropping) {
      if (name === this.dropping.name && --this.dropping.depth === 0) this.dropping = null;
      return;
    }
    // A close tag with no matching open element is ignored; one that matches closes
    // everything opened after it (malformed nesting cannot move content out of a link).
    let index = this.stack.length - 1;
    while (index >= 0 && this.stack[index]!.name !== name) index--;
    if (index < 0) return;
    const closed = this.stack.splice(index);
    this.keptDepth -= closed.filter((open) => open.element).length;
    if (closed[0]?.element === null && UNWRAPPED_BLOCKS.has(name)) this.text('\n');
  }

  /** Links inside links and blocks inside inline code would confuse readers and renderers. */
  private refusedInside(tag: RichTag): boolean {
    if (tag === 'a') return this.stack.some((open) => open.element?.tag === 'a');
    return false;
  }

  private children(): RichNode[] {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const element = this.stack[i]!.element;
      if (element) return (element.children ??= []);
    }
    return this.root;
  }

  private buildElement(tag: RichTag, attrs: Readonly<Record<string, string>>): RichElement | null {
    const attr = (name: string): string | undefined => attrs[name] ?? attrs[name.toUpperCase()];
    const element: RichElement = { tag };
    const title = attr('title');
    if (tag === 'a') {
      const href = safeLinkUrl(attr('href'));
      if (href) element.href = href; // a link without a safe target stays as its text
      if (title) element.title = cap(title, 300);
      return href ? element : null;
    }
    if (tag === 'img') {
      const src = safeImageUrl(attr('src'), this.options.imageOrigins ?? []);
      if (!src) return null;
      element.src = src;
      const alt = attr('alt');
      if (alt) element.alt = cap(alt, 300);
      if (title) element.title = cap(title, 300);
      const width = dimension(attr('width'));
      const height = dimension(attr('height'));
      if (width && height) Object.assign(element, { width, height });
      return element;
    }
    if (tag === 'ol') {
      const start = attr('start');
      if (start && /^\d{1,6}$/.test(start)) element.start = Number(start);
    }
    return element;
  }
}

function cap(text: string, length: number): string {
  return text.length > length ? text.slice(0, length) : text;
}

function dimension(value: string | undefined): number | undefined {
  if (!value || !/^\d{1,4}$/.test(value)) return undefined;
  const number = Number(value);
  return number > 0 && number <= 8192 ? number : undefined;
}

/**
 * An absolute URL, parsed the way browsers parse it; undefined if it is not one. Control
 * characters and whitespace inside are refused outright rather than left to the URL parser
 * to strip ("java\tscript:"), so what is checked is what is shown.
 */
function parseAbsoluteUrl(value: string | undefined): URL | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  // eslint-disable-next-line no-control-regex
  if (trimmed === '' || trimmed.length > 2048 || /[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(trimmed)) return undefined;
  try {
    return new URL(trimmed);
  } catch {
    return undefined;
  }
}

export function safeLinkUrl(value: string | undefined): string | undefined {
  const url = parseAbsoluteUrl(value);
  return url && LINK_SCHEMES.has(url.protocol) && !url.username && !url.password ? url.href : undefined;
}

export function safeImageUrl(value: string | undefined, imageOrigins: readonly string[]): string | undefined {
  const url = parseAbsoluteUrl(value);
  if (!url || url.username || url.password) return undefined;
  if (url.protocol === 'https:' || imageOrigins.includes(url.origin)) return url.href;
  return undefined;
}

/** Sanitises an Atom type="html" value (markup escaped inside the element's text). */
export function sanitizeHtml(html: string, options: SanitizeOptions = {}): Sanitized {
  const builder = new TreeBuilder(options);
  const parser = new (htmlParser())(
    {
      onopentag: (name, attrs) => builder.open(name, attrs),
      ontext: (text) => builder.text(text),
      onclosetag: (name) => builder.close(name),
      // Comments, CDATA sections and processing instructions are dropped by not handling them.
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false },
  );
  parser.write(html);
  parser.end();
  return { nodes: builder.root, truncated: builder.truncated };
}

/** Sanitises Atom type="xhtml" content: the children of the XHTML div (RFC 4287 §3.1.1.3). */
export function sanitizeXhtml(content: Element, options: SanitizeOptions = {}): Sanitized {
  const builder = new TreeBuilder(options);
  const walk = (node: Element | string): void => {
    if (!isElement(node)) return builder.text(node);
    const name = localName(node);
    builder.open(name, node.attrs);
    for (const child of node.children) walk(child);
    builder.close(name);
  };
  const wrapper = content.children.find(isElement);
  const top = wrapper && localName(wrapper) === 'div' ? wrapper.children : content.children;
  for (const child of top) walk(child);
  return { nodes: builder.root, truncated: builder.truncated };
}

/** Plain text (type="text"): kept as text, line breaks as <br>. */
export function textToRich(text: string): RichNode[] {
  const lines = text.split(/\r?\n/);
  const nodes: RichNode[] = [];
  lines.forEach((line, index) => {
    if (index > 0) nodes.push({ tag: 'br' });
    if (line !== '') nodes.push(line);
  });
  return nodes;
}
