"""Model fields the council core shares with every app.

Free text has a maximum length that fits its use. Django's TextField takes a
max_length but only passes it to the form's widget; ``BoundedTextField`` makes it a
rule: the form field refuses longer text with a message, and so does full_clean().
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property

# How long free text may be, by what it is for.
NOTE = 1_000  # a remark, a reason, a note with a change of status
MOTIVATION = 4_000  # a motivation, an argument, a description, an aim, an assessment
REPORT = 20_000  # an introduction, a progress report, minutes of an agenda item
DOCUMENT = 50_000  # a news item, a statute article, a final report


class BoundedTextField(models.TextField):
    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)

    @cached_property
    def validators(self):
        return [*super().validators, MaxLengthValidator(self.max_length)]
