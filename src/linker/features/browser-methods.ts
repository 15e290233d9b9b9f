// Methods a feature offers to the browser (docs/protocol.md), keyed by their protocol name
// (`roster.get`). The daemon finds them on the API a feature's setup returns.

export type BrowserMethod = (params: unknown) => unknown;

export interface HasBrowserMethods {
  readonly methods: Readonly<Record<string, BrowserMethod>>;
}

export function hasBrowserMethods(api: unknown): api is HasBrowserMethods {
  return typeof api === 'object' && api !== null && typeof (api as HasBrowserMethods).methods === 'object';
}
