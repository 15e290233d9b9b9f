// The feed's use of notify.ts: a browser notification when someone comments on your post or
// after your comment, unless the feed is on screen in a focused tab.
import type { Connection } from '../../lib/connection.js';
import { t } from '../../lib/i18n.js';
import { notify } from '../../lib/notify.js';
import { displayName, type RosterStore } from '../../lib/roster.js';
import { currentRoute, routeHref } from '../../lib/router.js';
import type { MicroblogEvents } from '../../../../src/linker/features/microblog/events.js';
import { plainText } from '../../../../src/linker/features/microblog/rich-text.js';

export function watchFeedForNotifications(connection: Connection, roster: RosterStore): () => void {
  return connection.on<MicroblogEvents['microblog.notification-received']>('microblog.notification-received', ({ reason, post, comment }) => {
    const contact = roster.get(comment.author.jid);
    const name = contact ? displayName(contact) : (comment.author.name ?? comment.author.jid);
    notify({
      title: t(reason === 'comment-on-your-post' ? 'notify.commentOnYourPost' : 'notify.replyToYourComment', { name }),
      body: plainText(comment.content),
      tag: `feed:${post.service}:${post.id}`,
      route: routeHref('feed'),
    }, currentRoute().screen === 'feed');
  });
}
