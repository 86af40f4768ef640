#!/usr/bin/env python3
"""Seeds one user through the API: interviews, people (attached), tasks. Prints the access token
and one interview id as `TOKEN ID`. Standard library only."""
import json
import sys
import urllib.request

base, email, interviews, people, tasks = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])


def call(method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", "Bearer " + token)
    with urllib.request.urlopen(req) as resp:
        text = resp.read()
        return json.loads(text) if text else None


token = call("POST", "/v1/auth/register",
             {"email": email, "password": "benchmark password", "time_zone": "Europe/London"})["access_token"]
interview_ids = []
for i in range(interviews):
    iv = call("POST", "/v1/interviews", {
        "company": f"Company {i % 40}", "position": "Engineer", "stage": "first",
        "scheduled_at": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T14:00:00Z"}, token)
    interview_ids.append(iv["id"])
for i in range(people):
    p = call("POST", "/v1/interviewers", {"name": f"Person {i}", "title": "Manager"}, token)
    call("PUT", f"/v1/interviews/{interview_ids[i % len(interview_ids)]}/interviewers/{p['id']}", None, token)
for i in range(tasks):
    call("POST", "/v1/tasks", {"title": f"Task {i}", "due_at": f"2026-06-{1 + i % 28:02d}T09:00:00Z",
                               "interview_id": interview_ids[i % len(interview_ids)]}, token)
print(token, interview_ids[len(interview_ids) // 2])
