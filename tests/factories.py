"""factory-boy factories for the whole domain, one per model."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from actions.models import Action, Comment, ParentsView, ProgressUpdate
from actions.roles import OFFICERS, PARENT_REPRESENTATIVES, PROGRAMME_MANAGERS
from workstreams.models import (
    GlossaryTerm,
    Measurement,
    Milestone,
    Owner,
    Statement,
    SuccessMeasure,
    Weakness,
    Workstream,
    WorkstreamMembership,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))


def ProgrammeManagerFactory(**kwargs):
    return UserFactory(roles=[PROGRAMME_MANAGERS], **kwargs)


def OfficerFactory(**kwargs):
    return UserFactory(roles=[OFFICERS], **kwargs)


def ParentRepresentativeFactory(**kwargs):
    return UserFactory(roles=[PARENT_REPRESENTATIVES], **kwargs)


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    local_area = "Sutton"
    title = factory.Sequence(lambda n: f"Written statement of action {n}")
    slug = factory.Sequence(lambda n: f"statement-{n}")
    summary = "How the local area will tackle the weaknesses the inspectors found."
    inspection_published_on = datetime.date(2018, 3, 23)
    submitted_on = datetime.date(2018, 7, 3)
    evaluated_on = datetime.date(2018, 7, 19)
    evaluation_outcome = "Fit for purpose"
    status = Statement.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=Statement.Status.DRAFT, published_at=None)
        archived = factory.Trait(status=Statement.Status.ARCHIVED)


class WeaknessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Weakness

    statement = factory.SubFactory(StatementFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Weakness title {n}")
    finding = "A lack of coherence in joint working."
    response = "Leaders will work together."


class OwnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Owner

    name = factory.Sequence(lambda n: f"Owner Person {n}")
    job_title = factory.Sequence(lambda n: f"Head of service {n}")
    organisation = Owner.Organisation.COUNCIL
    email = factory.Sequence(lambda n: f"owner{n}@example.org")


class WorkstreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workstream
        skip_postgeneration_save = True

    statement = factory.SubFactory(StatementFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Workstream {n}")
    purpose = "To improve joint working."
    lead = factory.SubFactory(OwnerFactory)
    monitoring_arrangements = "The group reviews each action monthly and records the outcome."


class WorkstreamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkstreamMembership

    workstream = factory.SubFactory(WorkstreamFactory)
    user = factory.SubFactory(UserFactory, roles=[PARENT_REPRESENTATIVES])


class SuccessMeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuccessMeasure

    statement = factory.SubFactory(StatementFactory)
    reference = factory.Sequence(lambda n: f"M{n + 1}")
    title = factory.Sequence(lambda n: f"Fixed-term exclusions at primary {n}")
    kind = SuccessMeasure.Kind.IMPACT
    unit = SuccessMeasure.Unit.COUNT
    direction = SuccessMeasure.Direction.LOWER_IS_BETTER
    baseline_value = Decimal("120")
    baseline_date = datetime.date(2018, 3, 31)
    target_value = Decimal("60")
    target_date = datetime.date(2020, 7, 31)
    data_source = "School census"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    measure = factory.SubFactory(SuccessMeasureFactory)
    due_on = datetime.date(2019, 7, 31)
    value = Decimal("90")


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    measure = factory.SubFactory(SuccessMeasureFactory)
    measured_on = factory.Sequence(lambda n: datetime.date(2018, 9, 30) + datetime.timedelta(n))
    value = Decimal("100")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    statement = factory.SubFactory(StatementFactory)
    workstream = factory.SubFactory(
        WorkstreamFactory, statement=factory.SelfAttribute("..statement")
    )
    reference = factory.Sequence(lambda n: f"{n // 100 + 1}.{n % 100 + 1}")
    title = factory.Sequence(lambda n: f"Action {n}")
    description = "Recruit two more advisers to the information, advice and support service."
    summary = "More advisers, so families get help sooner."
    intended_outcome = "Families wait less than two weeks for an adviser."
    monitoring = "The workstream group checks waiting times each month."
    owner = factory.SubFactory(OwnerFactory)
    phase = Action.Phase.PLANNED
    start_date = datetime.date(2018, 9, 1)
    due_date = datetime.date(2019, 3, 31)

    @factory.post_generation
    def weaknesses(self, create, extracted, **kwargs):
        if create:
            self.weaknesses.set(extracted or [WeaknessFactory(statement=self.statement)])


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    author = factory.SubFactory(UserFactory, roles=[OFFICERS])
    action_version = factory.Sequence(lambda n: n + 2)
    status_before = Action.Status.NOT_STARTED
    status_after = Action.Status.IN_PROGRESS
    narrative = "Internal note: recruitment panel booked."
    public_summary = "We have started recruiting advisers."


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    action = factory.SubFactory(ActionFactory)
    author = factory.SubFactory(UserFactory, roles=[PARENT_REPRESENTATIVES])
    body = "When will families see the new advisers?"


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm
        django_get_or_create = ["abbreviation"]

    abbreviation = factory.Sequence(lambda n: f"ABB{n}")
    expansion = "An abbreviation"
    explanation = "What it means."


class ParentsViewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentsView

    action = factory.SubFactory(ActionFactory)
    assessment = ParentsView.Assessment.SOME
    reason = "Some families say they wait less for an adviser; most have not noticed yet."
    recorded_by = factory.SubFactory(UserFactory, roles=[PARENT_REPRESENTATIVES])
