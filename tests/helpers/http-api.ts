/**
 * Boxlab's HTTP API as tests and benches call it: JSON with the cookie and the site's Origin a browser sends, and
 * server-sent events read as the page's EventSource would. Loopback only.
 */
export interface Answer<T = any> {
  status: number;
  /** Parsed JSON, or the text when the answer is not JSON (CSV, SVG, Prometheus). */
  body: T;
  headers: Headers;
}

export async function call<T = any>(
  baseUrl: string,
  method: string,
  url: string,
  cookie: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const sent: Record<string, string> = { cookie, origin: baseUrl, ...headers };
  if (body !== undefined) sent['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${url}`, { method, headers: sent, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: kept as text.
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Read a server-sent events stream until `stop()`; each event's name and data go to `onEvent`. */
export async function readEvents(baseUrl: string, url: string, cookie: string, onEvent: (event: string, data: string) => void): Promise<{ stop(): void }> {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}${url}`, { headers: { cookie }, signal: controller.signal });
  if (!res.ok || !res.body || !/text\/event-stream/.test(res.headers.get('content-type') ?? '')) {
    controller.abort();
    throw new Error(`event stream ${url} refused: ${res.status}`);
  }
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data !== undefined) onEvent(event, data);
        }
      }
    } catch {
      // Stopped.
    }
  })();
  return { stop: () => controller.abort() };
}
