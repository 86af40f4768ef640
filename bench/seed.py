#!/usr/bin/env python3
"""Seeds one user through the API: interviews, people (attached), tasks. Prints the access token
and one interview id as `TOKEN ID`. Standard library only; `call` is shared with bench/soak.py.

usage: seed.py BASE EMAIL INTERVIEWS PEOPLE TASKS"""
import json
import sys
import urllib.error
import urllib.request


def call(base, method, path, body=None, token=None):
    """(status, parsed body); error statuses are returned, not raised."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            text = resp.read()
            return resp.status, json.loads(text) if text else None
    except urllib.error.HTTPError as err:
        return err.code, None


def ok(reply):
    status, body = reply
    if status >= 300:
        sys.exit(f"seeding failed with {status}")
    return body


def seed(base, email, interviews, people, tasks):
    token = ok(call(base, "POST", "/v1/auth/register",
                    {"email": email, "password": "benchmark password",
                     "time_zone": "Europe/London"}))["access_token"]
    interview_ids = []
    for i in range(interviews):
        iv = ok(call(base, "POST", "/v1/interviews", {
            "company": f"Company {i % 40}", "position": "Engineer", "stage": "first",
            "scheduled_at": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T14:00:00Z"}, token))
        interview_ids.append(iv["id"])
    for i in range(people):
        p = ok(call(base, "POST", "/v1/interviewers", {"name": f"Person {i}", "title": "Manager"}, token))
        ok(call(base, "PUT", f"/v1/interviews/{interview_ids[i % len(interview_ids)]}/interviewers/{p['id']}",
                None, token))
    for i in range(tasks):
        ok(call(base, "POST", "/v1/tasks", {"title": f"Task {i}", "due_at": f"2026-06-{1 + i % 28:02d}T09:00:00Z",
                                            "interview_id": interview_ids[i % len(interview_ids)]}, token))
    return token, interview_ids[len(interview_ids) // 2]


if __name__ == "__main__":
    base, email, counts = sys.argv[1], sys.argv[2], map(int, sys.argv[3:6])
    print(*seed(base, email, *counts))
