// How a shortcut is shown on its button: <kbd>F3</kbd>, hidden from screen readers, which
// read the button's aria-keyshortcuts instead.
import { SHORTCUTS, type ConsoleCommand } from './logic.js';

export function Kbd({ k }: { k: ConsoleCommand }) {
  return <kbd aria-hidden="true">{SHORTCUTS[k].label}</kbd>;
}

/** The aria-keyshortcuts value of a command ("F3", "Alt+M", "Escape"). */
export function ariaKeys(k: ConsoleCommand): string {
  const s = SHORTCUTS[k];
  return s.alt ? `Alt+${s.key.toUpperCase()}` : s.key;
}
