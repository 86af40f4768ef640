#!/usr/bin/env python3
"""The client side of bench/integrations. Standard library only."""
import http.server
import json
import statistics
import sys
import threading
import time
import urllib.request
import uuid

import seed

base = sys.argv[1]
arrived = {}
lock = threading.Condition()


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["content-length"]))
        now = time.perf_counter()
        event = json.loads(body)
        with lock:
            arrived.setdefault((event["type"], event["data"].get("id")), now)
            lock.notify_all()
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=receiver.serve_forever, daemon=True).start()
hook_url = f"http://127.0.0.1:{receiver.server_port}/hook"


def call(method, path, body=None, token=None):
    return seed.call(base, method, path, body, token)


status, reply = call("POST", "/v1/auth/register", {
    "email": f"integrations-{uuid.uuid4().hex[:8]}@example.com",
    "password": "correct horse battery staple", "name": "Bench"})
token = reply["access_token"]
status, _ = call("POST", "/v1/webhooks", {"url": hook_url, "events": ["task.created"]}, token)
assert status == 201, status

latencies = []
for i in range(50):
    start = time.perf_counter()
    status, task = call("POST", "/v1/tasks", {"title": f"Latency {i}",
                                        "due_at": "2031-04-01T09:00:00Z"}, token)
    assert status == 201, status
    key = ("task.created", task["id"])
    with lock:
        lock.wait_for(lambda: key in arrived, timeout=30)
    latencies.append((arrived[key] - start) * 1000)
latencies.sort()
print(f"webhook latency, change to arrival (50): median {statistics.median(latencies):.1f} ms, "
      f"p95 {latencies[int(len(latencies) * 0.95) - 1]:.1f} ms, max {latencies[-1]:.1f} ms")

for i in range(1000 - 50):
    day = 1 + i % 28
    status, _ = call("POST", "/v1/tasks", {
        "title": f"Follow up with Northwind Traders about the data engineer role ({i})",
        "due_at": f"2031-03-{day:02d}T09:{i % 60:02d}:00Z",
        "draft": "Dear Ms. Lopez,\n\nThank you for the conversation on Tuesday. " * 3}, token)
    assert status == 201, status
status, reply = call("POST", "/v1/me/calendar-token", None, token)
feed = reply["url"].split("/v1/", 1)[1]


def fetch(etag=None):
    req = urllib.request.Request(f"{base}/v1/{feed}")
    if etag:
        req.add_header("if-none-match", etag)
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            body = resp.read()
            return (time.perf_counter() - start) * 1000, resp.status, body, resp.headers["etag"]
    except urllib.error.HTTPError as err:
        return (time.perf_counter() - start) * 1000, err.code, b"", None


fetch()
runs = [fetch() for _ in range(20)]
_, status, body, etag = runs[-1]
events = body.count(b"BEGIN:VEVENT")
print(f"calendar feed: {events} events, {len(body) / 1024:.0f} KiB, "
      f"served in median {statistics.median(r[0] for r in runs):.1f} ms (20 requests)")
polls = [fetch(etag) for _ in range(20)]
assert all(p[1] == 304 for p in polls), [p[1] for p in polls]
print(f"calendar poll with If-None-Match: 304 in median {statistics.median(p[0] for p in polls):.1f} ms")
