from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ..access import get_measure_for_recording, staff_only
from ..forms.measurement import MeasurementForm


@staff_only
@require_http_methods(["GET", "POST"])
def record_measurement(request, pk):
    measure = get_measure_for_recording(request, pk)
    form = MeasurementForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        measurement = form.save(commit=False)
        measurement.recorded_by = request.user
        measurement._history_user = request.user
        measurement.save()
        messages.success(
            request,
            f"Figure of {measure.format_value(measurement.value)} for "
            f"{measurement.measured_on:%-d %B %Y} recorded for {measure.reference}.",
        )
        return redirect("workspace:dashboard")
    recent = measure.measurements.order_by("-measured_on")[:10]
    return render(
        request,
        "workspace/measurement_form.html",
        {"measure": measure, "form": form, "recent": recent},
    )
