"""The agency picker: checkboxes (usable without script, no Ctrl+click) that a static script
turns into a filterable, keyboard-friendly list with the chosen agencies shown first."""

from django import forms


class AgencyPicker(forms.CheckboxSelectMultiple):
    template_name = "office/widgets/agency_picker.html"

    def __init__(self, attrs=None, choices=(), search_text=None):
        super().__init__(attrs, choices)
        self.search_text = search_text or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["search"] = self.search_text.get(str(value), str(label))
        return option

    def optgroups(self, name, value, attrs=None):
        """The chosen agencies first (they are what the reader checks), the rest in order."""
        groups = super().optgroups(name, value, attrs)
        chosen = [g for g in groups if any(o["selected"] for o in g[1])]
        others = [g for g in groups if not any(o["selected"] for o in g[1])]
        return chosen + others
