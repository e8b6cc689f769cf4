// Preload for the Portkey gateway: `node --import ./bind-loopback.mjs start-server.js --port=N`.
//
// The gateway has no host flag: it calls `serve({ fetch, port })`, which listens on every
// interface. This preload makes every `http.Server.listen(port)` call that names no host listen
// on GATEWAY_BIND_HOST instead (default 127.0.0.1), so the end-to-end tests never expose a port
// beyond loopback. Adapted from the netwatch.mjs research preload.
//
// With GATEWAY_EXIT_ON_STDIN_EOF=1 the process also exits when its stdin reaches end of file:
// the tests hold the write end of a pipe, so the gateway ends with the test process, however
// that ends.
import http from 'node:http';

const bindHost = process.env.GATEWAY_BIND_HOST || '127.0.0.1';
const listen = http.Server.prototype.listen;

http.Server.prototype.listen = function (...args) {
  // @hono/node-server calls listen(port, undefined, callback) or listen(port, callback).
  const port = args[0];
  if (typeof port === 'number' || (typeof port === 'string' && /^\d+$/.test(port))) {
    if (args[1] === undefined) {
      args[1] = bindHost;
    } else if (typeof args[1] === 'function') {
      args.splice(1, 0, bindHost);
    }
  } else if (port && typeof port === 'object' && port.port !== undefined && port.host === undefined) {
    args[0] = { ...port, host: bindHost };
  }
  return listen.apply(this, args);
};

if (process.env.GATEWAY_EXIT_ON_STDIN_EOF === '1') {
  const exit = () => process.exit(0);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
  process.stdin.on('error', exit);
  process.stdin.on('data', () => {});
  process.stdin.resume();
}
