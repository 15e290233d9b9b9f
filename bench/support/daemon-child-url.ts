// The daemon child the benches fork: daemon-child.ts bundled and minified like the daemon
// the box runs (scripts/bundle-daemon.mjs, part of `npm run build`), so memory and timings
// are those of the shipped file, not of the ~150 separate modules tsc writes.
export const DAEMON_CHILD_URL = new URL('./daemon-child.bundle.js', import.meta.url);
