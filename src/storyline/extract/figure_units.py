"""The fixed vocabularies of figures: units, currency signs and qualifiers.

Units are normalised to short codes ("km", "USD", "%", "hour") and each code
belongs to a dimension with a factor to that dimension's base unit, so that
"7,000 kilometres" and "4,300 miles" can be compared. Currencies share a
dimension but no factors: exchange rates change, so they are never converted.
"""

from __future__ import annotations

from typing import Final

# -- units --------------------------------------------------------------------
# Each unit code with the word forms that name it (lower case, split on spaces).
_UNIT_FORMS: Final[dict[str, tuple[str, ...]]] = {
    # length
    "km": ("km", "kms", "kilometre", "kilometres", "kilometer", "kilometers"),
    "mi": ("mile", "miles", "mi"),
    "nmi": ("nautical mile", "nautical miles"),
    "m": ("metre", "metres", "meter", "meters"),
    "ft": ("foot", "feet", "ft"),
    # area
    "km2": (
        "square km",
        "square kms",
        "square kilometre",
        "square kilometres",
        "square kilometer",
        "square kilometers",
        "sq km",
        "sq . km",
        "km²",
    ),
    "mi2": ("square mile", "square miles", "sq mi", "sq miles"),
    "ha": ("hectare", "hectares", "ha"),
    "acre": ("acre", "acres"),
    # mass ("pounds" is money unless "of" follows: see the scanner)
    "t": ("tonne", "tonnes", "ton", "tons", "metric ton", "metric tons"),
    "kg": ("kilogram", "kilograms", "kg", "kilo", "kilos"),
    # time
    "second": ("second", "seconds", "sec", "secs"),
    "minute": ("minute", "minutes", "min", "mins"),
    "hour": ("hour", "hours", "hr", "hrs"),
    "day": ("day", "days"),
    "week": ("week", "weeks"),
    "month": ("month", "months"),
    "year": ("year", "years", "yr", "yrs"),
    "decade": ("decade", "decades"),
    "century": ("century", "centuries"),
    # speed
    "km/h": ("km / h", "kph", "kilometres per hour", "kilometers per hour"),
    "mph": ("mph", "miles per hour"),
    "knot": ("knot", "knots"),
    # shares
    "%": ("%", "percent", "per cent", "pct"),
    "pp": ("percentage point", "percentage points"),
    # money written as words after the number
    "USD": ("dollar", "dollars", "us dollars", "usd"),
    "EUR": ("euro", "euros", "eur"),
    "GBP": ("pound", "pounds", "pounds sterling", "sterling", "gbp"),
    "JPY": ("yen", "jpy"),
    "CNY": ("yuan", "renminbi", "cny"),
    "RUB": ("rouble", "roubles", "ruble", "rubles", "rub"),
    "UAH": ("hryvnia", "hryvnias", "uah"),
    "INR": ("rupee", "rupees", "inr"),
    "CHF": ("swiss franc", "swiss francs", "chf"),
    # earthquakes
    "magnitude": ("magnitude",),
}

UNIT_PHRASES: Final[dict[tuple[str, ...], str]] = {
    tuple(form.split()): code for code, forms in _UNIT_FORMS.items() for form in forms
}
LONGEST_UNIT = max(len(words) for words in UNIT_PHRASES)

# Words that only mean a unit when written right after a number: "2.6 million euros"
# but never "the euro zone" (the scanner only looks for units after numbers anyway).
TIME_UNITS: Final = frozenset(
    ("second", "minute", "hour", "day", "week", "month", "year", "decade", "century")
)

CURRENCY_SIGNS: Final[dict[str, str]] = {
    "$": "USD",
    "us$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₽": "RUB",
    "₴": "UAH",
    "a$": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "hk$": "HKD",
    "nz$": "NZD",
}
# ISO codes written before the number ("EUR 200 million"); upper case only.
CURRENCY_CODES: Final = frozenset(("USD", "EUR", "GBP", "JPY", "CNY", "RUB", "UAH", "INR", "CHF"))

