#!/usr/bin/env python3
"""The client side of bench/soak: 8 users at a fixed rate, 80% reads (a 50-task list page, one
interview) and 20% writes that re-plan (an interview edit, a task edit), RSS samples of the server
every 30 s. The writes edit rather than add, so the data keeps its size and memory can be judged
on its own; BENCH_SOAK_GROW=1 adds a task (and completes it) instead of editing one, and the
data, and with it SQLite's page caches, grow. Standard library only."""
import os
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import seed

base, pid, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
RATE = int(os.environ.get("BENCH_SOAK_RATE", "200"))
SECONDS = int(os.environ.get("BENCH_SOAK_SECONDS", "600"))
GROW = os.environ.get("BENCH_SOAK_GROW") == "1"


def call(method, path, body=None, token=None):
    return seed.call(base, method, path, body, token)


def rss_mb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


users = []
for i in range(8):
    status, body = call("POST", "/v1/auth/register",
                        {"email": f"soak-{name}-{i}-{time.time_ns()}@example.com",
                         "password": "benchmark password"})
    token = body["access_token"]
    status, iv = call("POST", "/v1/interviews", {"company": f"Company {i}", "position": "Engineer",
                                                 "scheduled_at": "2026-11-20T14:00:00Z"}, token)
    status, task = call("POST", "/v1/tasks", {"title": "soak task"}, token)
    users.append((token, iv["id"], task["id"]))

errors = {}
latencies = []
lock = threading.Lock()


def one(n):
    token, interview, task = users[n % len(users)]
    roll = random.randrange(100)
    start = time.perf_counter()
    if roll < 40:
        status, _ = call("GET", "/v1/tasks?limit=50", token=token)
    elif roll < 80:
        status, _ = call("GET", f"/v1/interviews/{interview}", token=token)
    elif roll < 90 and GROW:
        status, body = call("POST", "/v1/tasks", {"title": "soak task"}, token)
        # Keep the open tasks under their quota: a person finishes what they plan.
        if status == 201:
            call("POST", f"/v1/tasks/{body['id']}/complete", {"channel": "email"}, token)
    elif roll < 90:
        status, _ = call("PATCH", f"/v1/tasks/{task}", {"title": f"soak task {n}"}, token)
    else:
        status, _ = call("PATCH", f"/v1/interviews/{interview}", {"notes": f"edit {n}"}, token)
    elapsed = time.perf_counter() - start
    with lock:
        latencies.append(elapsed)
        if status >= 300:
            errors[status] = errors.get(status, 0) + 1


samples = []
start = time.time()
n = 0
next_sample = start
with ThreadPoolExecutor(32) as pool:
    while time.time() - start < SECONDS:
        now = time.time()
        if now >= next_sample:
            samples.append((round(now - start), rss_mb()))
            print(f"{samples[-1][0]:>5} s  RSS {samples[-1][1]:6.1f} MB", flush=True)
            next_sample += 30
        pool.submit(one, n)
        n += 1
        # Fixed rate: the next request is due at n / RATE seconds after the start.
        delay = start + n / RATE - time.time()
        if delay > 0:
            time.sleep(delay)
samples.append((round(time.time() - start), rss_mb()))
latencies.sort()
p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
print(f"{n} requests at {RATE}/s: p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, "
      f"max {latencies[-1] * 1000:.1f} ms, errors {errors or 0}")
settled = next((mb for t, mb in samples if t >= 60), samples[0][1])
last = samples[-1][1]
print(f"RSS after the first minute {settled:.1f} MB, at the end {last:.1f} MB, "
      f"peak {max(mb for _, mb in samples):.1f} MB")
if errors:
    sys.exit("errors during the soak")
if last > max(settled * 1.10, settled + 8):
    sys.exit("memory grew during the soak")
