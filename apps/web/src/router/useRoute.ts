import { useEffect, useState } from 'react';
import { onLocationChange } from './navigate';
import { parseRoute, type Route } from './parseRoute';

/** The current page, re-rendering on navigation. */
export function useRoute(): Route {
  const [path, setPath] = useState(() => location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    const stop = onLocationChange(update);
    // A child's effect may have navigated before this listener existed (children's effects run first).
    update();
    return stop;
  }, []);
  return parseRoute(path);
}
