// Everyone's name and avatar as the daemon knows them (profile.get on every (re)connection,
// then profile.person-updated events). Module state, like the page itself: avatar() and
// displayName() read it from anywhere, and listeners redraw what a change affects.
//
// References: docs/protocol.md; src/linker/features/profile/events.ts (the daemon's side).
import type { Connection } from './connection.js';
import type { Profile, ProfileEvents, ProfileMethods } from '../../../src/linker/features/profile/events.js';

export type { Profile };

const profiles = new Map<string, Profile>();
const listeners = new Set<(jid: string) => void>();

export function profileOf(jid: string): Profile | undefined {
  return profiles.get(jid);
}

/** Called with the JID whose name or avatar changed. */
export function onProfileChanged(listener: (jid: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function store(profile: Profile): void {
  const before = profiles.get(profile.jid);
  profiles.set(profile.jid, profile);
  if (before?.name === profile.name && before?.avatar === profile.avatar) return;
  for (const listener of listeners) listener(profile.jid);
}

/** Follows one connection's profiles (a new login starts from nothing). */
export function followProfiles(connection: Connection): void {
  profiles.clear();
  connection.onReady(async () => {
    try {
      const { profiles: all } = await connection.request<ProfileMethods['profile.get']['result']>('profile.get');
      for (const profile of all) store(profile);
    } catch {
      // Initials and addresses stay; the next reconnection tries again.
    }
  });
  connection.on<ProfileEvents['profile.person-updated']>('profile.person-updated', store);
}

/** After publishing: the daemon's answer is the new profile, before its event arrives. */
export function profilePublished(profile: Profile): void {
  store(profile);
}
