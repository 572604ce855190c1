#!/usr/bin/env node
// The `http-proxy` relay the bench compares against, configured as its README shows.
import http from 'node:http';
import httpProxy from 'http-proxy';

const proxy = httpProxy.createProxyServer({ target: process.argv[2] });
proxy.on('error', (_error, _req, res) => {
  if ('destroy' in res) res.destroy();
});
const server = http.createServer((req, res) => proxy.web(req, res));
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
