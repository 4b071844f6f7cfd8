"""What the data migrations give every fresh install: languages, municipalities, roles, one workflow."""

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupApprovalTask, Locale, Page, Workflow

import pytest

from cases.models import Municipality

pytestmark = pytest.mark.django_db


def test_dutch_english_and_french_locales_exist():
    assert sorted(Locale.objects.values_list("language_code", flat=True)) == ["en", "fr", "nl"]


def test_all_flemish_municipalities_are_loaded():
    assert Municipality.objects.count() == 285


def test_aalst_is_loaded_with_its_nis_code_and_province():
    aalst = Municipality.objects.get(nis_code="41002")

    assert aalst.name_nl == "Aalst"
    assert aalst.name_fr == "Alost"
    assert aalst.province == "oost-vlaanderen"
    assert aalst.population == 93_094
    assert aalst.population_year == 2026


def test_nis_codes_are_unique_five_digit_codes():
    codes = list(Municipality.objects.values_list("nis_code", flat=True))

    assert len(set(codes)) == len(codes)
    assert all(len(code) == 5 and code.isdigit() for code in codes)


def test_eindredactie_is_the_only_active_workflow():
    active = Workflow.objects.filter(active=True)

    assert [workflow.name for workflow in active] == ["Eindredactie"]


def test_eindredactie_workflow_applies_to_the_whole_tree():
    workflow = Workflow.objects.get(name="Eindredactie")
    root = Page.get_first_root_node()

    assert [link.page for link in workflow.workflow_pages.all()] == [root]
    assert root.get_workflow() == workflow


def test_eindredactie_workflow_has_one_review_task_for_the_reviewers():
    workflow = Workflow.objects.get(name="Eindredactie")

    tasks = [task.specific for task in workflow.tasks]

    assert len(tasks) == 1
    assert isinstance(tasks[0], GroupApprovalTask)
    assert tasks[0].active
    assert sorted(tasks[0].groups.values_list("name", flat=True)) == ["Beheerder", "Eindredacteur"]


def test_every_role_may_open_the_admin():
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")

    for name in ("Redacteur", "Eindredacteur", "Beheerder"):
        assert access_admin in Group.objects.get(name=name).permissions.all()


def test_only_beheerder_manages_users():
    for name, expected in (("Redacteur", False), ("Eindredacteur", False), ("Beheerder", True)):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert ("change_user" in codenames) is expected, name


def test_reviewers_may_translate():
    for name, expected in (("Redacteur", False), ("Eindredacteur", True), ("Beheerder", True)):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert ("submit_translation" in codenames) is expected, name
