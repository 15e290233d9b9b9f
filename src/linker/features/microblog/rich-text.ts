// The sanitised form of a post's or comment's body, as stored in the cache and sent to tabs:
// a small tree, never an HTML string, so the browser builds it with DOM calls and there is
// nothing for it to parse. Shared with web/ (types and the allowlists both sides check).

export type RichTag =
  | 'p' | 'br' | 'strong' | 'em' | 'u' | 's' | 'sub' | 'sup' | 'code' | 'pre' | 'blockquote'
  | 'ul' | 'ol' | 'li' | 'h2' | 'h3' | 'h4' | 'hr' | 'a' | 'img';

export interface RichElement {
  tag: RichTag;
  /** a: an absolute http/https/xmpp/mailto URL. */
  href?: string;
  /** img: an absolute https: URL or one on the box's upload origin. */
  src?: string;
  alt?: string;
  title?: string;
  /** img: the size the author announced, to reserve space. */
  width?: number;
  height?: number;
  /** ol: the first number. */
  start?: number;
  children?: RichNode[];
}

export type RichNode = string | RichElement;

export const RICH_TAGS: ReadonlySet<string> = new Set<RichTag>([
  'p', 'br', 'strong', 'em', 'u', 's', 'sub', 'sup', 'code', 'pre', 'blockquote',
  'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'hr', 'a', 'img',
]);

/** Elements that never have children. */
export const VOID_TAGS: ReadonlySet<string> = new Set<RichTag>(['br', 'hr', 'img']);

/** Schemes a link may use; anything else (javascript:, data:, vbscript:, file:…) is dropped. */
export const LINK_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'xmpp:', 'mailto:']);

/** The rel every link gets: no window.opener, no referrer, no endorsement. */
export const LINK_REL = 'noopener noreferrer nofollow';

/** The text of a tree without its markup (titles, notifications, previews). */
export function plainText(nodes: readonly RichNode[]): string {
  let text = '';
  for (const node of nodes) {
    if (typeof node === 'string') text += node;
    else if (node.tag === 'br') text += '\n';
    else if (node.children) text += plainText(node.children);
  }
  return text;
}

const BLOCK_TAGS: ReadonlySet<string> = new Set<RichTag>(['p', 'pre', 'blockquote', 'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'hr']);

/** Whether a link is a bare address (its label is its address), as the composer writes them. */
function isBareLink(label: string, href: string): boolean {
  try {
    return new URL(label).href === href;
  } catch {
    return false;
  }
}

/** One paragraph's inline nodes in the composer's markup. */
function inlineMarkup(nodes: readonly RichNode[]): string {
  let text = '';
  for (const node of nodes) {
    if (typeof node === 'string') text += node;
    else if (node.tag === 'br') text += '\n';
    else if (node.tag === 'strong') text += `**${plainText(node.children ?? [])}**`;
    else if (node.tag === 'em') text += `*${plainText(node.children ?? [])}*`;
    else if (node.tag === 'a') {
      // The composer links bare addresses only: any other link keeps its label and address.
      const label = plainText(node.children ?? []);
      text += node.href && !isBareLink(label, node.href) ? `${label} ${node.href}` : label;
    } else text += plainText([node]);
  }
  return text;
}

/**
 * A body back in the composer's markup (blank line between paragraphs, **bold**, *italic*,
 * bare links), so editing a post starts from what was written: the composer's formatting
 * turns it back into the same tree. Markup the composer cannot write keeps its text.
 */
export function composerText(nodes: readonly RichNode[]): string {
  const paragraphs: string[] = [];
  let inline: RichNode[] = [];
  const flush = () => {
    if (inline.length > 0) paragraphs.push(inlineMarkup(inline));
    inline = [];
  };
  for (const node of nodes) {
    if (typeof node === 'string' || !BLOCK_TAGS.has(node.tag)) inline.push(node);
    else {
      flush();
      const children = node.children ?? [];
      if (node.tag === 'p') paragraphs.push(inlineMarkup(children));
      else if (node.tag === 'ul' || node.tag === 'ol') paragraphs.push(children.map((item) => plainText([item]).trim()).filter(Boolean).join('\n'));
      else paragraphs.push(plainText([node]));
    }
  }
  flush();
  return paragraphs.map((paragraph) => paragraph.trim()).filter(Boolean).join('\n\n');
}
