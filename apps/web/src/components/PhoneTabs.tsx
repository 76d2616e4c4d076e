import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import './phoneTabs.css';

export interface PhoneTab {
  id: string;
  label: string;
  /** A short word ("new") shown beside the label and read with it; null for none. */
  badge?: string | null;
  content: ReactNode;
}

interface Props {
  tabs: readonly PhoneTab[];
  active: string;
  onSelect: (id: string) => void;
  /** The tab list's accessible name. */
  label: string;
  testId?: string;
}

/**
 * A phone page's sections as tabs under a sticky tab bar (WAI-ARIA tabs: roving focus, arrow keys,
 * Home/End, automatic activation). Every panel stays mounted and only the active one is shown, so
 * a half-filled ballot, a live board or notes being typed survive a switch of tab.
 */
export function PhoneTabs({ tabs, active, onSelect, label, testId = 'phone-tabs' }: Props) {
  const id = useId();
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const current = tabs.some((tab) => tab.id === active) ? active : (tabs[0]?.id ?? '');
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((tab) => tab.id === current);
    // In a right-to-left page the next tab is on the left, so the arrows follow what the eye sees.
    const rtl = getComputedStyle(e.currentTarget).direction === 'rtl';
    const step: Record<string, number> = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 };
    let next: number | null = null;
    if (e.key in step) next = (index + (step[e.key] as number) + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next === null) return;
    e.preventDefault();
    const tab = tabs[next];
    if (!tab) return;
    onSelect(tab.id);
    buttons.current.get(tab.id)?.focus();
  };
  return (
    <div className="phone-tabs" data-testid={testId}>
      <div className="phone-tab-bar" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            ref={(el) => {
              if (el) buttons.current.set(tab.id, el);
              else buttons.current.delete(tab.id);
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${tab.id}`}
            aria-controls={`${id}-panel-${tab.id}`}
            aria-selected={tab.id === current}
            tabIndex={tab.id === current ? 0 : -1}
            className={tab.id === current ? 'phone-tab current' : 'phone-tab'}
            onClick={() => onSelect(tab.id)}
            data-testid={`phone-tab-${tab.id}`}
          >
            {tab.label}
            {tab.badge ? (
              <span className="phone-tab-badge" data-testid={`phone-tab-badge-${tab.id}`}>
                {' '}
                {tab.badge}
              </span>
            ) : null}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={`${id}-panel-${tab.id}`}
          aria-labelledby={`${id}-tab-${tab.id}`}
          hidden={tab.id !== current}
          className="phone-tab-panel stack"
          data-testid={`phone-panel-${tab.id}`}
        >
          {tab.content}
        </div>
      ))}
    </div>
  );
}
