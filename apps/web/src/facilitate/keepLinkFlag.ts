/** Marks a workshop just made in this tab, so its console asks the facilitator to keep their link once. */
const key = (workshopId: string) => `roomtable:keep-link:${workshopId}`;

/** Called right after creation. */
export function askToKeepLink(workshopId: string): void {
  try {
    sessionStorage.setItem(key(workshopId), '1');
  } catch {
    // Private mode: the console still offers the link under "Facilitators".
  }
}

/** Whether the console should still ask; false once the facilitator said the link is saved. */
export function shouldAskToKeepLink(workshopId: string): boolean {
  try {
    return sessionStorage.getItem(key(workshopId)) === '1';
  } catch {
    return false;
  }
}

/** The facilitator has saved the link. */
export function linkKept(workshopId: string): void {
  try {
    sessionStorage.removeItem(key(workshopId));
  } catch {
    // nothing to forget
  }
}
