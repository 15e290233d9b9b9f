// Line icons drawn from constant path data (24×24 grid), decorative: their buttons and links
// carry the text.
import { s } from '../lib/dom.js';

const PATHS = {
  chats: 'M4 5h16v11H9l-5 4z',
  feed: 'M4 4h16v16H4zM8 8h8M8 12h8M8 16h5',
  contacts: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21c0-4 3-7 7-7s7 3 7 7M16 4a4 4 0 0 1 0 7M18 14c2.5 1 4 3.5 4 7',
  profile: 'M12 12a5 5 0 1 0 0-10 5 5 0 0 0 0 10zM3 22c0-5 4-8 9-8s9 3 9 8',
  settings: 'M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0M14 4v4M8 10v4M16 16v4',
  back: 'M15 5l-7 7 7 7',
  home: 'M3 11l9-8 9 8M5 9v12h14V9',
  attach: 'M20 11l-8.5 8.5a5 5 0 0 1-7-7L13 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L14 7',
} as const;

export type IconName = keyof typeof PATHS;

export function icon(name: IconName): SVGElement {
  return s(
    'svg',
    { viewBox: '0 0 24 24', class: 'icon', 'aria-hidden': 'true', focusable: 'false' },
    s('path', { d: PATHS[name], fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' }),
  );
}
