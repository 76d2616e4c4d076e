/** A JSON API call against a test server; returns status and parsed body. */
export async function api<T = any>(
  baseUrl: string,
  method: string,
  route: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}/api${route}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text so the assertion shows it
  }
  return { status: res.status, body: parsed as T };
}

/** A workshop with `names.length` participants joined, as the contract's API makes it. */
export async function createWorkshopWith(
  baseUrl: string,
  names: string[],
  options: Record<string, unknown> = {},
) {
  const created = await api(baseUrl, 'POST', '/workshops', { title: 'ccNSO purpose review', ...options });
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  const { workshop, facilitatorToken, joinCode } = created.body;
  const participants: Array<{ id: string; name: string; token: string }> = [];
  for (const name of names) {
    const joined = await api(baseUrl, 'POST', `/workshops/${workshop.id}/participants`, { name, joinCode });
    if (joined.status !== 201) throw new Error(`join failed: ${JSON.stringify(joined.body)}`);
    participants.push({ id: joined.body.participant.id, name, token: joined.body.token });
  }
  return { workshopId: workshop.id as string, facilitatorToken: facilitatorToken as string, joinCode: joinCode as string, participants };
}
