// Trouble saving on the box (a full disk, a damaged cache), shown beside the connection
// banner: the daemon pushes cache.write-failed to this user's tabs and cache.write-recovered
// once a write works again. The person may dismiss it; a different failure shows it again.
import { h } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import type { Connection } from '../lib/connection.js';
import type { CacheEvents } from '../../../src/daemon/cache-events.js';

type StorageMessage = 'storage.full' | 'storage.mapFull' | 'storage.damaged' | 'storage.failed';

const MESSAGE_OF_CODE: Record<string, StorageMessage> = {
  E_CACHE_FULL: 'storage.full',
  E_CACHE_MAP_FULL: 'storage.mapFull',
  E_CACHE_CORRUPT: 'storage.damaged',
};

export interface StorageStatusView {
  banner: HTMLElement;
  dispose(): void;
}

export function storageStatus(connection: Connection): StorageStatusView {
  const message = h('p');
  const dismiss = h('button', { type: 'button', class: 'button small' }, t('storage.dismiss'));
  const banner = h('div', { class: 'banner banner-warning', role: 'alert', hidden: true, 'data-testid': 'storage-banner' }, message, dismiss);
  let dismissedCode: string | null = null;
  dismiss.addEventListener('click', () => {
    dismissedCode = banner.dataset.code ?? null;
    banner.hidden = true;
  });

  const unsubscribers = [
    connection.on<CacheEvents['cache.write-failed']>('cache.write-failed', ({ code }) => {
      if (code === dismissedCode) return;
      banner.dataset.code = code;
      message.textContent = t(MESSAGE_OF_CODE[code] ?? 'storage.failed');
      banner.hidden = false;
    }),
    connection.on<CacheEvents['cache.write-recovered']>('cache.write-recovered', () => {
      dismissedCode = null;
      delete banner.dataset.code;
      banner.hidden = true;
    }),
  ];
  return { banner, dispose: () => unsubscribers.forEach((unsubscribe) => unsubscribe()) };
}
