"""Officers record figures for the measures they own, and correct figures already recorded.

Programme managers may do both for any measure (`workstreams.record_measurement_for`).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from workstreams.models import Measurement

from ..access import get_measure_for_recording, staff_only
from ..forms.measurement import MeasurementForm

# How many of the latest figures the record page lists, each with a link to correct it.
RECENT_FIGURES = 12


def _save(request, form):
    """Save the figure all or nothing; None (and the form says why) if it could not be."""
    measurement = form.instance
    if measurement.pk is None:
        measurement.recorded_by = request.user
    measurement._history_user = request.user
    try:
        return form.save()
    except ValidationError:
        return None


@staff_only
@require_http_methods(["GET", "POST"])
def record_measurement(request, pk):
    measure = get_measure_for_recording(request, pk)
    form = MeasurementForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        measurement = _save(request, form)
        if measurement is not None:
            messages.success(
                request,
                f"Figure of {measure.format_value(measurement.value)} for "
                f"{measurement.measured_on:%-d %B %Y} recorded for {measure.reference}.",
            )
            return redirect("workspace:dashboard")
    recent = measure.measurements.order_by("-measured_on")[:RECENT_FIGURES]
    return render(
        request,
        "workspace/measurement_form.html",
        {"measure": measure, "form": form, "recent": recent, "recent_count": RECENT_FIGURES},
    )


@staff_only
@require_http_methods(["GET", "POST"])
def change_measurement(request, pk):
    """Correct a figure: its date, value or note. The history keeps what it was."""
    measurement = get_object_or_404(Measurement.objects.select_related("recorded_by"), pk=pk)
    measure = get_measure_for_recording(request, measurement.measure_id)
    saved_on = measurement.measured_on  # the form changes the instance as it checks it
    form = MeasurementForm(request.POST or None, instance=measurement, measure=measure)
    if request.method == "POST" and form.is_valid():
        # An unchanged form saves nothing: no empty history entry, no "last updated" move.
        if not form.changes_figure():
            messages.info(
                request, f"The figure for {saved_on:%-d %B %Y} is unchanged: nothing was saved."
            )
            return redirect("workspace:record_measurement", pk=measure.pk)
        corrected = _save(request, form)
        if corrected is not None:
            messages.success(
                request,
                f"Figure for {corrected.measured_on:%-d %B %Y} corrected to "
                f"{measure.format_value(corrected.value)} for {measure.reference}.",
            )
            return redirect("workspace:record_measurement", pk=measure.pk)
    return render(
        request,
        "workspace/measurement_change.html",
        {"measure": measure, "form": form, "measurement": measurement, "saved_on": saved_on},
    )
