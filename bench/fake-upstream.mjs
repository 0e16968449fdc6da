#!/usr/bin/env node
// Minimal fake OpenAI-compatible upstream for gateway overhead benchmarks.
// Vendored from the shared gateway bench harness (fake-upstream.mjs); one addition: GET /health also
// counts completions per requested model (`by_model`), so the bench can tell which gateway sent what.
// POST /v1/chat/completions  -> completion JSON (or SSE when "stream": true)
// GET  /v1/models            -> model list
// GET  /health               -> { ok, served, by_model }
// Env: PORT (9100), HOST (127.0.0.1), UPSTREAM_DELAY_MS (0), UPSTREAM_LOG=1 logs each request to stderr.
import http from 'node:http';

const PORT = Number(process.env.PORT || 9100);
const HOST = process.env.HOST || '127.0.0.1';
const DELAY = Number(process.env.UPSTREAM_DELAY_MS || 0);
const LOG = process.env.UPSTREAM_LOG === '1';
let served = 0;
const byModel = {};

const CONTENT = 'Hello from the fake upstream.';
const WORDS = ['Hello', ' from', ' the', ' fake', ' upstream', '.'];
const usage = () => ({ prompt_tokens: 12, completion_tokens: WORDS.length, total_tokens: 12 + WORDS.length });
const later = (fn) => (DELAY > 0 ? setTimeout(fn, DELAY) : fn());

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function completion(model) {
  return {
    id: 'chatcmpl-fake' + (++served),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: CONTENT }, logprobs: null, finish_reason: 'stop' }],
    usage: usage(),
  };
}

function stream(res, model) {
  const id = 'chatcmpl-fake' + (++served);
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta, finish, extra) =>
    'data: ' + JSON.stringify({ id, object: 'chat.completion.chunk', created, model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra }) + '\n\n';
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.write(chunk({ role: 'assistant', content: '' }, null));
  for (const w of WORDS) res.write(chunk({ content: w }, null));
  res.write(chunk({}, 'stop'));
  // Final usage chunk (OpenAI stream_options.include_usage style): empty choices + usage.
  res.write('data: ' + JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: usage() }) + '\n\n');
  res.end('data: [DONE]\n\n');
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (LOG) process.stderr.write(`[upstream] ${req.method} ${req.url} auth=${req.headers.authorization ? 'yes' : 'no'}\n`);
  if (req.method === 'GET' && path === '/v1/models') {
    return send(res, 200, { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', created: 1700000000, owned_by: 'fake' }] });
  }
  if (req.method === 'GET' && path === '/health') return send(res, 200, { ok: true, served, by_model: byModel });
  if (req.method === 'POST' && path === '/v1/chat/completions') {
    const parts = [];
    req.on('data', (c) => parts.push(c));
    req.on('end', () => {
      let body;
      try { body = JSON.parse(Buffer.concat(parts).toString('utf8') || '{}'); }
      catch { return send(res, 400, { error: { message: 'invalid JSON body', type: 'invalid_request_error' } }); }
      const model = typeof body.model === 'string' ? body.model : 'gpt-4o-mini';
      byModel[model] = (byModel[model] ?? 0) + 1;
      later(() => (body.stream === true ? stream(res, model) : send(res, 200, completion(model))));
    });
    return;
  }
  send(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'not_found' } });
});
server.keepAliveTimeout = 65_000;
server.listen(PORT, HOST, () => console.log(`fake-upstream listening on http://${HOST}:${PORT} delay=${DELAY}ms`));
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => server.close(() => process.exit(0)) && setTimeout(() => process.exit(0), 500).unref());
