from tests.forms_app.conftest import theft_page  # noqa: F401 -- the fixture, shared
