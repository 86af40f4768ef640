"""A typed Python client generated from the served document by openapi-python-client, used the
way an integrator would: register, add an interview and a person, attach them, read the lists,
the plan and the rules back as typed models, and get a problem for a bad request. Any value the
document misdescribes (an enum spelled differently, a field missing or of another type) raises
while the generated models parse it. Run by .ci/contract with the generated package on PYTHONPATH.

Usage: python3 python_client.py BASE_URL
"""

import sys

from followup_client import AuthenticatedClient, Client
from followup_client.api.auth import register
from followup_client.api.interviewers import create_interviewer, list_interviewers
from followup_client.api.interviews import (
    attach_interviewer,
    create_interview,
    get_interview,
    interview_plan,
    list_interviews,
)
from followup_client.api.me import get_me
from followup_client.api.rules import list_rules
from followup_client.api.tasks import list_tasks
from followup_client.models import (
    CreateInterview,
    CreateInterviewer,
    InterviewFormat,
    Interview,
    InterviewStatus,
    Problem,
    RegisterRequest,
    Role,
    Stage,
    TaskStatus,
    TokenResponse,
)
import datetime


def check(condition, message):
    if not condition:
        raise SystemExit(f"python client: {message}")


base = sys.argv[1]
anonymous = Client(base_url=base, raise_on_unexpected_status=True)
tokens = register.sync(
    client=anonymous,
    body=RegisterRequest(email="client@example.com", password="correct horse battery", name="Py"),
)
check(isinstance(tokens, TokenResponse), f"register answered {tokens!r}")
client = AuthenticatedClient(base_url=base, token=tokens.access_token, raise_on_unexpected_status=True)

interview = create_interview.sync(
    client=client,
    body=CreateInterview(
        company="Generated Client Co",
        position="Engineer",
        scheduled_at=datetime.datetime(2026, 3, 3, 14, tzinfo=datetime.timezone.utc),
        stage=Stage.FINAL,
        format_=InterviewFormat.VIDEO,
        status=InterviewStatus.COMPLETED,
    ),
)
check(isinstance(interview, Interview), f"create_interview answered {interview!r}")
check(interview.format_ is InterviewFormat.VIDEO, f"format read as {interview.format_!r}")

person = create_interviewer.sync(
    client=client, body=CreateInterviewer(name="Maria Lopez", role=Role.RECEPTIONIST)
)
attach_interviewer.sync_detailed(id=interview.id, person_id=person.id, client=client)

read = get_interview.sync(id=interview.id, client=client)
check(read.stage is Stage.FINAL, f"stage read as {read.stage!r}")
page = list_interviews.sync(client=client, status=InterviewStatus.COMPLETED)
check([i.company for i in page.items] == ["Generated Client Co"], f"list read as {page!r}")
people = list_interviewers.sync(client=client, interview_id=interview.id)
check(people.items[0].role is Role.RECEPTIONIST, f"people read as {people!r}")
tasks = list_tasks.sync(client=client, status=TaskStatus.OPEN, limit=200)
check(len(tasks.items) > 0, "the engine planned nothing")
plan = interview_plan.sync(id=interview.id, client=client)
check(any("Maria Lopez" in t.title for t in plan.tasks), f"the plan has no note to Maria: {plan!r}")
rules = list_rules.sync(client=client)
built_in = [r for r in rules.items if r.kind.value == "built_in"]
check(len(built_in) > 10, f"{len(built_in)} built-in rules")
me = get_me.sync(client=client)
check(me.time_zone.value == "UTC", f"time zone read as {me.time_zone!r}")

problem = list_interviews.sync_detailed(client=client, limit=0)
check(problem.status_code == 422 and isinstance(problem.parsed, Problem), f"limit=0 gave {problem!r}")
check(problem.parsed.errors[0].field == "limit", f"the problem names {problem.parsed.errors!r}")

print(
    f"python client: {len(tasks.items)} open tasks, {len(plan.tasks)} in the plan, "
    f"{len(built_in)} rules, all parsed as typed models"
)
