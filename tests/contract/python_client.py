"""A typed Python client generated from the served document by openapi-python-client, used the
way an integrator would: register, add an interview and a person, attach them, read the lists,
the plan and the rules back as typed models, and get a problem for a bad request. Then an
application followed from the posting to the outcome, as a job-board plugin and the app would:
save a posting with its schema.org JobPosting (JSON-LD), be pointed at it when saving it again,
find it by another spelling of its address, apply, book two rounds of it, and close it. Any
value the document misdescribes (an enum spelled differently, a field missing or of another
type) raises while the generated models parse it. Run by .ci/contract with the generated package
on PYTHONPATH.

Usage: python3 python_client.py BASE_URL
"""

import sys
from urllib.parse import urljoin

from followup_client import AuthenticatedClient, Client
from followup_client.api.applications import (
    create_application,
    get_application,
    list_applications,
    update_application,
)
from followup_client.api.auth import register
from followup_client.api.interviewers import create_interviewer, list_interviewers
from followup_client.api.interviews import (
    attach_interviewer,
    create_interview,
    get_interview,
    interview_plan,
    list_interviews,
)
from followup_client.api.me import get_me, list_time_zones
from followup_client.api.rules import list_rules
from followup_client.api.tasks import create_task, delete_task, list_tasks
from followup_client.models import (
    Application,
    ApplicationStage,
    CreateApplication,
    CreateApplicationJobPostingType0,
    CreateInterview,
    CreateInterviewer,
    CreateTask,
    EventType,
    InterviewFormat,
    Interview,
    InterviewStatus,
    Outcome,
    Problem,
    RegisterRequest,
    Role,
    Stage,
    Task,
    TaskEvent,
    TaskStatus,
    Tombstone,
    TokenResponse,
    UpdateApplication,
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
card = client.get_httpx_client().get(
    f"/v1/interviewers/{person.id}", headers={"Accept": "text/vcard; version=3.0"}
)
check(
    card.status_code == 200
    and card.headers["content-type"].startswith("text/vcard")
    and "FN:Maria Lopez" in card.text
    and "VERSION:3.0" in card.text,
    f"the vCard read as {card.status_code} {card.text!r}",
)
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
check(me.time_zone == "UTC", f"time zone read as {me.time_zone!r}")
zones = list_time_zones.sync(client=anonymous)
check("Asia/Tokyo" in zones.items, f"the zone list has no Asia/Tokyo: {zones!r}")

# A phone syncing: what changed since its last sync, a deleted task as a tombstone it narrows to.
mark = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=1)
doomed = create_task.sync(client=client, body=CreateTask(title="Call Initech back"))
delete_task.sync_detailed(id=doomed.id, client=client)
synced = list_tasks.sync(client=client, updated_since=mark, limit=200)
gone = [item for item in synced.items if isinstance(item, Tombstone)]
check([t.id for t in gone] == [doomed.id], f"the sync read {synced.items!r}")
check(gone[0].deleted is True, f"the tombstone read as {gone[0]!r}")
check(
    all(isinstance(item, (Task, Tombstone)) for item in synced.items),
    f"items read as {[type(i) for i in synced.items]}",
)
# A webhook endpoint written against the document reads an event's body as a typed model.
raw = client.get_httpx_client().get(f"/v1/tasks/{tasks.items[0].id}").json()
event = TaskEvent.from_dict(
    {"id": "msg_0193", "type": "task.created", "timestamp": raw["created_at"], "data": raw}
)
check(event.type_ is EventType.TASK_CREATED, f"the event type read as {event.type_!r}")
check(isinstance(event.data, Task) and event.data.id == tasks.items[0].id, f"data read as {event.data!r}")

problem = list_interviews.sync_detailed(client=client, limit=0)
check(problem.status_code == 422 and isinstance(problem.parsed, Problem), f"limit=0 gave {problem!r}")
check(problem.parsed.errors[0].field == "limit", f"the problem names {problem.parsed.errors!r}")

# An application, from the posting to the outcome. A job-board plugin saves the page as it found
# it: the address with the board's tracking parameters and a fragment, and the JSON-LD the page
# embeds; the server fills the company, position, location, posting id and last day from it.
today = datetime.date.today()
apply_by = today + datetime.timedelta(days=45)
job_posting = {
    "@context": "https://schema.org/",
    "@type": "JobPosting",
    "title": "Senior Data Engineer",
    "description": "<p>Build the pipelines behind our TPS reports.</p>",
    "datePosted": today.isoformat(),
    "validThrough": f"{apply_by.isoformat()}T23:59:59-06:00",
    "employmentType": "FULL_TIME",
    "hiringOrganization": {
        "@type": "Organization",
        "name": "Initech",
        "sameAs": "https://initech.example",
    },
    "identifier": {"@type": "PropertyValue", "name": "Initech", "value": "DE-2041"},
    "jobLocation": {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Austin",
            "addressRegion": "TX",
            "addressCountry": "US",
        },
    },
    "url": "https://careers.initech.example/jobs/DE-2041?team=data&utm_medium=feed",
}
kept_url = "https://careers.initech.example/jobs/DE-2041?team=data"
created = create_application.sync_detailed(
    client=client,
    body=CreateApplication(
        posting_url="https://Careers.Initech.example/jobs/DE-2041?team=data&utm_source=x&gclid=y#apply",
        source="indeed",
        job_posting=CreateApplicationJobPostingType0.from_dict(job_posting),
    ),
)
saved = created.parsed
check(
    created.status_code == 201 and isinstance(saved, Application),
    f"create_application answered {created!r}",
)
check(
    (saved.company, saved.position) == ("Initech", "Senior Data Engineer"),
    f"company and position read as {saved.company!r}, {saved.position!r}",
)
check(saved.location == "Austin, TX, US", f"location read as {saved.location!r}")
check(saved.posting_id == "DE-2041", f"posting_id read as {saved.posting_id!r}")
check(saved.apply_by == apply_by, f"apply_by read as {saved.apply_by!r}, not {apply_by}")
check(saved.posting_url == kept_url, f"posting_url kept as {saved.posting_url!r}")
check(saved.stage is ApplicationStage.SAVED, f"a saved posting is at stage {saved.stage!r}")
check(saved.outcome is Outcome.PENDING, f"a saved posting has outcome {saved.outcome!r}")
check(created.headers.get("ETag"), f"no ETag on {created.headers!r}")

