import { ErrorNote } from '../components/ErrorNote';

/** What the last facilitator action did: a polite status line when it worked, an error note when not. */
export function ActionOutcome({ action }: { action: { done: string; error: string | null } }) {
  return (
    <>
      <p role="status" className="ok-text">
        {action.done}
      </p>
      <ErrorNote message={action.error} />
    </>
  );
}

/** The last action's outcome inside a status line: its error in red, else what it did. */
export function ActionText({ action }: { action: { done: string; error: string | null } }) {
  return action.error ? <span className="error-text">{action.error}</span> : <>{action.done}</>;
}
