/**
 * The workspace's keyboard shortcuts. Outside text fields single keys work (Space/K, J/L and the
 * arrows, as in video players); while typing in a segment only combinations with Alt work, so no
 * typed letter is ever taken. Letters are matched by physical key (`code`): Alt changes the
 * character a key types on macOS and in some layouts, and Russian layouts type other letters.
 */
export type ShortcutAction =
  | 'play-pause'
  | 'back'
  | 'forward'
  | 'previous-segment'
  | 'next-segment'
  | 'edit'
  | 'find'
  | 'undo'
  | 'redo'
  | 'help';

export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** Seconds the back/forward shortcuts jump. */
export const JUMP_S = 5;

export function shortcutFor(e: KeyPress, inTextField: boolean): ShortcutAction | null {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && !e.altKey && e.code === 'KeyF') return 'find';
  if (e.altKey && !mod) {
    if (e.code === 'KeyK') return 'play-pause';
    if (e.code === 'KeyJ') return 'back';
    if (e.code === 'KeyL') return 'forward';
    return null;
  }
  if (inTextField) return null;
  if (mod && !e.altKey) {
    if (e.code === 'KeyZ') return e.shiftKey ? 'redo' : 'undo';
    if (e.code === 'KeyY') return 'redo';
    return null;
  }
  if (e.shiftKey && e.key !== '?') return null;
  switch (e.code) {
    case 'Space':
    case 'KeyK':
      return 'play-pause';
    case 'ArrowLeft':
    case 'KeyJ':
      return 'back';
    case 'ArrowRight':
    case 'KeyL':
      return 'forward';
    case 'ArrowUp':
      return 'previous-segment';
    case 'ArrowDown':
      return 'next-segment';
    case 'Enter':
      return 'edit';
  }
  return e.key === '?' ? 'help' : null;
}

/** The list the UI shows: the keys (as printed) and the action's i18n key suffix. */
export const SHORTCUT_LIST: readonly { keys: readonly string[]; action: ShortcutAction }[] = [
  { keys: ['Space', 'K', 'Alt+K'], action: 'play-pause' },
  { keys: ['←', 'J', 'Alt+J'], action: 'back' },
  { keys: ['→', 'L', 'Alt+L'], action: 'forward' },
  { keys: ['↑'], action: 'previous-segment' },
  { keys: ['↓'], action: 'next-segment' },
  { keys: ['Enter'], action: 'edit' },
  { keys: ['Ctrl+F'], action: 'find' },
  { keys: ['Ctrl+Z'], action: 'undo' },
  { keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], action: 'redo' },
  { keys: ['?'], action: 'help' },
];
