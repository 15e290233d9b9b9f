// Cache Storage names shared by the page and the service worker.

/** Prefix of the versioned app-shell caches; the service worker deletes those of other versions. */
export const SHELL_CACHE_PREFIX = 'foyer-shell-';
/** Last good answers of GET /api/*, served only when the network fails. */
export const API_CACHE = 'foyer-api-v1';
