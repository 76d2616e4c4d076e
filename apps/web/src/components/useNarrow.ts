import { useSyncExternalStore } from 'react';

/** Phone-sized screens: at or below this width the long pages turn into tabs. */
export const NARROW_QUERY = '(max-width: 600px)';

const subscribe = (onChange: () => void) => {
  const query = window.matchMedia(NARROW_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
};

/** Whether the window is phone-sized now; follows a rotation or a resized window. */
export function useNarrow(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(NARROW_QUERY).matches,
    () => false,
  );
}
