// The person's choices kept on this device (language, theme). localStorage can be missing or
// refuse writes (private browsing, full quota); then the defaults simply apply.

export type LanguageChoice = 'auto' | 'en' | 'fr';
export type ThemeChoice = 'auto' | 'light' | 'dark';

export interface Preferences {
  language: LanguageChoice;
  theme: ThemeChoice;
}

const KEYS = { language: 'foyer.language', theme: 'foyer.theme' } as const;
const LANGUAGE_CHOICES: readonly LanguageChoice[] = ['auto', 'en', 'fr'];
const THEME_CHOICES: readonly ThemeChoice[] = ['auto', 'light', 'dark'];

function read<T extends string>(key: string, choices: readonly T[]): T {
  try {
    const value = localStorage.getItem(key);
    return choices.includes(value as T) ? (value as T) : choices[0]!;
  } catch {
    return choices[0]!;
  }
}

export function loadPreferences(): Preferences {
  return { language: read(KEYS.language, LANGUAGE_CHOICES), theme: read(KEYS.theme, THEME_CHOICES) };
}

export function savePreference<K extends keyof Preferences>(name: K, value: Preferences[K]): void {
  try {
    if (value === 'auto') localStorage.removeItem(KEYS[name]);
    else localStorage.setItem(KEYS[name], value);
  } catch {
    // Not persisted; the choice still applies to this tab.
  }
}
