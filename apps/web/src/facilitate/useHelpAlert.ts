import { useEffect, useRef, useState } from 'react';
import type { RoomInfo } from '@roomtable/contract';
import { helpSoundReady, helpSoundWanted, playHelpBeep, setHelpSoundWanted, unlockHelpSound } from './helpSound';

/** The rooms asking for help, longest waiting first. */
export function roomsAskingForHelp(rooms: readonly RoomInfo[]): Array<RoomInfo & { help: { raisedAt: number } }> {
  return rooms
    .filter((r): r is RoomInfo & { help: { raisedAt: number } } => !!r.help)
    .sort((a, b) => a.help.raisedAt - b.help.raisedAt || a.number - b.number);
}

/**
 * Beeps once for every new call for help [HP1] (not for those already open when the console
 * opened: the list shows them) unless the facilitator turned the sound off, and counts the open
 * calls in the tab's title so a console in a background tab shows them too. `beeps` counts the
 * beeps played, for the page to expose to tests and assistive hints.
 */
export function useHelpAlert(rooms: readonly RoomInfo[]) {
  const [soundOn, setSoundOn] = useState(helpSoundWanted);
  const [beeps, setBeeps] = useState(0);
  const known = useRef<Set<string> | null>(null);
  const open = roomsAskingForHelp(rooms);
  const keys = open.map((r) => `${r.number}@${r.help.raisedAt}`);
  const signature = keys.join(',');

  // Whether the browser lets this page play sound yet (it does after the first click or key press).
  const [soundReady, setSoundReady] = useState(helpSoundReady);
  useEffect(() => {
    const unlock = () => void unlockHelpSound().then(setSoundReady);
    // On the click, not on pointerdown: unlocking hides the "click once for sound" hint above
    // every card, so a pointerdown-unlock moved the console up between the press and the release
    // and the facilitator's first click (here: Remove) landed on nothing ([PE1]'s e2e failed so).
    window.addEventListener('click', unlock);
    window.addEventListener('keydown', unlock);
    return () => {
      window.removeEventListener('click', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, []);

  useEffect(() => {
    const current = new Set(signature ? signature.split(',') : []);
    const before = known.current;
    known.current = current;
    if (!before) return;
    const fresh = [...current].some((k) => !before.has(k));
    if (fresh && soundOn && playHelpBeep()) setBeeps((n) => n + 1);
  }, [signature, soundOn]);

  useEffect(() => {
    const base = document.title.replace(/^\(\d+\) /, '');
    document.title = open.length > 0 ? `(${open.length}) ${base}` : base;
  }, [open.length]);
  useEffect(
    () => () => {
      document.title = document.title.replace(/^\(\d+\) /, '');
    },
    [],
  );

  const changeSound = (on: boolean) => {
    setHelpSoundWanted(on);
    setSoundOn(on);
    if (on) void unlockHelpSound().then(setSoundReady);
  };
  return { open, soundOn, soundReady, changeSound, beeps };
}
