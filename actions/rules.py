"""Object rules for actions, progress and comments (see workstreams/rules.py)."""

import rules

from workstreams.rules import can_read_internal, has_model_perm, is_programme_manager

can_record_progress = has_model_perm("actions.record_progress")
can_comment = has_model_perm("actions.add_comment")
can_moderate = has_model_perm("actions.moderate_comment")


@rules.predicate
def owns_action(user, action):
    return action is not None and action.owner.user_id == user.pk


@rules.predicate
def leads_action_workstream(user, action):
    return action is not None and action.workstream.lead.user_id == user.pk


# An officer updates an action they own, or any action of a workstream they lead.
rules.add_perm(
    "actions.update_action",
    is_programme_manager | (can_record_progress & (owns_action | leads_action_workstream)),
)
rules.add_perm("actions.read_internal", can_read_internal)
rules.add_perm("actions.comment_on_action", can_comment)
rules.add_perm("actions.moderate_comments", can_moderate)
