"""Which scripted replies portkey-ai 2.3.4 retries: the cases of
tests/tests/clients.rs `replies_are_retried_as_the_sdk_retries_them`, through the SDK's chat
client (its vendored OpenAI client) and its Portkey route (feedback.create), against a local
server that answers each case once and then 200. Prints one line per case and route:
status, headers, attempts. Run: conformance/.venv/bin/python conformance/retry_cases.py"""

import http.server
import json
import threading

from portkey_ai import Portkey

CASES = [
    (500, {}), (502, {}), (503, {"retry-after-ms": "5"}),
    (503, {"x-portkey-trace-id": "t-1"}), (500, {"x-portkey-request-id": "r-1"}),
    (502, {"x-portkey-gateway-exception": "true"}), (503, {"x-portkey-trace-id": ""}),
    (429, {"retry-after-ms": "1"}), (408, {}), (409, {}),
    (400, {"x-should-retry": "true"}), (500, {"x-should-retry": "false"}),
]

state = {"script": [], "attempts": 0}

COMPLETION = {"id": "c", "object": "chat.completion", "created": 1, "model": "m",
              "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}]}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        state["attempts"] += 1
        status, headers = state["script"].pop(0) if state["script"] else (200, {})
        body = json.dumps({"error": {"message": "first"}} if status != 200 else
                          (COMPLETION if "chat" in self.path else {"status": "success"})).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("retry-after-ms", "1")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
client = Portkey(api_key="pk", base_url=f"http://127.0.0.1:{server.server_port}/v1")
routes = {
    "chat": lambda: client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}]),
    "portkey": lambda: client.feedback.create(trace_id="t", value=1),
}
for route, call in routes.items():
    for status, headers in CASES:
        state["script"], state["attempts"] = [(status, headers)], 0
        try:
            call()
        except Exception:
            pass
        print(route, status, json.dumps(headers), state["attempts"])
server.shutdown()
