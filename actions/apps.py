from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Statement of action: actions and progress"

    def ready(self):
        from django.db.models import Q

        from workstreams.freshness import track, track_discussion, track_m2m

        from .models import Action, Comment, ParentsView, ProgressUpdate, YouSaidWeDid

        track(Action, lambda action: Q(pk=action.statement_id))
        track(ProgressUpdate, lambda update: Q(actions=update.action_id))
        # Published parents' views and "you said, we did" entries are on the public
        # pages. Comments themselves never are: only hiding one that an entry was
        # made from (its question or its answer) changes a page, by taking the entry off.
        track(Comment, _statements_showing)
        # Every comment, answer and hidden comment is news to the workspace, though.
        track_discussion(Comment, _statements_of)
        track(
            ParentsView,
            lambda v: Q(actions=v.action_id) if v.action_id else Q(weaknesses=v.weakness_id),
        )
        track(YouSaidWeDid, lambda entry: Q(pk=entry.comment.statement_id))
        for through in (Action.weaknesses.through, Action.measures.through):
            track_m2m(through, lambda obj: Q(pk=obj.statement_id))


def _statements_showing(comment):
    """The statements (a Q over Statement) whose pages show something of `comment`:
    none, unless a "you said, we did" entry was made from it."""
    from django.db.models import Q

    from .models import YouSaidWeDid

    if not YouSaidWeDid.objects.filter(Q(comment=comment) | Q(answer=comment)).exists():
        return Q(pk__in=[])
    return _statements_of(comment)


def _statements_of(comment):
    """The statement `comment` is in (a Q over Statement), through its action or measure."""
    from django.db.models import Q

    return Q(actions=comment.action_id) if comment.action_id else Q(measures=comment.measure_id)
