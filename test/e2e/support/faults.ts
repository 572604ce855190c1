/**
 * Fault injection between the proxy and Dify: wraps the fetch the proxy uses upstream, so a test can
 * break one answer mid-stream while every other request passes untouched.
 */

const messageEvent = /"event":\s*"message"/g;

const urlOf = (input: Parameters<typeof fetch>[0]): string =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

/**
 * The first streamed chat answer is cut (the upstream connection "breaks") after `messages` message
 * events have passed; later answers stream normally. Returns the wrapped fetch and how many were cut.
 */
export function dropFirstAnswerAfter(messages: number): { fetch: typeof fetch; dropped: () => number } {
  let dropped = 0;
  const wrapped: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const body = response.body;
    if (dropped > 0 || !urlOf(input).endsWith('/chat-messages') || body === null) return response;
    dropped += 1;
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let seen = 0;
    const cut = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        controller.enqueue(value);
        seen += decoder.decode(value, { stream: true }).match(messageEvent)?.length ?? 0;
        if (seen >= messages) {
          await reader.cancel();
          controller.error(new TypeError('terminated: simulated network drop between the proxy and Dify'));
        }
      },
      cancel: (reason) => reader.cancel(reason),
    });
    return new Response(cut, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return { fetch: wrapped, dropped: () => dropped };
}
