"""The REST API under ``/api/v1/``: what the pages show, for scripts and other systems.

It reads every app, so it sits in the top layer. Each module is one part of the
portal (regions and scores, assessments, trainings, institutions, action plans,
agency answers) and asks the same ``visible_to`` / ``editable_by`` questions as
the pages, through the same access helpers and write functions: another district's
record is a 404, a read-only one a 403 on write.

A caller signs in with a personal token (``Authorization: Bearer kla_...``, made
on the token page) or with the browser's session (writes then need the CSRF token).
"""

from indicators.api.site import api

__all__ = ["api"]
