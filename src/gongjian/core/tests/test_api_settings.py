"""The API exception handler: Django's exceptions become 4xx answers with the field named, never a 500."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.http import Http404

from gongjian.core.api_settings import exception_handler


def test_validation_error_names_the_field_and_maps_non_field_errors():
    response = exception_handler(ValidationError({"percent": ["too high"], NON_FIELD_ERRORS: ["duplicate"]}), {})
    assert response.status_code == 400
    assert response.data == {"percent": ["too high"], "non_field_errors": ["duplicate"]}
    response = exception_handler(ValidationError("plain message"), {})
    assert (response.status_code, response.data) == (400, {"non_field_errors": ["plain message"]})


def test_permission_not_found_and_protected_delete():
    assert exception_handler(PermissionDenied("secret reason"), {}).status_code == 403
    assert "secret reason" not in str(exception_handler(PermissionDenied("secret reason"), {}).data)
    assert exception_handler(Http404(), {}).status_code == 404
    assert exception_handler(ProtectedError("in use", set()), {}).status_code == 409