CURRENCIES: Final = frozenset(
    ("USD", "EUR", "GBP", "JPY", "CNY", "RUB", "UAH", "INR", "CHF", "AUD", "CAD", "HKD", "NZD")
)

# Dimension and factor to the dimension's base unit (km, km2, t, hour, km/h).
_DIMENSIONS: Final[dict[str, tuple[str, float]]] = {
    "km": ("length", 1.0),
    "mi": ("length", 1.609344),
    "nmi": ("length", 1.852),
    "m": ("length", 1e-3),
    "ft": ("length", 3.048e-4),
    "km2": ("area", 1.0),
    "mi2": ("area", 2.589988),
    "ha": ("area", 0.01),
    "acre": ("area", 4.046856e-3),
    "t": ("mass", 1.0),
    "kg": ("mass", 1e-3),
    "lb": ("mass", 4.535924e-4),
    "second": ("time", 1 / 3600),
    "minute": ("time", 1 / 60),
    "hour": ("time", 1.0),
    "day": ("time", 24.0),
    "week": ("time", 168.0),
    "month": ("time", 730.5),
    "year": ("time", 8766.0),
    "decade": ("time", 87660.0),
    "century": ("time", 876600.0),
    "km/h": ("speed", 1.0),
    "mph": ("speed", 1.609344),
    "knot": ("speed", 1.852),
    "%": ("share", 1.0),
    "pp": ("points", 1.0),
    "age": ("age", 1.0),
    "magnitude": ("magnitude", 1.0),
}


def dimension(unit: str) -> tuple[str, float | None]:
    """The dimension of ``unit`` and its factor to the base unit (None for money)."""
    if unit in CURRENCIES:
        return "money", None
    return _DIMENSIONS.get(unit, (unit, 1.0))


# -- qualifiers ---------------------------------------------------------------
MORE_THAN = "more than"
AT_LEAST = "at least"
ALMOST = "almost"
ABOUT = "about"
UP_TO = "up to"
LESS_THAN = "less than"
JUST_OVER = "just over"
JUST_UNDER = "just under"

_QUALIFIER_FORMS: Final[dict[str, tuple[str, ...]]] = {
    MORE_THAN: (
        "more than",
        "over",
        "in excess of",
        "upwards of",
        "above",
        "greater than",
        "exceeding",
    ),
    AT_LEAST: ("at least", "no fewer than", "no less than", "not less than", "a minimum of"),
    ALMOST: ("almost", "nearly", "close to", "approaching", "nearing", "all but"),
    ABOUT: (
        "about",
        "around",
        "roughly",
        "some",
        "approximately",
        "an estimated",
        "estimated",
        "circa",
        "barely",
        "an approximate",
        "approx",
    ),
    UP_TO: ("up to", "as many as", "as much as", "a maximum of", "at most", "no more than"),
    LESS_THAN: ("less than", "under", "fewer than", "below", "lower than"),
    JUST_OVER: (
        "just over",
        "a little over",
        "a little more than",
        "slightly more than",
        "just more than",
        "slightly over",
        "just above",
        "a bit more than",
        "a bit over",
    ),
    JUST_UNDER: (
        "just under",
        "a little under",
        "a little less than",
        "slightly less than",
        "just less than",
        "slightly under",
        "just below",
        "just shy of",
        "a bit less than",
        "a bit under",
        "just fewer than",
    ),
}

QUALIFIER_PHRASES: Final[dict[tuple[str, ...], str]] = {
    tuple(form.split()): norm for norm, forms in _QUALIFIER_FORMS.items() for form in forms
}
LONGEST_QUALIFIER = max(len(words) for words in QUALIFIER_PHRASES)

# Qualifiers written after the number: "40 or more", "an hour or so", "40-plus".
POST_QUALIFIERS: Final[dict[tuple[str, ...], str]] = {
    ("or", "more"): AT_LEAST,
    ("or", "so"): ABOUT,
    ("plus",): MORE_THAN,
    ("or", "less"): UP_TO,
    ("or", "fewer"): UP_TO,
}

QUALIFIERS: Final = frozenset(_QUALIFIER_FORMS)
