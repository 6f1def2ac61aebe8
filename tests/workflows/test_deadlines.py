"""Due times of tasks, overdue tasks standing out, and the supervisors' daily digest."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.factories import send_theft_report
from tests.forms_app.conftest import check_token, fill_details, pass_screening
from workflows.deadlines import add_working_days
from workflows.flows import ReportFlow
from workflows.models import TaskDeadline

pytestmark = pytest.mark.django_db
TORONTO = ZoneInfo("America/Toronto")


@pytest.fixture
def report(client, theft_page):
    return send_theft_report(client, theft_page)


@pytest.mark.parametrize(
    "start, days, expected",
    [
        (datetime.datetime(2026, 11, 27, 16, 0), 2, datetime.datetime(2026, 12, 1, 16, 0)),  # Fri -> Tue
        (datetime.datetime(2026, 11, 28, 9, 0), 1, datetime.datetime(2026, 11, 30, 9, 0)),  # Sat -> Mon
        (datetime.datetime(2026, 11, 24, 9, 0), 2, datetime.datetime(2026, 11, 26, 9, 0)),  # Tue -> Thu
    ],
)
def test_working_days_skip_weekends(start, days, expected):
    assert add_working_days(start.replace(tzinfo=TORONTO), days) == expected.replace(tzinfo=TORONTO)


def test_each_review_task_gets_its_deadline_from_the_incident_type(client, theft_page, report):
    deadline = TaskDeadline.objects.get(task__flow_task=ReportFlow.review)
    assert deadline.due_at == add_working_days(deadline.task.created, 2)  # the default
    theft_page.incident_type.review_days = 5
    theft_page.incident_type.save()
    pass_screening(client, theft_page)
    fill_details(client, theft_page)
    client.post(theft_page.url + "check/", {"token": check_token(client, theft_page)})
    later = TaskDeadline.objects.exclude(pk=deadline.pk).get()
    assert later.due_at == add_working_days(later.task.created, 5)


def test_overdue_tasks_stand_out_in_the_queue(client, report):
    client.force_login(get_user_model().objects.get(username="reviewer"))
    html = client.get("/workflow/tasks/queue/").content.decode()
    assert report.reference in html and "Overdue since" not in html
    TaskDeadline.objects.update(due_at=timezone.now() - datetime.timedelta(hours=1))
    html = client.get("/workflow/tasks/queue/").content.decode()
    assert '<strong class="overdue">Overdue since' in html


def test_overdue_digest_goes_to_the_agency_supervisors(report):
    supervisor = get_user_model().objects.get(username="supervisor")
    out = io.StringIO()
    call_command("send_overdue_digest", stdout=out)
    assert "Sent 0 overdue digest(s)." in out.getvalue()
    assert mail.outbox == []

    TaskDeadline.objects.update(due_at=timezone.now() - datetime.timedelta(hours=1))
    call_command("send_overdue_digest", stdout=out)
    (message,) = mail.outbox
    assert message.to == [supervisor.email]
    assert message.subject == "1 overdue task on online reports"
    assert report.reference in message.body and "not claimed" in message.body


def test_a_whole_reference_is_looked_up_exactly_and_a_part_of_one_is_searched(client, report):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(get_user_model().objects.get(username="reviewer"))
    queue = "/workflow/tasks/queue/"
    for typed in (report.reference, report.reference.lower(), f"  {report.reference} "):
        with CaptureQueriesContext(connection) as captured:
            html = client.get(queue, {"reference": typed}).content.decode()
        assert report.reference in html
        searches = [q["sql"] for q in captured if '"forms_app_report"."reference"' in q["sql"]]
        assert searches and not any("LIKE" in sql for sql in searches)  # the unique index, no scan
    assert report.reference in client.get(queue, {"reference": report.reference[:9]}).content.decode()
    whole_but_other = report.reference[:-1] + ("1" if report.reference[-1] != "1" else "2")
    assert report.reference not in client.get(queue, {"reference": whole_but_other}).content.decode()


def test_queue_filters_by_reference_incident_type_and_overdue(client, report):
    client.force_login(get_user_model().objects.get(username="reviewer"))
    queue = "/workflow/tasks/queue/"
    assert report.reference in client.get(queue, {"reference": report.reference[-6:]}).content.decode()
    assert report.reference not in client.get(queue, {"reference": "NOPE-0000"}).content.decode()
    assert report.reference in client.get(queue, {"incident_type": report.incident_type_id}).content.decode()
    from forms_app.models import IncidentType

    other = IncidentType.objects.exclude(pk=report.incident_type_id).first()
    assert report.reference not in client.get(queue, {"incident_type": other.pk}).content.decode()
    assert report.reference not in client.get(queue, {"overdue": "true"}).content.decode()
    TaskDeadline.objects.update(due_at=timezone.now() - datetime.timedelta(hours=1))
    assert report.reference in client.get(queue, {"overdue": "true"}).content.decode()
    assert report.reference in client.get(queue, {"report_status": "submitted"}).content.decode()
    assert report.reference not in client.get(queue, {"report_status": "rejected"}).content.decode()


def test_each_supervisor_gets_the_digest_in_their_own_language(report):
    from wagtail.users.models import UserProfile

    from website.models import AgencyMembership

    english = get_user_model().objects.get(username="supervisor")
    french = get_user_model().objects.create_user("superviseure", email="superviseure@example.invalid")
    french.groups.add(*english.groups.all())
    AgencyMembership.objects.create(user=french, site=english.agency_memberships.get().site)
    UserProfile.objects.create(user=french, preferred_language="fr")
    TaskDeadline.objects.update(due_at=timezone.now() - datetime.timedelta(hours=1))
    call_command("send_overdue_digest", stdout=io.StringIO())
    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {(english.email,), (french.email,)}
    assert by_recipient[(english.email,)].subject == "1 overdue task on online reports"
    message = by_recipient[(french.email,)]
    assert message.subject == "1 tâche en retard liée aux rapports en ligne"
    assert (
        "Vol de 5 000 $ ou moins" in message.body
        and "non prise" in message.body
        and "Service de police régional de démonstration" in message.body
    )


def test_the_digest_reads_the_same_number_of_rows_for_one_overdue_task_or_three(client, theft_page, report):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workflows.deadlines import send_overdue_digest

    def queries():
        TaskDeadline.objects.update(due_at=timezone.now() - datetime.timedelta(hours=1))
        with CaptureQueriesContext(connection) as captured:
            assert send_overdue_digest() == 1
        return len(captured)

    one = queries()
    for _ in range(2):
        pass_screening(client, theft_page)
        fill_details(client, theft_page)
        client.post(theft_page.url + "check/", {"token": check_token(client, theft_page)})
    assert TaskDeadline.objects.count() == 3
    assert queries() == one
