"""Programme managers build and change the plan here (names live in the workspace namespace)."""

urlpatterns = []
