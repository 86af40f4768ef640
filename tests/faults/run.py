#!/usr/bin/env python3
"""Fault tests against a release server (standard library only), run by .ci/faults:

  outage    PostgreSQL stopped while requests are in flight: every answer is 503 problem+json
            with Retry-After (never a 500, a hang or a crash), /readyz is 503, and the server
            serves again by itself once the database is back.
  kill      SIGKILL in the middle of a stream of writes (interviews with their people attached,
            task completions): after a restart, every acknowledged write is there, and no
            half-written change is (an interview without its plan, an attachment without its
            thank-you task).
  writers   SQLite with 32 concurrent writers: no 5xx, and no "database is locked" reaches a
            client.
  proxy     HTTP(S)_PROXY set in the server's environment: webhook deliveries still go straight
            to the receiver (whose address the server checked), and the proxy sees nothing.

usage: run.py BINARY SCENARIO DATABASE_URL
"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

BIN, SCENARIO, DB_URL = sys.argv[1], sys.argv[2], sys.argv[3]
TIMEOUT = 20  # seconds: a request that takes longer than this counts as a hang


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, **env):
        self.env = env
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="faults-", suffix=".log", delete=False)
        self.proc = None

    def start(self):
        env = dict(os.environ,
                   FOLLOWUP_DATABASE_URL=DB_URL, FOLLOWUP_BIND=f"127.0.0.1:{self.port}",
                   FOLLOWUP_JWT_SECRET="faults-secret-that-is-long-enough-for-hs256",
                   FOLLOWUP_WRITE_BURST="100000000", FOLLOWUP_WRITES_PER_MINUTE="100000000",
                   RUST_LOG="warn", **self.env)
        self.proc = subprocess.Popen([BIN, "serve"], env=env, stdout=self.log, stderr=self.log)
        wait_until(lambda: call(self, "GET", "/readyz")[0] == 200, 30, "the server is ready")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=40)

    def alive(self):
        return self.proc.poll() is None


def lower(headers):
    return {k.lower(): v for k, v in headers.items()}


def call(server, method, path, body=None, token=None, timeout=TIMEOUT):
    """(status, headers, parsed body); status 0 when the connection failed."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(server.base + path, data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            text = resp.read()
            return resp.status, lower(resp.headers), json.loads(text) if text else None
    except urllib.error.HTTPError as err:
        text = err.read()
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = text.decode(errors="replace")
        return err.code, lower(err.headers), parsed
    except (urllib.error.URLError, ConnectionError, socket.timeout, TimeoutError) as err:
        if "timed out" in str(err):
            raise AssertionError(f"{method} {path} hung for {timeout} s") from err
        return 0, {}, str(err)


