/** The y-websocket endpoint on the same origin as the page (the dev server proxies it). */
export function syncUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}
