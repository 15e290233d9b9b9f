// The V8 flags the daemon runs with, wherever it runs: `npm start` (package.json), the image's
// service script (foyer-run, through NODE_OPTIONS) and the memory bench's daemon child. A test
// keeps the three in step.
//
// --max-semi-space-size=1: the young generation's two halves stay at 1 MiB instead of growing
// to 16 MiB under allocation bursts. Short-lived garbage is then scavenged more often (cheap:
// the daemon's bursts are small stanzas and JSON frames), and the base RSS drops by about
// 3 MiB, which a 512 MB board feels. It is a plain heap-size limit, as safe on a Pi as anywhere.
export const DAEMON_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1'];
