"""Who may do what to the plan, as object rules checked with `user.has_perm(perm, obj)`.

Roles are Django groups (made by a data migration) carrying model permissions;
the predicates here ask for those permissions, never for a group's name.
"""

import rules


def has_model_perm(perm):
    @rules.predicate(name=f"has {perm}")
    def predicate(user):
        return user.is_active and user.has_perm(perm)

    return predicate


is_programme_manager = has_model_perm("workstreams.manage_plan")
can_record_measurements = has_model_perm("workstreams.record_measurement")
can_read_internal = has_model_perm("actions.view_internal")


@rules.predicate
def owns_measure(user, measure):
    return measure is not None and measure.owner is not None and measure.owner.user_id == user.pk


# Programme managers build, change, publish and archive the plan.
rules.add_perm("workstreams.manage_statement", is_programme_manager)
# Officers enter values for measures they own; programme managers for any.
rules.add_perm(
    "workstreams.record_measurement_for",
    is_programme_manager | (can_record_measurements & owns_measure),
)
# Officers and parent representatives read the whole statement, internal parts included.
rules.add_perm("workstreams.read_internal", can_read_internal)