# Saving it again, from another spelling of its address, is a conflict that points at it.
again = create_application.sync_detailed(
    client=client,
    body=CreateApplication(
        posting_url="HTTPS://careers.INITECH.example:443/jobs/DE-2041?utm_campaign=z&team=data&fbclid=q",
        job_posting=CreateApplicationJobPostingType0.from_dict(job_posting),
    ),
)
check(
    again.status_code == 409 and isinstance(again.parsed, Problem), f"a second save gave {again!r}"
)
location = again.headers.get("Location")
check(location is not None, f"the 409 has no Location: {again.headers!r}")
check(
    urljoin(base + "/", location) == urljoin(base + "/", f"/v1/applications/{saved.id}"),
    f"the 409 points at {location!r}, not at {saved.id}",
)
check(
    any(e.field == "posting_url" for e in again.parsed.errors or []),
    f"the 409 names {again.parsed.errors!r}",
)
pointed = get_application.sync(id=location.rstrip("/").rsplit("/", 1)[-1], client=client)
check(isinstance(pointed, Application) and pointed.id == saved.id, f"Location led to {pointed!r}")

# Asking first, as a plugin does before it offers "Save": any spelling of the address finds it.
found = list_applications.sync(
    client=client,
    posting_url="https://CAREERS.initech.example/jobs/DE-2041?utm_source=y&team=data&fbclid=z#top",
)
check([a.id for a in found.items] == [saved.id], f"the posting_url lookup found {found!r}")

# Applied: the decision is expected in three weeks. The ETag of the save is the precondition.
applied = update_application.sync(
    id=saved.id,
    client=client,
    if_match=created.headers["ETag"],
    body=UpdateApplication(
        applied_on=today, decision_expected_on=today + datetime.timedelta(days=21)
    ),
)
check(isinstance(applied, Application), f"update_application answered {applied!r}")
check(applied.stage is ApplicationStage.APPLIED, f"applied, the stage is {applied.stage!r}")
check(applied.applied_on == today, f"applied_on read as {applied.applied_on!r}")

# Two rounds of it, booked by the application's id: no company or position sent.
rounds = []
for stage, days in [(Stage.FIRST, 7), (Stage.SECOND, 14)]:
    scheduled = datetime.datetime.combine(
        today + datetime.timedelta(days=days), datetime.time(15), tzinfo=datetime.timezone.utc
    )
    one = create_interview.sync(
        client=client,
        body=CreateInterview(
            application_id=saved.id,
            stage=stage,
            format_=InterviewFormat.VIDEO,
            scheduled_at=scheduled,
        ),
    )
    check(isinstance(one, Interview), f"create_interview ({stage.value}) answered {one!r}")
    check(
        one.application_id == saved.id,
        f"the {stage.value} round belongs to {one.application_id!r}",
    )
    check(
        (one.company, one.position) == ("Initech", "Senior Data Engineer"),
        f"the {stage.value} round shows {one.company!r}, {one.position!r}",
    )
    check(one.stage is stage, f"the {stage.value} round reads as stage {one.stage!r}")
    rounds.append(one)
interviewing = get_application.sync(id=saved.id, client=client)
check(
    interviewing.stage is ApplicationStage.INTERVIEWING,
    f"with rounds, the stage is {interviewing.stage!r}",
)
listed = list_interviews.sync(client=client, application_id=saved.id)
check(
    sorted(i.id for i in listed.items) == sorted(r.id for r in rounds),
    f"the application's rounds listed as {listed!r}",
)

# Rejected: the application closes, and its rounds show the outcome (their deprecated copies).
closed = update_application.sync(
    id=saved.id, client=client, body=UpdateApplication(outcome=Outcome.REJECTED)
)
check(isinstance(closed, Application), f"closing answered {closed!r}")
check(closed.stage is ApplicationStage.CLOSED, f"rejected, the stage is {closed.stage!r}")
check(closed.outcome is Outcome.REJECTED, f"rejected, the outcome reads {closed.outcome!r}")
for one in rounds:
    read = get_interview.sync(id=one.id, client=client)
    name = one.stage.value
    check(read.outcome is Outcome.REJECTED, f"the {name} round shows outcome {read.outcome!r}")
    check(read.application_id == saved.id, f"the {name} round moved to {read.application_id!r}")
its_tasks = list_tasks.sync(client=client, application_id=saved.id, limit=200)
check(len(its_tasks.items) > 0, "the engine planned nothing for the application")
strays = [t for t in its_tasks.items if t.application_id != saved.id]
check(not strays, f"tasks of another application in its list: {strays!r}")

print(
    f"python client: {len(tasks.items)} open tasks, {len(plan.tasks)} in the plan, "
    f"{len(built_in)} rules; an application saved from its JSON-LD, found again, applied, "
    f"{len(rounds)} rounds, closed with {len(its_tasks.items)} tasks; all parsed as typed models"
)
