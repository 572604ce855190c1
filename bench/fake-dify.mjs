#!/usr/bin/env node
// The bench's fake Dify: as little work per frame as possible, so the relays are what gets measured.
// A chat message's `query` carries the scenario as JSON after "bench ": first-event delay, token count,
// gap between frames (0: one frame per write, each on its own turn of the event loop), ping-only mode
// and the task id to use. It records, per task, when the relay closed the stream and when Dify's stop
// was called (process.hrtime: CLOCK_MONOTONIC, the same clock in every process of the machine).
import http from 'node:http';

const log = new Map();
const now = () => Number(process.hrtime.bigint()) / 1e6;
const recordOf = (task) => log.get(task) ?? log.set(task, { closedAt: null, stopAt: null, stops: 0 }).get(task);

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function scenarioOf(body) {
  try {
    const query = JSON.parse(body).query ?? '';
    return query.startsWith('bench ') ? JSON.parse(query.slice(6)) : {};
  } catch {
    return {};
  }
}

/** A markdown answer in short tokens, cycled: paragraphs with emphasis and code, lists, headings, a code block. */
const markdownTokens = (() => {
  const text = [
    '## A heading for this part\n\n',
    'Here is a paragraph with **bold words**, some *emphasis* and `inline code`, and a [link](https://example.com/docs) in it. ',
    'It goes on for a while, as answers do, so that the renderer has a long paragraph to extend token by token.\n\n',
    '- first item of a list with `code`\n- second item, a bit longer than the first\n- third item\n\n',
    '1. numbered step\n2. another step with **strong** text\n\n',
    '```js\nconst answer = compute(42);\nconsole.log(answer);\n```\n\n',
    '> a quoted line for good measure\n\n',
  ].join('');
  const tokens = [];
  for (let at = 0; at < text.length; at += 4) tokens.push(JSON.stringify(text.slice(at, at + 4)));
  return tokens;
})();

function stream(req, res, scenario) {
  const task = String(scenario.task ?? `t${Math.random().toString(36).slice(2)}`);
  const tokens = scenario.tokens ?? 10;
  const gap = scenario.gap ?? 0;
  const envelope = `"conversation_id":"c-${task}","message_id":"m-${task}","task_id":"${task}","id":"m-${task}","created_at":1700000000`;
  const message = `data: {"event":"message",${envelope},"answer":"word ","from_variable_selector":null}\n\n`;
  const end = `data: {"event":"message_end",${envelope},"metadata":{"usage":{"prompt_tokens":5,"completion_tokens":${tokens},"total_tokens":${tokens + 5},"total_price":"0.0001","currency":"USD"}},"files":[]}\n\n`;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  let sent = 0;
  let timer;
  res.on('close', () => {
    clearTimeout(timer);
    if (!res.writableFinished && scenario.task !== undefined) recordOf(task).closedAt = now();
  });
  const next = () => {
    if (res.destroyed) return;
    if (scenario.ping) {
      res.write('event: ping\n\n');
      timer = setTimeout(next, scenario.pingMs ?? 10_000);
      return;
    }
    if (sent >= tokens) return void res.end(end);
    sent += 1;
    res.write(scenario.markdown ? message.replace('"word "', markdownTokens[sent % markdownTokens.length]) : message);
    if (gap > 0) timer = setTimeout(next, gap);
    else setImmediate(next);
  };
  if (scenario.delay > 0) timer = setTimeout(next, scenario.delay);
  else next();
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://fake');
  const stop = /^\/v1\/chat-messages\/([^/]+)\/stop$/.exec(url.pathname);
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    if (req.method === 'POST' && url.pathname === '/v1/chat-messages') return stream(req, res, scenarioOf(body));
    if (stop !== null) {
      const record = recordOf(decodeURIComponent(stop[1]));
      record.stopAt ??= now();
      record.stops += 1;
      return json(res, 200, { result: 'success' });
    }
    // The host page of the browser run: a blank page with the one-line embed, served from this origin.
    if (url.pathname === '/bench/host-page') {
      const src = `${url.searchParams.get('proxy') ?? ''}/widget.js`.replaceAll('"', '');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(
        `<!doctype html><html lang="en"><head><title>bench</title></head><body><script src="${src}" defer></script></body></html>`,
      );
    }
    if (url.pathname === '/bench/log') return json(res, 200, log.get(url.searchParams.get('task')) ?? null);
    if (url.pathname === '/v1/info')
      return json(res, 200, { name: 'bench', description: '', tags: [], mode: 'chat', author_name: 'bench' });
    if (url.pathname === '/v1/parameters') return json(res, 200, { opening_statement: '', user_input_form: [], file_upload: {} });
    if (url.pathname === '/v1/site' || url.pathname === '/v1/meta') return json(res, 200, {});
    json(res, 404, { code: 'not_found', message: 'not in the bench fake', status: 404 });
  });
});
server.keepAliveTimeout = 60_000;
server.maxConnections = 30_000;
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
