// Draws a sanitised post body (a RichNode tree from the daemon) with DOM calls only. The
// daemon already applied the allowlist; it is applied again here, so a bug on one side is not
// enough to put markup or a script URL in the page. Images from another host are not fetched
// until the person asks (no tracking pixels, no request leaves the box by itself).
import { h, isSafeUrl } from '../../lib/dom.js';
import { onThisOrigin } from '../../lib/box-files.js';
import { t } from '../../lib/i18n.js';
import type { RichElement, RichNode } from '../../lib/feed.js';
import { LINK_REL, RICH_TAGS, VOID_TAGS } from '../../../../src/linker/features/microblog/rich-text.js';
import { isHttpUrl } from '../../../../src/linker/features/http-url.js';

const MAX_DEPTH = 24;

/** True when the image would be fetched from the box itself (the page's host). */
export function isBoxImage(src: string): boolean {
  return isHttpUrl(src) && new URL(src).hostname === location.hostname;
}

/** An <img> of the box, or a button that loads a remote one when pressed. */
export function image(url: string, alt: string, size?: { width?: number | undefined; height?: number | undefined }): HTMLElement {
  const src = onThisOrigin(url);
  const build = (): HTMLImageElement => {
    // Built by hand: h() keeps src out of its attribute list, and this src was checked above.
    const img = document.createElement('img');
    img.alt = alt;
    img.loading = 'lazy';
    img.decoding = 'async';
    if (size?.width && size.height) {
      img.width = size.width;
      img.height = size.height;
    }
    img.src = src;
    return img;
  };
  if (isBoxImage(src)) return build();
  let host = src;
  try {
    host = new URL(src).host;
  } catch {
    // shown as is
  }
  const button = h('button', { type: 'button', class: 'remote-image' }, t('feed.showImage', { host }));
  button.addEventListener('click', () => button.replaceWith(build()));
  return button;
}

function element(node: RichElement, depth: number): Node | null {
  if (!RICH_TAGS.has(node.tag) || depth > MAX_DEPTH) return null;
  if (node.tag === 'img') {
    if (!node.src || !isHttpUrl(node.src)) return null;
    return image(node.src, node.alt ?? '', { width: node.width, height: node.height });
  }
  const children = VOID_TAGS.has(node.tag) ? [] : render(node.children ?? [], depth + 1);
  if (node.tag === 'a') {
    if (!node.href || !isSafeUrl(node.href) || node.href.startsWith('#')) return h('span', null, children);
    return h('a', { href: node.href, target: '_blank', rel: LINK_REL, title: node.title ?? null, dir: 'auto' }, children);
  }
  const built = document.createElement(node.tag);
  if (node.tag === 'ol' && typeof node.start === 'number') (built as HTMLOListElement).start = node.start;
  built.append(...children);
  return built;
}

export function render(nodes: readonly RichNode[], depth = 0): Node[] {
  const out: Node[] = [];
  for (const node of nodes) {
    if (typeof node === 'string') out.push(document.createTextNode(node));
    else if (typeof node === 'object' && node !== null) {
      const built = element(node, depth);
      if (built) out.push(built);
    }
  }
  return out;
}
