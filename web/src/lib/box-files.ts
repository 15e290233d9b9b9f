// This box's shared files (photos, attachments) are named in messages and posts by the box's
// public address (FOYER_PUBLIC_URL), which need not be the address this page was opened with:
// an IP address, another name on the LAN, or a name this phone cannot resolve. Those URLs are
// shown through this page's own origin, where the daemon serves the same /file_share/; every
// other URL is left as it is. The prefix comes from GET /api/session (docs/protocol.md).
let filesUrl: string | null = null;

export function rememberBoxFilesUrl(url: string | null): void {
  filesUrl = url;
}

/** The URL to fetch or link `url` with from this page. */
export function onThisOrigin(url: string): string {
  if (filesUrl === null || !url.startsWith(filesUrl)) return url;
  return `${location.origin}/file_share/${url.slice(filesUrl.length)}`;
}
