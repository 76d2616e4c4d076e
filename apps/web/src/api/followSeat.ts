import { useEffect } from 'react';
import type { Me } from '@roomtable/contract';
import { saveSession, type Session } from './session';

/**
 * The participant id this device acts as: the server's word (`me`, from the live state) over the
 * stored one. Once the facilitator merged this device's entry into another [PE2][PE3], the same
 * token speaks for the merged person; the stored session is updated so every page follows.
 */
export function useSeat(workshopId: string, session: Session | null, me: Me | null): string | null {
  const seat = session?.role === 'participant' ? (me?.participantId ?? session.participantId) : null;
  useEffect(() => {
    if (session?.role === 'participant' && seat && seat !== session.participantId) saveSession(workshopId, { ...session, participantId: seat });
  }, [workshopId, session, seat]);
  return seat;
}
