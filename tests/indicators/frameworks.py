"""Indicator frameworks as plain objects, for testing the scoring arithmetic without a database.

``score`` reads ``pk``, ``number``, ``cluster``, ``name``, ``max_points`` and
``items.all()`` of an indicator, and ``pk``, ``order``, ``text``, ``weight`` of
an item: these stand-ins have exactly that.
"""

import json
from decimal import Decimal
from itertools import count
from types import SimpleNamespace

from indicators import instrument
from indicators.catalogue import FRAMEWORKS


class Items(list):
    def all(self):
        return self


def indicator(pk, number, cluster, max_points, items):
    """``items``: (item_pk, weight) pairs, ordered as given."""
    return SimpleNamespace(
        pk=pk,
        number=number,
        cluster=cluster,
        name=f"Indikator {number}",
        max_points=Decimal(max_points),
        items=Items(
            SimpleNamespace(
                pk=item_pk,
                order=order,
                code="",
                text=f"Butir {item_pk}",
                kind="graded",
                weight=Decimal(w),
                max_points=None,
            )
            for order, (item_pk, w) in enumerate(items, start=1)
        ),
    )


def shipped_framework():
    """The shipped Perpres 25/2021 framework, with made-up ids (items 1..n in order)."""
    data = json.loads(FRAMEWORKS[0].read_text(encoding="utf-8"))
    ids = count(1)
    return [
        indicator(
            pk=entry["number"],
            number=entry["number"],
            cluster=entry["cluster"],
            max_points=entry["max_points"],
            items=[(next(ids), item["weight"]) for item in entry["items"]],
        )
        for entry in data["indicators"]
    ]


def item_ids(indicators):
    return [item.pk for ind in indicators for item in ind.items.all()]


def shipped_instrument():
    """The shipped 2024 instrument as stand-ins, and ``{full code: item pk}`` ("21A.4b": 187)."""
    data = json.loads(instrument.SHIPPED.read_text(encoding="utf-8"))
    ids = count(1)
    indicators, codes = [], {}
    number = count(1)
    for group in data["groups"]:
        for entry in group["indicators"]:
            items = Items()
            for order, question in enumerate(entry["questions"], start=1):
                pk = next(ids)
                codes[f"{entry['code']}.{question['code']}"] = pk
                items.append(
                    SimpleNamespace(
                        pk=pk,
                        order=order,
                        code=question["code"],
                        text=question["summary"],
                        kind=question["kind"],
                        weight=Decimal(1),
                        max_points=Decimal(str(question["max_points"])),
                    )
                )
            position = next(number)
            indicators.append(
                SimpleNamespace(
                    pk=position,
                    number=position,
                    code=entry["code"],
                    cluster=instrument.GROUP_CODES.get(group["code"], group["code"]),
                    name=entry["name"],
                    max_points=Decimal(str(entry["max_points"])),
                    items=items,
                )
            )
    return indicators, codes
