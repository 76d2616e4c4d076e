import { useEffect, useRef, useState } from 'react';

export type PhonePlenaryTab = 'report' | 'board' | 'poll' | 'questions' | 'notes';

interface Input {
  /** The open poll's id, or null. */
  openPollId: string | null;
  /** The presenting room, or null. */
  presenting: number | null;
  /** A participant who can vote now (not the facilitator, in the report-back). */
  voter: boolean;
}

/**
 * Which tab a phone shows, and which tabs carry a "new" badge: a poll opened since the Poll tab was
 * last looked at, a presenter changed since the Report tab was. A poll opening brings a voter to
 * the Poll tab once (per poll): after that, a voter who goes elsewhere stays there.
 */
export function usePhonePlenaryTab({ openPollId, presenting, voter }: Input) {
  const [tab, setTab] = useState<PhonePlenaryTab>('report');
  const [seenPoll, setSeenPoll] = useState<string | null>(null);
  const [seenPresenter, setSeenPresenter] = useState<number | null>(presenting);
  const broughtTo = useRef(new Set<string>());

  useEffect(() => {
    if (!voter || openPollId === null || broughtTo.current.has(openPollId)) return;
    broughtTo.current.add(openPollId);
    setTab('poll');
  }, [openPollId, voter]);
  // Looking at a tab is what clears its badge.
  useEffect(() => {
    if (tab === 'poll') setSeenPoll(openPollId);
  }, [tab, openPollId]);
  useEffect(() => {
    if (tab === 'report') setSeenPresenter(presenting);
  }, [tab, presenting]);

  return {
    tab,
    select: (id: string) => setTab(id as PhonePlenaryTab),
    badges: {
      poll: openPollId !== null && openPollId !== seenPoll && tab !== 'poll',
      report: presenting !== null && presenting !== seenPresenter && tab !== 'report',
    },
  };
}
