"""Form pieces every app shares."""

from django import forms


class DateInput(forms.DateInput):
    """A dd/mm/yyyy text box: the format officers write, on every browser and phone."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


def date_widgets(*names):
    """``Meta.widgets`` entries for the named date fields of a ModelForm."""
    return {name: DateInput() for name in names}
