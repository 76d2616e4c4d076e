import { useCallback, useState } from 'react';
import { apiRequest, errorMessage } from '../api/apiRequest';

/** One facilitator API call at a time, with its outcome as text for a status line. */
export function useAction(token: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState('');

  const run = useCallback(
    async (method: string, path: string, body: unknown, doneText: string): Promise<boolean> => {
      setBusy(true);
      setError(null);
      setDone('');
      try {
        await apiRequest(method, path, { token, body });
        setDone(doneText);
        return true;
      } catch (err) {
        setError(errorMessage(err));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [token],
  );

  return { busy, error, done, run };
}