def wait_until(check, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if check():
                return
        except AssertionError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting until {what}")


def wait_for(cond, check, seconds, what):
    """Waits on `cond` (a Condition the workers notify as they count) until `check()` holds:
    progress is what moves a scenario on, not time."""
    with cond:
        if not cond.wait_for(check, timeout=seconds):
            raise AssertionError(f"timed out waiting until {what}")


def register(server, email):
    status, _, body = call(server, "POST", "/v1/auth/register",
                           {"email": email, "password": "fault tests password"})
    assert status == 201, (status, body)
    return body["access_token"]


def interview(i):
    """An interview that ended a few hours ago: the engine plans its follow-up at once, and a
    thank-you task for each person attached to it."""
    at = time.gmtime(time.time() - 3 * 3600 - 60 * (i % 60))
    return {"company": f"Company {i}", "position": "Engineer",
            "scheduled_at": time.strftime("%Y-%m-%dT%H:%M:00Z", at)}


def pg(action):
    subprocess.run(["pg_ctlcluster", "15", "main", action], check=True)


def outage():
    server = Server()
    server.start()
    try:
        outage_of(server)
    finally:
        server.stop()
        # Whatever failed, the database must be up again for what runs next.
        if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode != 0:
            pg("start")


def outage_of(server):
    token = register(server, "outage@example.com")
    stop = threading.Event()
    seen = {}
    lock = threading.Condition()

    def answered(*statuses):
        return sum(seen.get(status, 0) for status in statuses)

    def hammer(n):
        i = 0
        while not stop.is_set():
            i += 1
            if i % 3 == 0:
                status, headers, body = call(server, "POST", "/v1/interviews", interview(i), token)
            else:
                status, headers, body = call(server, "GET", "/v1/tasks?limit=50", token=token)
            with lock:
                seen[status] = seen.get(status, 0) + 1
                lock.notify_all()
            if status == 503:
                assert headers.get("retry-after"), headers
                assert headers.get("content-type") == "application/problem+json", headers
            assert status in (200, 201, 503), (status, body)

    with ThreadPoolExecutor(8) as pool:
        workers = [pool.submit(hammer, n) for n in range(8)]
        # A failed wait must still stop the workers, or leaving the pool waits for them forever.
        try:
            wait_for(lock, lambda: answered(200, 201) >= 50, 60, "50 requests were served")
            pg("stop")
            wait_for(lock, lambda: answered(503) >= 20, 60, "clients saw the outage 20 times")
            status, headers, _ = call(server, "GET", "/readyz")
            assert status == 503 and headers.get("retry-after"), (status, headers)
            assert server.alive(), "the server died with the database"
            pg("start")
            wait_until(lambda: call(server, "GET", "/readyz")[0] == 200, 60,
                       "/readyz is 200 again")
            with lock:
                served = answered(200, 201)
            wait_for(lock, lambda: answered(200, 201) >= served + 50, 60,
                     "50 more requests were served after the database came back")
        finally:
            stop.set()
        for w in workers:
            w.result()
    assert seen.get(503, 0) > 0, f"the outage was never seen: {seen}"
    status, _, _ = call(server, "POST", "/v1/interviews", interview(0), token)
    assert status == 201, status
    print(f"outage: answers while PostgreSQL was stopped and restarted: {seen}; recovered")


def kill():
    server = Server()
    server.start()
    token = register(server, f"kill-{time.time_ns()}@example.com")
    acked = {"interviews": [], "attached": [], "completed": []}
    lock = threading.Condition()
    stop = threading.Event()

    def stream(n):
        i = 0
        while not stop.is_set():
            i += 1
            status, _, iv = call(server, "POST", "/v1/interviews", interview(n * 1000 + i), token)
            if status != 201:
                return
            with lock:
                acked["interviews"].append(iv["id"])
            status, _, person = call(server, "POST", "/v1/interviewers",
                                     {"name": f"Person {n}-{i}", "title": "Manager"}, token)
            if status != 201:
                return
            status, _, _ = call(server, "PUT",
                                f"/v1/interviews/{iv['id']}/interviewers/{person['id']}", None, token)
            if status not in (200, 201, 204):
                return
            with lock:
                acked["attached"].append((iv["id"], person["id"]))
            status, _, task = call(server, "POST", "/v1/tasks", {"title": f"Task {n}-{i}"}, token)
            if status != 201:
                return
            status, _, _ = call(server, "POST", f"/v1/tasks/{task['id']}/complete",
                                {"channel": "email"}, token)
            if status != 200:
                return
            with lock:
                acked["completed"].append(task["id"])
                lock.notify_all()

    with ThreadPoolExecutor(6) as pool:
        workers = [pool.submit(stream, n) for n in range(6)]
        # Killed with writes of every kind acknowledged, and more in flight.
        try:
            wait_for(lock, lambda: len(acked["completed"]) >= 30, 120,
                     "30 write chains were acknowledged")
            server.kill()
        finally:
            stop.set()
        for w in workers:
            w.result()
    server.start()
    try:
        for iid in acked["interviews"]:
            status, _, plan = call(server, "GET", f"/v1/interviews/{iid}/plan", token=token)
            assert status == 200, (iid, status, plan)
            # Written with the interview, in its transaction: a plan is never missing.
            assert plan["tasks"], f"interview {iid} was stored without its plan"
        for iid, pid in acked["attached"]:
            status, _, people = call(server, "GET", f"/v1/interviews/{iid}/interviewers", token=token)
            assert status == 200 and pid in [p["id"] for p in people["items"]], (iid, pid)
            status, _, tasks = call(server, "GET", f"/v1/tasks?interview_id={iid}&limit=200", token=token)
            assert any(t.get("interviewer_id") == pid for t in tasks["items"]), \
                f"{pid} attached to {iid} without the thank-you task it brings"
        for tid in acked["completed"]:
            status, _, task = call(server, "GET", f"/v1/tasks/{tid}", token=token)
            assert status == 200 and task["status"] == "done", (tid, status, task)
        # Nothing half-written among what was not acknowledged either: every stored interview
        # has its plan.
        cursor, stored = None, 0
        while True:
            path = "/v1/interviews?limit=200" + (f"&cursor={cursor}" if cursor else "")
            status, _, page = call(server, "GET", path, token=token)
            assert status == 200, page
            for item in page["items"]:
                stored += 1
                status, _, plan = call(server, "GET", f"/v1/interviews/{item['id']}/plan", token=token)
                assert plan["tasks"], f"interview {item['id']} is stored without its plan"
            cursor = page.get("next_cursor")
            if not cursor:
                break
        counts = {k: len(v) for k, v in acked.items()}
        print(f"kill: acknowledged before SIGKILL {counts}; all there after restart, "
              f"{stored} interviews stored, none half-written")
        assert counts["interviews"] > 0, "nothing was written before the kill"
    finally:
        server.stop()


def writers():
    server = Server()
    server.start()
    try:
        tokens = [register(server, f"writer{n}@example.com") for n in range(8)]
        seen = {}
        lock = threading.Lock()

        def write(n):
            token = tokens[n % len(tokens)]
            for i in range(15):
                status, _, body = call(server, "POST", "/v1/interviews", interview(n * 100 + i), token)
                with lock:
                    seen[status] = seen.get(status, 0) + 1
                assert status == 201, (status, body)
                assert "locked" not in json.dumps(body), body
                status, _, body = call(server, "PATCH", f"/v1/interviews/{body['id']}",
                                       {"notes": f"edit {i}"}, token)
                with lock:
                    seen[status] = seen.get(status, 0) + 1
                assert status == 200, (status, body)

        with ThreadPoolExecutor(32) as pool:
            for f in [pool.submit(write, n) for n in range(32)]:
                f.result()
        print(f"writers: 32 concurrent writers on SQLite: {seen}")
    finally:
        server.stop()


def proxy():
    import http.server
    got, proxied = [], []

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            got.append(self.rfile.read(int(self.headers["content-length"])))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    trap = socket.socket()
    trap.bind(("127.0.0.1", 0))
    trap.listen()

    def count_connections():
        while True:
            conn, _ = trap.accept()
            proxied.append(conn)

    threading.Thread(target=count_connections, daemon=True).start()
    proxy_url = f"http://127.0.0.1:{trap.getsockname()[1]}"
    server = Server(HTTP_PROXY=proxy_url, HTTPS_PROXY=proxy_url, ALL_PROXY=proxy_url,
                    http_proxy=proxy_url, https_proxy=proxy_url, NO_PROXY="", no_proxy="",
                    FOLLOWUP_WEBHOOK_ALLOW_PRIVATE="true", FOLLOWUP_WEBHOOK_ALLOW_HTTP="true")
    server.start()
    try:
        token = register(server, "proxied@example.com")
        url = f"http://localhost:{receiver.server_address[1]}/hook"
        status, _, body = call(server, "POST", "/v1/webhooks",
                               {"url": url, "events": ["task.created"]}, token)
        assert status == 201, (status, body)
        status, _, _ = call(server, "POST", "/v1/tasks", {"title": "Call Acme"}, token)
        assert status == 201, status
        wait_until(lambda: len(got) > 0, 20, "the delivery arrives")
        assert not proxied, f"{len(proxied)} connections went to the environment's proxy"
        print("proxy: with HTTP(S)_PROXY set, the delivery went straight to the receiver")
    finally:
        server.stop()
        receiver.shutdown()


{"outage": outage, "kill": kill, "writers": writers, "proxy": proxy}[SCENARIO]()
