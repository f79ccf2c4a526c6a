"""The public record's tests reuse the meetings tests' chair (seated by the board's seats)
and their SPB meeting with a confidential item whose every record carries a marker."""

from tests.meetings.conftest import chair  # noqa: F401 - fixture
from tests.meetings.test_pages import meeting  # noqa: F401 - fixture
from tests.meetings.test_publication import record  # noqa: F401 - fixture
