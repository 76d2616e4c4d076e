// A short beep when a room asks for help, with Web Audio (no sound file to load or serve). Browsers
// only let a page start audio after the person has interacted with it, and Chromium logs a warning
// for an AudioContext made before that; so the context is made on the first click or key press in
// the console, and a help request that arrives before any is shown without sound.

const STORAGE_KEY = 'roomtable:helpSound';

let context: AudioContext | null = null;

/** Whether the facilitator wants the sound (on unless turned off in this browser). */
export function helpSoundWanted(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) !== 'off';
  } catch {
    return true;
  }
}

/** Remembers the facilitator's choice in this browser. */
export function setHelpSoundWanted(on: boolean): void {
  try {
    localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
  } catch {
    // Private mode without storage: the choice holds for this page only.
  }
}

/** Makes (or wakes) the audio context; call from a click or key press. Resolves true once sound can play. */
export async function unlockHelpSound(): Promise<boolean> {
  const Ctor = typeof window === 'undefined' ? undefined : window.AudioContext;
  if (!Ctor) return false;
  try {
    context ??= new Ctor();
    if (context.state === 'suspended') await context.resume();
    return context.state === 'running';
  } catch {
    return false;
  }
}

/** True once a help beep can play in this page. */
export function helpSoundReady(): boolean {
  return context?.state === 'running';
}

/** Two short tones (about 0.4 s); nothing when audio was never unlocked. Returns whether it played. */
export function playHelpBeep(): boolean {
  if (!context || context.state !== 'running') return false;
  const start = context.currentTime;
  for (const [at, frequency] of [
    [0, 880],
    [0.2, 660],
  ] as const) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + at);
    gain.gain.exponentialRampToValueAtTime(0.2, start + at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + at + 0.18);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start + at);
    oscillator.stop(start + at + 0.2);
  }
  return true;
}
