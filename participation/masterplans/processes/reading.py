"""Reading a parsed template file into a ``ProcessTemplate``: every key known, every required
key there, every value of its type, each problem named with the place it was found."""

from __future__ import annotations

from datetime import date
from typing import Any

from participation.forms import plain_text
from participation.i18n import gettext
from participation.masterplans.processes.document import (
    FORMAT,
    MAX_FIELDS,
    VERSION,
    FieldSpec,
    PeriodSpec,
    ProcessTemplate,
    TemplateRefused,
    parse,
)

MAX_PROBLEMS = 10  # more would bury the first; they are usually one mistake repeated

TOP = ("format", "version", "masterplan", "phases", "settings", "fields_of_action")
MASTERPLAN = ("slug", "title", "summary", "lead_department")
PERIOD = ("phase", "starts_on", "ends_on")
SETTINGS = ("premoderated_groups", "report_threshold", "ranking_weights")
FIELD = ("slug", "title", "description")


class Reader:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def template(self, value: Any) -> ProcessTemplate:
        top = self._object(value, "", TOP)
        if top is None:
            raise TemplateRefused(self.problems)
        if top.get("format") != FORMAT:
            message = gettext("The file is not a process template: “format” is not “%(format)s”.")
            raise TemplateRefused([message % {"format": FORMAT}])
        if top.get("version") != VERSION:
            message = gettext(
                "This template has version %(found)s; this platform reads version %(version)s."
            )
            raise TemplateRefused(
                [message % {"found": _shown(top.get("version")), "version": VERSION}]
            )
        masterplan = self._object(top.get("masterplan"), "masterplan", MASTERPLAN, ("phase",))
        settings = self._object(top.get("settings"), "settings", SETTINGS)
        periods = self._list(top.get("phases"), "phases")
        fields = self._list(top.get("fields_of_action"), "fields_of_action")
        read = ProcessTemplate(
            slug=self._text(masterplan, "masterplan", "slug"),
            title=self._text(masterplan, "masterplan", "title"),
            summary=self._text(masterplan, "masterplan", "summary"),
            lead_department=self._text(masterplan, "masterplan", "lead_department"),
            phase=self._optional_text(masterplan, "masterplan", "phase"),
            phases=[self._period(item, f"phases[{i}]") for i, item in enumerate(periods)],
            premoderated_groups=self._texts(settings, "settings", "premoderated_groups"),
            report_threshold=self._whole(settings, "settings", "report_threshold"),
            ranking_weights=self._weights(settings, "settings", "ranking_weights"),
            fields=[self._field(item, f"fields_of_action[{i}]") for i, item in enumerate(fields)],
        )
        if len(fields) > MAX_FIELDS:
            self._problem("fields_of_action", gettext("at most %(max)s fields of action"), None)
        if self.problems:
            raise TemplateRefused(self.problems[:MAX_PROBLEMS])
        return read

    # Parts ---------------------------------------------------------------------------------

    def _period(self, value: Any, path: str) -> PeriodSpec:
        item = self._object(value, path, PERIOD, ("auto_switch",))
        return PeriodSpec(
            phase=self._text(item, path, "phase"),
            starts_on=self._date(item, path, "starts_on"),
            ends_on=self._date(item, path, "ends_on"),
            auto_switch=self._flag(item, path, "auto_switch", default=False),
        )

    def _field(self, value: Any, path: str) -> FieldSpec:
        item = self._object(value, path, FIELD)
        return FieldSpec(
            slug=self._text(item, path, "slug"),
            title=self._text(item, path, "title"),
            description=self._text(item, path, "description"),
        )

    # Values --------------------------------------------------------------------------------

    def _object(
        self, value: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self._problem(path, gettext("an object { … }"), value)
            return None
        for key in value:
            if key not in required and key not in optional:
                self.problems.append(
                    gettext("Unknown key “%(key)s” in %(place)s.")
                    % {"key": _joined(path, str(key)), "place": path or gettext("the file")}
                )
        for key in required:
            if key not in value:
                self.problems.append(gettext("“%(key)s” is missing.") % {"key": _joined(path, key)})
        return value

    def _list(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            self._problem(path, gettext("a list [ … ]"), value)
            return []
        return value

    def _text(self, item: dict[str, Any] | None, path: str, key: str) -> str:
        value = item.get(key) if item else None
        if item and key in item and not isinstance(value, str):
            self._problem(_joined(path, key), gettext("text"), value)
        # Without NUL (PostgreSQL refuses it) and bidirectional controls (forms.plain_text).
        return plain_text(value) if isinstance(value, str) else ""

    def _texts(self, item: dict[str, Any] | None, path: str, key: str) -> list[str]:
        value = item.get(key) if item else None
        if (
            item
            and key in item
            and not (isinstance(value, list) and all(isinstance(v, str) for v in value))
        ):
            self._problem(_joined(path, key), gettext("a list of texts"), value)
            return []
        return [plain_text(v) for v in value] if isinstance(value, list) else []

    def _whole(self, item: dict[str, Any] | None, path: str, key: str) -> int:
        value = item.get(key) if item else None
        if item and key in item and (isinstance(value, bool) or not isinstance(value, int)):
            self._problem(_joined(path, key), gettext("a whole number"), value)
            return 0
        return value if isinstance(value, int) else 0

    def _optional_text(self, item: dict[str, Any] | None, path: str, key: str) -> str | None:
        return self._text(item, path, key) if item and key in item else None

    def _flag(self, item: dict[str, Any] | None, path: str, key: str, *, default: bool) -> bool:
        if not item or key not in item:
            return default
        value = item[key]
        if not isinstance(value, bool):
            self._problem(_joined(path, key), gettext("true or false"), value)
            return False
        return value

    def _date(self, item: dict[str, Any] | None, path: str, key: str) -> date | None:
        value = item.get(key) if item else None
        if value is None:
            return None
        try:
            if isinstance(value, str) and len(value) == 10:
                return date.fromisoformat(value)
        except ValueError:
            pass
        self._problem(_joined(path, key), gettext("a date like 2027-01-31, or null"), value)
        return None

    def _weights(self, item: dict[str, Any] | None, path: str, key: str) -> dict[str, float] | None:
        value = item.get(key) if item else None
        if value is None:
            return None
        if not isinstance(value, dict) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in value.values()
        ):
            self._problem(_joined(path, key), gettext("an object of numbers, or null"), value)
            return None
        return {str(k): float(v) for k, v in value.items()}

    def _problem(self, path: str, expected: str, value: Any) -> None:
        self.problems.append(
            gettext("%(key)s must be %(expected)s, not %(found)s.")
            % {"key": path or gettext("The file"), "expected": expected, "found": _shown(value)}
        )


def _joined(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _shown(value: Any) -> str:
    """A value as a problem names it: short, in JSON's words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{ … }"
    if isinstance(value, list):
        return "[ … ]"
    text = str(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 40 else text[:39] + "…"


def read_file(raw: bytes) -> ProcessTemplate:
    """The template in a file's bytes, or TemplateRefused naming every problem."""
    return Reader().template(parse(raw))
