// English UI strings. Whole sentences with {placeholders}, never pieces glued together, so a
// translation can reorder words; counts are plural tables picked with Intl.PluralRules.

export const en = {
  'app.name': 'Foyer',

  'login.title': 'Sign in to Foyer',
  'login.intro': 'Use the address and password your family box gave you.',
  'login.address': 'Address',
  'login.addressHint': 'For example mum@home.example',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.busy': 'Signing in…',
  'login.missing': 'Enter your address and your password.',
  'login.badCredentials': 'Wrong address or password.',
  'login.rateLimited': 'Too many attempts. Wait a little before trying again.',
  'login.xmppUnreachable': 'The chat server cannot be reached right now.',
  'login.boxUnreachable': 'Foyer cannot be reached. Check that this device is on the home network.',
  'login.failed': 'Signing in failed.',

  'connection.online': 'Online',
  'connection.connecting': 'Connecting…',
  'connection.reconnecting': 'Reconnecting…',
  'connection.offline': 'Offline',
  'connection.retryIn': { one: 'Offline. Trying again in {count} second.', other: 'Offline. Trying again in {count} seconds.' },
  'connection.retryNow': 'Try now',
  'connection.trying': 'Offline. Trying to connect…',
  'connection.xmppDown': 'Connected to Foyer, but the chat server is unreachable.',

  'storage.full': 'The box\'s storage is full: new messages and changes are not being saved on it. Free some space on the box.',
  'storage.mapFull': 'The box ran out of memory for its storage: new messages and changes are not being saved. Restart the box.',
  'storage.damaged': 'The box\'s storage is damaged: new messages and changes are not being saved. Restart the box.',
  'storage.failed': 'The box could not save your latest changes. Check its storage card.',
  'storage.dismiss': 'Dismiss',

  'nav.label': 'Main',
  'nav.conversations': 'Chats',
  'nav.feed': 'Feed',
  'nav.contacts': 'Contacts',
  'nav.profile': 'Profile',
  'nav.settings': 'Settings',
  'nav.back': 'Back',
  'nav.skip': 'Skip to content',

  'conversations.title': 'Chats',
  'conversations.empty': 'No conversations yet.',
  'conversations.emptyHint': 'Pick someone in your contacts to start talking.',
  'conversations.openContacts': 'Open contacts',
  'conversations.noneSelected': 'Choose a conversation.',

  'feed.title': 'Feed',
  'feed.empty': 'No posts yet.',

  'contacts.title': 'Contacts',
  'contacts.search': 'Search contacts',
  'contacts.loading': 'Loading contacts…',
  'contacts.waiting': 'Your contacts appear once Foyer is connected.',
  'contacts.empty': 'No contacts yet.',
  'contacts.noMatch': 'No contact matches “{query}”.',
  'contacts.summary': { one: '{count} contact online out of {total}', other: '{count} contacts online out of {total}' },
  'contacts.loadFailed': 'Contacts could not be loaded: {reason}',
  'contacts.stale': 'This list may be out of date: {reason}',
  'contacts.noneSelected': 'Choose a contact to see their details.',
  'contacts.address': 'Address',
  'contacts.status': 'Status message',
  'contacts.groups': 'Groups',
  'contacts.pending': 'Waiting for them to accept',
  'contacts.notFound': 'This contact is not in your list.',

  'presence.online': 'Available',
  'presence.chat': 'Free to chat',
  'presence.away': 'Away',
  'presence.xa': 'Away for a while',
  'presence.dnd': 'Busy',
  'presence.offline': 'Offline',

  'profile.title': 'Profile',
  'profile.address': 'Your address',

  'settings.title': 'Settings',
  'settings.language': 'Language',
  'settings.languageAuto': 'Same as the browser',
  'settings.theme': 'Theme',
  'settings.themeAuto': 'Same as the system',
  'settings.themeLight': 'Light',
  'settings.themeDark': 'Dark',
  'settings.logout': 'Sign out',
  'settings.logoutFailed': 'Signing out failed: {reason}',

  'text.showMore': 'Show more',
  'text.showLess': 'Show less',

  'upload.attach': 'Attach a photo or file',
  'upload.preparing': 'Preparing…',
  'upload.progressLabel': 'Uploading {name}',
  'upload.progress': '{percent}% ({sent} of {total})',
  'upload.cancel': 'Cancel',
  'upload.cancelNamed': 'Cancel uploading {name}',
  'upload.dismiss': 'Dismiss',
  'upload.tooLarge': 'This file is too large: the box accepts files up to {size}.',
  'upload.interrupted': 'The upload was interrupted. Check the connection and try again.',
  'upload.imageFailed': 'This photo could not be prepared for sending.',
  'upload.failed': 'The upload failed. Try again.',

  'error.timeout': 'Foyer took too long to answer.',
  'error.disconnected': 'The connection was lost.',
  'error.offline': 'You are offline.',
} as const;

export type Plural = { readonly one: string; readonly other: string };
export type MessageKey = keyof typeof en;
/** A translation has every key, with a plural table where English has one. */
export type MessageTable = { readonly [K in MessageKey]: (typeof en)[K] extends string ? string : Plural };
