import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkshopInfo } from '@roomtable/contract';
import { ActionOutcome } from './ActionOutcome';
import { useAction } from './useAction';

/**
 * Whether time's up moves the workshop on by itself. The checkbox follows the live state, so it is
 * right in every console; the wanted value shows until the live state catches up, and is dropped
 * if the server refuses the change.
 */
export function AutoAdvanceToggle({ workshop, token }: { workshop: WorkshopInfo; token: string }) {
  const { t } = useTranslation();
  const id = useId();
  const action = useAction(token);
  const live = workshop.autoAdvance === true;
  const [pending, setPending] = useState<boolean | null>(null);
  useEffect(() => {
    if (pending === live) setPending(null);
  }, [pending, live]);
  const on = pending ?? live;
  const change = async (next: boolean) => {
    setPending(next);
    const ok = await action.run('PATCH', `/api/workshops/${encodeURIComponent(workshop.id)}`, { autoAdvance: next }, t(next ? 'setup.autoAdvanceOn' : 'setup.autoAdvanceOff'));
    if (!ok) setPending(null);
  };
  return (
    <div className="auto-advance" data-testid="auto-advance">
      <label className="choice">
        <input
          type="checkbox"
          checked={on}
          disabled={action.busy}
          onChange={(e) => void change(e.target.checked)}
          aria-describedby={`${id}-hint`}
          data-testid="auto-advance-toggle"
        />
        {t('setup.autoAdvance')}
      </label>
      <p className="hint" id={`${id}-hint`} data-testid="auto-advance-state">
        {t(live ? 'setup.autoAdvanceStateOn' : 'setup.autoAdvanceStateOff')}
      </p>
      <ActionOutcome action={action} />
    </div>
  );
}
