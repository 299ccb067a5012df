"""The order field of a package's actions and of the criteria reads "Volgorde" in Dutch
and "Order" in English, not Django's "Position"."""

import pytest
from django.utils import translation

from actionpackages.forms import ActionForm
from projects.forms import CriterionFormSet


@pytest.mark.parametrize(("language", "label"), [("nl", "Volgorde"), ("en", "Order")])
def test_the_order_field_is_translated(db, language, label):
    with translation.override(language):
        assert str(ActionForm().fields["position"].label) == label
        assert str(CriterionFormSet().empty_form.fields["position"].label) == label
