// Whether a URL from the network or from a tab is absolute http(s): the only kind Foyer
// fetches, links to or names as a file (never javascript:, data:, file:…). Shared by the
// linker's features and by web/.
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
