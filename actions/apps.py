from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Statement of action: actions and progress"

    def ready(self):
        from django.db.models import Q

        from workstreams.freshness import track, track_m2m

        from .models import Action, Comment, ParentsView, ProgressUpdate, YouSaidWeDid

        track(Action, lambda action: Q(pk=action.statement_id))
        track(ProgressUpdate, lambda update: Q(actions=update.action_id))
        # Published parents' views and "you said, we did" entries are on the public
        # pages; hiding a comment can take an entry off them.
        track(
            Comment, lambda c: Q(actions=c.action_id) if c.action_id else Q(measures=c.measure_id)
        )
        track(
            ParentsView,
            lambda v: Q(actions=v.action_id) if v.action_id else Q(weaknesses=v.weakness_id),
        )
        track(YouSaidWeDid, lambda entry: Q(pk=entry.comment.statement_id))
        for through in (Action.weaknesses.through, Action.measures.through):
            track_m2m(through, lambda obj: Q(pk=obj.statement_id))
