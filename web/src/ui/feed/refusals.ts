// The sentence for a failed feed action: the refusals the daemon names with a stable code
// (docs/protocol.md, Feed) in the person's language, anything else with its reason.
import { t } from '../../lib/i18n.js';

const REFUSALS = {
  E_FEED_UNLIKE_REFUSED: 'feed.unlikeRefused',
  E_FEED_COMMENT_DELETE_REFUSED: 'feed.commentDeleteRefused',
  E_FEED_VISIBILITY_REFUSED: 'feed.visibilityRefused',
  E_COMMUNITY_CREATE_FORBIDDEN: 'communities.createForbidden',
} as const;

export function failureText(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code in REFUSALS) return t(REFUSALS[code as keyof typeof REFUSALS]);
  return t('feed.actionFailed', { reason: (error as Error).message ?? String(error) });
}
