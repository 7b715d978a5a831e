from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Statement of action: actions and progress"

    def ready(self):
        from django.db.models import Q

        from workstreams.freshness import track, track_m2m

        from .models import Action, Comment, ProgressUpdate

        track(Action, lambda action: Q(pk=action.statement_id))
        for model in (ProgressUpdate, Comment):
            track(model, lambda obj: Q(actions=obj.action_id))
        for through in (Action.weaknesses.through, Action.measures.through):
            track_m2m(through, lambda obj: Q(pk=obj.statement_id))
