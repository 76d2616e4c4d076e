/** How many idempotent calls were sent again after a reset connection (see {@link call}). */
export const callStats = { resetRetries: 0 };

/**
 * One try of {@link call}; null means "send it again". A kept-alive connection the server closes
 * just as the client reuses it is reset (Node's keepAliveTimeout racing undici's pool under
 * load): a browser sends an idempotent request again then, and so does this, once per call,
 * counted in {@link callStats}.
 */
async function fetchOnce(url: string, init: RequestInit, retried: boolean): Promise<Response | null> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const reset = (error as { cause?: { code?: string } }).cause?.code === 'ECONNRESET';
    if (!reset || retried || (init.method !== 'GET' && init.method !== 'PUT')) throw error;
    callStats.resetRetries++;
    return null;
  }
}

/** A JSON call to a bench server's API; waits out 429s (a bounded number of times), throws on other non-2xx answers. */
export async function call<T>(baseUrl: string, method: string, route: string, body?: unknown, token?: string): Promise<T> {
  let retried = false;
  for (let attempt = 0; ; attempt++) {
    const res = await fetchOnce(
      `${baseUrl}/api${route}`,
      {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
      retried,
    );
    if (res === null) {
      retried = true;
      continue;
    }
    const text = await res.text();
    // Joins are rate-limited per address (a burst, then a steady rate): a thousand clients from
    // one load generator wait their turn as a venue on one Wi-Fi would.
    if (res.status === 429 && attempt < 120) {
      const wait = Number(res.headers.get('retry-after')) || 1;
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      continue;
    }
    if (!res.ok) throw new Error(`${method} ${route} → ${res.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : {}) as T;
  }
}

/** A Roomtable workshop in break-out, with one token per client, grouped by room document. */
export interface PreparedWorkshop {
  workshopId: string;
  facilitatorToken: string;
  /** `tokens[i]` is the bearer token of `participantIds[i]`. */
  rooms: Array<{ number: number; name: string; tokens: string[]; participantIds: string[] }>;
}

/** Creates a workshop of `rooms` rooms, joins `participants` people, assigns them, opens the break-out. */
export async function prepareWorkshop(
  baseUrl: string,
  rooms: number,
  participants: number,
  suggestions: string[] = [],
): Promise<PreparedWorkshop> {
  const created = await call<{ workshop: { id: string }; facilitatorToken: string; joinCode: string }>(baseUrl, 'POST', '/workshops', {
    title: 'Load benchmark',
    rooms,
    ...(suggestions.length ? { suggestions } : {}),
  });
  const workshopId = created.workshop.id;
  const tokens = new Map<string, string>();
  // Join in parallel waves: the API is not what this benchmark measures.
  for (let i = 0; i < participants; i += 25) {
    const wave = [];
    for (let j = i; j < Math.min(participants, i + 25); j++) {
      wave.push(
        call<{ participant: { id: string }; token: string }>(baseUrl, 'POST', `/workshops/${workshopId}/participants`, {
          name: `Bench ${j + 1}`,
          joinCode: created.joinCode,
        }).then((r) => tokens.set(r.participant.id, r.token)),
      );
    }
    await Promise.all(wave);
  }
  const assigned = await call<{ rooms: Array<{ number: number; participantIds: string[] }> }>(
    baseUrl,
    'POST',
    `/workshops/${workshopId}/assignment`,
    { seed: 'bench' },
    created.facilitatorToken,
  );
  await call(baseUrl, 'POST', `/workshops/${workshopId}/phase`, { phase: 'breakout' }, created.facilitatorToken);
  return {
    workshopId,
    facilitatorToken: created.facilitatorToken,
    rooms: assigned.rooms.map((r) => ({
      number: r.number,
      name: `${workshopId}/room/${r.number}`,
      participantIds: r.participantIds,
      tokens: r.participantIds.map((id) => {
        const token = tokens.get(id);
        if (!token) throw new Error(`no token for participant ${id}`);
        return token;
      }),
    })),
  };
}
