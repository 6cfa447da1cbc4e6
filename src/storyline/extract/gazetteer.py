"""Small word lists the entity layer trusts more than the statistical model.

The small spaCy model is fast but guesses: it tags "Kyiv" as a person and a
capitalised dateline as an organisation. A short list of well-known places,
the adjectives formed from them, and the words that make up job titles is
enough to correct the errors that matter in news copy. The lists are facts
about the world (country and city names), not examples from our test texts;
transliteration variants ("Turkiye", "Zelenskyy") are matched by rule in
:mod:`storyline.extract.resolve`, not listed here.

Every key is casefolded and stripped of accents (see :func:`fold`).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Casefolded text without accents or curly apostrophes: "Türkiye" -> "turkiye"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _words(block: str) -> frozenset[str]:
    return frozenset(fold(w) for w in block.split("|") if w.strip())


_COUNTRIES = _words(
    "Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|"
    "Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|"
    "Bolivia|Bosnia|Bosnia and Herzegovina|Botswana|Brazil|Brunei|Bulgaria|Burkina Faso|"
    "Burundi|Cambodia|Cameroon|Canada|Chad|Chile|China|Colombia|Comoros|Congo|Costa Rica|"
    "Croatia|Cuba|Cyprus|Czech Republic|Czechia|Denmark|Djibouti|Dominica|"
    "Dominican Republic|Ecuador|Egypt|El Salvador|Eritrea|Estonia|Eswatini|Ethiopia|Fiji|"
    "Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece|Grenada|Guatemala|Guinea|"
    "Guyana|Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|"
    "Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|"
    "Lebanon|Lesotho|Liberia|Libya|Liechtenstein|Lithuania|Luxembourg|Madagascar|Malawi|"
    "Malaysia|Maldives|Mali|Malta|Mauritania|Mauritius|Mexico|Moldova|Monaco|Mongolia|"
    "Montenegro|Morocco|Mozambique|Myanmar|Namibia|Nepal|Netherlands|New Zealand|Nicaragua|"
    "Niger|Nigeria|North Korea|North Macedonia|Norway|Oman|Pakistan|Palestine|Panama|"
    "Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|"
    "Saudi Arabia|Senegal|Serbia|Sierra Leone|Singapore|Slovakia|Slovenia|Somalia|"
    "South Africa|South Korea|South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|"
    "Syria|Taiwan|Tajikistan|Tanzania|Thailand|Togo|Tunisia|Turkey|Turkmenistan|Uganda|"
    "Ukraine|United Arab Emirates|United Kingdom|United States|Uruguay|Uzbekistan|Venezuela|"
    "Vietnam|Yemen|Zambia|Zimbabwe|US|U.S.|USA|U.S.A.|UK|U.K.|Britain|Great Britain|England|"
    "Scotland|Wales|Northern Ireland|the United States|the United Kingdom|the Netherlands|"
    "Vatican|Gaza|West Bank|Crimea|Donbas|Donbass|Chechnya|Kurdistan|Greenland|Hong Kong"
)

_CITIES = _words(
    "Abu Dhabi|Accra|Addis Ababa|Aleppo|Algiers|Amman|Amsterdam|Ankara|Athens|Baghdad|Baku|"
    "Bangkok|Beijing|Beirut|Belgrade|Berlin|Bern|Bogota|Brasilia|Bratislava|Brussels|"
    "Bucharest|Budapest|Buenos Aires|Cairo|Canberra|Cape Town|Caracas|Chicago|Chisinau|"
    "Copenhagen|Damascus|Davos|Delhi|New Delhi|Dhaka|Doha|Dubai|Dublin|Geneva|Hanoi|Havana|"
    "Helsinki|Islamabad|Istanbul|Jakarta|Jerusalem|Johannesburg|Kabul|Karachi|Kharkiv|"
    "Kherson|Kyiv|Kiev|Lagos|Lisbon|Ljubljana|London|Los Angeles|Luxembourg|Lviv|Madrid|"
    "Manila|Mariupol|Mexico City|Minsk|Mogadishu|Moscow|Mumbai|Munich|Nairobi|New York|"
    "Odesa|Odessa|Oslo|Ottawa|Paris|Prague|Pyongyang|Rabat|Riga|Riyadh|Rome|Sarajevo|Seoul|"
    "Shanghai|Sofia|St Petersburg|St. Petersburg|Stockholm|Sydney|Taipei|Tallinn|Tashkent|"
    "Tbilisi|Tehran|Tel Aviv|Tokyo|Toronto|Tripoli|Tunis|Vienna|Vilnius|Warsaw|Washington|"
    "Yerevan|Zagreb|Zaporizhzhia|Dnipro|Donetsk|Luhansk|Bakhmut|Avdiivka|Sevastopol|"
    "Belgorod|Kursk|Rostov|Sumy|Chernihiv|Mykolaiv|Zaporizhia|Gdansk|Krakow|Hamburg|Milan|"
    "Naples|Barcelona|Marseille|Lyon|Frankfurt|Zurich|Antalya|Izmir|Alexandria|Basra|Mosul|"
    "San Francisco|Boston|Seattle|Miami|Houston|Dallas|Atlanta|Beirut|Ramallah|Rafah|"
    "Khan Younis|Haifa|Sanaa|Aden|Kandahar|Lahore|Kolkata|Chennai|Bangalore|Osaka|Busan|"
    "Hong Kong|Singapore|Macau|Ho Chi Minh City|Kuala Lumpur|Montreal|Vancouver|Melbourne|"
    "Auckland|Lima|Santiago|Quito|Montevideo|Sao Paulo|Rio de Janeiro"
)

# Regions, seas, straits and other places the model often mistakes for people.
_REGIONS = _words(
    "Europe|Asia|Africa|North America|South America|Latin America|Middle East|Far East|"
    "Arctic|Antarctica|Siberia|Caucasus|Balkans|Baltic|Baltics|Scandinavia|Sahel|"
    "Black Sea|Baltic Sea|Mediterranean|Red Sea|Caspian Sea|Sea of Azov|Persian Gulf|"
    "Gulf of Aden|Strait of Hormuz|Bosphorus|Bosporus|Dardanelles|Suez Canal|"
    "Panama Canal|Pacific|Atlantic|Indian Ocean|Nile|Danube|Dnipro River|Dnieper|Volga|"
    "Himalayas|Alps|Urals|Kashmir|Tigray|Darfur|Xinjiang|Tibet|Sinai|Golan Heights|"
    "California|Texas|Florida|Ohio|New York State|Alaska|Hawaii|Bavaria|Catalonia|"
    "Kherson region|Kursk region|Zaporizhzhia region|Donetsk region"
)

PLACES: frozenset[str] = _COUNTRIES | _CITIES | _REGIONS

# Adjectives of nationality, mapped to the country they name. Used to drop
# adjectives the model labels as places ("Ukrainian") and to compare roles
# ("the Ukrainian president" and "Ukraine's President" name one office).
DEMONYMS: dict[str, str] = {
    fold(adjective): fold(country)
    for adjective, country in (
        pair.split(":")
        for pair in (
            "American:United States|Afghan:Afghanistan|Armenian:Armenia|"
            "Australian:Australia|Austrian:Austria|Azerbaijani:Azerbaijan|Belarusian:Belarus|"
            "Belgian:Belgium|Brazilian:Brazil|British:United Kingdom|Bulgarian:Bulgaria|"
            "Canadian:Canada|Chinese:China|Croatian:Croatia|Czech:Czech Republic|Danish:Denmark|"
            "Dutch:Netherlands|Egyptian:Egypt|Emirati:United Arab Emirates|English:England|"
            "Estonian:Estonia|Ethiopian:Ethiopia|European:Europe|Finnish:Finland|French:France|"
            "Georgian:Georgia|German:Germany|Greek:Greece|Hungarian:Hungary|Indian:India|"
            "Indonesian:Indonesia|Iranian:Iran|Iraqi:Iraq|Irish:Ireland|Israeli:Israel|"
            "Italian:Italy|Japanese:Japan|Jordanian:Jordan|Kazakh:Kazakhstan|Kenyan:Kenya|"
            "Korean:Korea|Kuwaiti:Kuwait|Latvian:Latvia|Lebanese:Lebanon|Libyan:Libya|"
            "Lithuanian:Lithuania|Mexican:Mexico|Moldovan:Moldova|Nigerian:Nigeria|"
            "Norwegian:Norway|Pakistani:Pakistan|Palestinian:Palestine|Polish:Poland|"
            "Portuguese:Portugal|Qatari:Qatar|Romanian:Romania|Russian:Russia|Saudi:Saudi Arabia|"
            "Scottish:Scotland|Serbian:Serbia|Slovak:Slovakia|Slovenian:Slovenia|"
            "South African:South Africa|Spanish:Spain|Swedish:Sweden|Swiss:Switzerland|"
            "Syrian:Syria|Taiwanese:Taiwan|Thai:Thailand|Turkish:Turkey|Ukrainian:Ukraine|"
            "Venezuelan:Venezuela|Vietnamese:Vietnam|Yemeni:Yemen|Welsh:Wales|"
            "Nordic:Scandinavia|Arab:Arab world|Asian:Asia|African:Africa|Siberian:Siberia|"
            "Ukrainians:Ukraine|Russians:Russia|Americans:United States|Israelis:Israel|"
            "Palestinians:Palestine|Europeans:Europe|Turkmen:Turkmenistan|"
            "Uzbek:Uzbekistan|Tajik:Tajikistan|Kyrgyz:Kyrgyzstan|Afghani:Afghanistan|"
            "Somali:Somalia|Sudanese:Sudan|Eritrean:Eritrea|Ghanaian:Ghana|"
            "Senegalese:Senegal|Congolese:Congo|Rwandan:Rwanda|Ugandan:Uganda|"
            "Tanzanian:Tanzania|Zimbabwean:Zimbabwe|Zambian:Zambia|Angolan:Angola|"
            "Mozambican:Mozambique|Moroccan:Morocco|Algerian:Algeria|Tunisian:Tunisia|"
            "Malian:Mali|Nigerien:Niger|Chadian:Chad|Cameroonian:Cameroon|Haitian:Haiti|"
            "Cuban:Cuba|Jamaican:Jamaica|Colombian:Colombia|Peruvian:Peru|Chilean:Chile|"
            "Argentine:Argentina|Argentinian:Argentina|Bolivian:Bolivia|"
            "Ecuadorian:Ecuador|Uruguayan:Uruguay|Paraguayan:Paraguay|"
            "Guatemalan:Guatemala|Honduran:Honduras|Salvadoran:El Salvador|"
            "Nicaraguan:Nicaragua|Panamanian:Panama|Costa Rican:Costa Rica|"
            "Dominican:Dominican Republic|Puerto Rican:Puerto Rico|Filipino:Philippines|"
            "Malaysian:Malaysia|Singaporean:Singapore|Burmese:Myanmar|Cambodian:Cambodia|"
            "Laotian:Laos|Nepali:Nepal|Nepalese:Nepal|Bangladeshi:Bangladesh|"
            "Sri Lankan:Sri Lanka|Mongolian:Mongolia|Tibetan:Tibet|Kurdish:Kurdistan|"
            "Kurd:Kurdistan|Icelandic:Iceland|Maltese:Malta|Cypriot:Cyprus|"
            "Albanian:Albania|Bosnian:Bosnia|Macedonian:North Macedonia|"
            "Montenegrin:Montenegro|Kosovar:Kosovo|Luxembourgish:Luxembourg|"
            "Armenians:Armenia|New Zealander:New Zealand|"
            "Aussie:Australia|Briton:United Kingdom|Scot:Scotland|Scots:Scotland|"
            "Welshman:Wales|Englishman:England|Irishman:Ireland|Scotsman:Scotland|"
            "Greenlandic:Greenland|Chechen:Chechnya|Crimean:Crimea|Gazan:Gaza|"
            "Hispanic:Latin America|Latino:Latin America|Latina:Latin America|"
            "Persian:Iran|"
            "Flemish:Belgium|Walloon:Belgium|Catalan:Catalonia|Basque:Spain|"
            "Bavarian:Bavaria|Texan:Texas|Californian:California|Floridian:Florida|"
            "Alaskan:Alaska|Hawaiian:Hawaii"
        ).split("|")
    )
}

# The fifty US states, their postal codes and the abbreviations newspapers write after
# a town ("Woodburn, Ore."), folded and without spaces ("n.y." for "N. Y.").
_STATE_PAIRS = (
    "Alabama:Ala.|Alaska:AK|Arizona:Ariz.|Arkansas:Ark.|California:Calif.|Colorado:Colo.|"
    "Connecticut:Conn.|Delaware:Del.|Florida:Fla.|Georgia:Ga.|Hawaii:HI|Idaho:ID|"
    "Illinois:Ill.|Indiana:Ind.|Iowa:IA|Kansas:Kan.|Kentucky:Ky.|Louisiana:La.|Maine:ME|"
    "Maryland:Md.|Massachusetts:Mass.|Michigan:Mich.|Minnesota:Minn.|Mississippi:Miss.|"
    "Missouri:Mo.|Montana:Mont.|Nebraska:Neb.|Nevada:Nev.|New Hampshire:N.H.|"
    "New Jersey:N.J.|New Mexico:N.M.|New York:N.Y.|North Carolina:N.C.|North Dakota:N.D.|"
    "Ohio:OH|Oklahoma:Okla.|Oregon:Ore.|Pennsylvania:Pa.|Rhode Island:R.I.|"
    "South Carolina:S.C.|South Dakota:S.D.|Tennessee:Tenn.|Texas:Tex.|Utah:UT|Vermont:Vt.|"
    "Virginia:Va.|Washington:Wash.|West Virginia:W.Va.|Wisconsin:Wis.|Wyoming:Wyo."
)
_POSTAL = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|"
    "NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|D.C.|DC"
)
US_STATES: frozenset[str] = frozenset(
    key
    for pair in _STATE_PAIRS.split("|")
    for name in pair.split(":")
    for key in (fold(name).replace(" ", ""), fold(name).replace(" ", "").rstrip("."))
) | frozenset(fold(code) for code in _POSTAL.split("|"))

# Short names of countries used in titles ("US President", "UK Prime Minister").
COUNTRY_ALIASES: dict[str, str] = {
    "us": "united states",
    "u.s.": "united states",
    "usa": "united states",
    "u.s.a.": "united states",
    "the united states": "united states",
    "america": "united states",
    "uk": "united kingdom",
    "u.k.": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "the united kingdom": "united kingdom",
    "the netherlands": "netherlands",
}

# Words that make up a person's title or office. A name preceded by a run of
# these ("Defence Minister Rustem Umerov") carries that run as its role.
TITLE_HEADS: frozenset[str] = _words(
    "president|minister|secretary|chancellor|premier|prime minister|king|queen|prince|"
    "princess|pope|emperor|governor|mayor|senator|congressman|congresswoman|"
    "representative|ambassador|envoy|spokesman|spokeswoman|spokesperson|chief|head|"
    "leader|commander|general|admiral|colonel|major|captain|lieutenant|sergeant|marshal|"
    "director|chairman|chairwoman|chair|ceo|cfo|founder|executive|officer|judge|justice|"
    "prosecutor|attorney|lawyer|professor|dr|dr.|mr|mr.|mrs|mrs.|ms|ms.|miss|sir|dame|lord|"
    "lady|aide|adviser|advisor|negotiator|diplomat|deputy|official|analyst|economist|"
    "researcher|coach|manager|owner|editor|correspondent|reporter|patriarch|bishop|"
    "archbishop|cardinal|rabbi|imam|sheikh|crown prince|vice|secretary-general|"
    "president-elect|candidate|lawmaker|mp|speaker|dictator|tsar|czar|militant|commissioner|"
    # Police and fire ranks, written before names in local news ("Trooper William Hakim").
    "sheriff|constable|trooper|inspector|insp|insp.|detective|det|det.|sgt|sgt.|supt|supt.|"
    "superintendent|corporal|cpl|cpl.|patrolman|firefighter"
)

# What people do, written before their names like a title ("comedian Ellen DeGeneres",
# "Hollywood actor Tom Hanks"): a role, never part of the name. Kept apart from the
# titles because an office alone ("the Ukrainian president") may stand for its holder
# and an occupation may not.
OCCUPATIONS: frozenset[str] = _words(
    "actor|actress|comedian|comedienne|singer|rapper|musician|songwriter|writer|author|"
    "novelist|poet|artist|painter|photographer|filmmaker|producer|designer|architect|"
    "chef|journalist|columnist|historian|scientist|physicist|astronaut|pilot|climber|"
    "mountaineer|quarterback|pitcher|striker|goalkeeper|midfielder|boxer|golfer|swimmer|"
    "cyclist|skier|athlete|player|businessman|businesswoman|entrepreneur|billionaire|"
    "tycoon|activist|campaigner|blogger|teammate|rookie|defenceman|defenseman|surgeon|"
    "neurosurgeon|doctor|nurse|teacher|headteacher|headmaster|headmistress|pensioner|"
    "schoolgirl|schoolboy|student|mum|dad|mother|father|grandmother|grandfather|widow|"
    "widower|wife|husband|girlfriend|boyfriend|fiancee|fiance"
)

# Words that qualify a title without being one: "Foreign" in "Foreign Minister".
TITLE_MODIFIERS: frozenset[str] = _words(
    "foreign|defence|defense|interior|finance|economy|economic|trade|justice|health|"
    "energy|education|culture|agriculture|transport|environment|home|state|security|"
    "intelligence|armed|forces|army|navy|air|force|military|national|federal|supreme|"
    "top|senior|former|acting|deputy|vice|prime|first|chief|general|executive|joint|"
    "staff|presidential|royal|grand|high|special|lead|principal|assistant|associate|"
    "of|the|for|and|affairs|ministry|office|cabinet|council|commission|european|"
    "un|nato|eu|opposition|party|regional|local|city|county|provincial|parliamentary|"
    "majority|minority|house|senate|white|kremlin|pentagon|emergency|digital|"
    "ukrainian|russian|turkish|american|us|u.s."
)

# Particles that sit inside surnames: "Ursula von der Leyen", "Ludwig van Beethoven".
NAME_PARTICLES: frozenset[str] = _words(
    "von|van|der|den|de|du|da|di|del|della|la|le|bin|ibn|al|el|ben|ter|ten|dos|das|zu"
)


# Family names written first in Korean and Chinese names ("Kim Jong Un", "Moon Jae-in",
# "Xi Jinping"): the commonest ones, by romanisation as the English press prints them.
EAST_ASIAN_SURNAMES: frozenset[str] = _words(
    "kim|lee|ri|yi|park|pak|choi|choe|jung|chung|jeong|kang|cho|jo|yoon|yun|jang|chang|lim|"
    "han|oh|seo|suh|shin|kwon|hwang|ahn|song|yoo|hong|jeon|ko|moon|roh|rhee|nam|baek|ban|"
    "xi|li|wang|zhang|liu|chen|yang|huang|zhao|wu|zhou|xu|sun|ma|zhu|hu|guo|he|lin|luo|"
    "gao|wen|jiang|deng|mao|hua|zeng|peng|cai|tang|feng|dong|xiao|cheng|cao|yuan|pan|du|"
    "ye|wei|lu|su|ding|shen|jin|fu|zheng"
)
# Generation suffixes that do not tell two people apart ("Robert S. Mueller III" is the
# Robert Mueller of the next sentence). "Jr." and "Sr." do: Donald Trump Jr. is his son.
NUMBERED_SUFFIXES: frozenset[str] = _words("ii|iii|iv")
# Letters written after a name for an office or honour ("George Carman QC", "Neil
# Hamilton MP"): the same person as the bare name.
POST_NOMINALS: frozenset[str] = _words("qc|kc|mp|mep|msp|obe|mbe|cbe|kbe|dbe|phd|esq")


def is_place(name: str) -> bool:
    """Whether ``name`` is a well-known country, city or region."""
    key = fold(name)
    return key in PLACES or key.removeprefix("the ") in PLACES


def is_country(name: str) -> bool:
    """Whether ``name`` is a country (in news, often a party to events, not their setting)."""
    key = fold(name)
    return key in _COUNTRIES or key.removeprefix("the ") in _COUNTRIES


# Peoples and faiths named without a country: "Sikh", "the Kurds", "Sunnis".
PEOPLES: frozenset[str] = _words(
    "sikh|muslim|christian|jew|jewish|hindu|buddhist|catholic|protestant|sunni|shia|shiite|"
    "alawite|druze|yazidi|pashtun|tamil|sinhalese|uighur|uyghur|rohingya|roma|bedouin|"
    "berber|tuareg|hutu|tutsi|maori|aboriginal|inuit|mormon|evangelical|orthodox"
)


def is_demonym(name: str) -> bool:
    """Whether ``name`` names a people ("Greeks", "the Americans", "Ukrainian", "Sikhs"),
    not a person: a demonym or a people's or faith's name, singular or plural."""
    key = fold(name).removeprefix("the ")
    return (
        key in DEMONYMS
        or key in PEOPLES
        or key.removesuffix("s") in PEOPLES
        or key.removesuffix("s") in DEMONYMS
        or (key.endswith("es") and key[:-2] in DEMONYMS)
    )


# Words that end a company's legal or long name and are dropped in its short one:
# "Apple Inc." and "Apple Computer" are Apple, "Kraft Foods" Kraft, "NPD Group" NPD.
# The legal forms among them, written after a company's name ("AirTanker Ltd."): a
# capitalised word before one is a company's name.
COMPANY_LEGAL_FORMS: frozenset[str] = _words("ltd|inc|corp|plc|llc|gmbh|ag|sa|nv|co|limited")
COMPANY_FORM_WORDS: frozenset[str] = COMPANY_LEGAL_FORMS | _words(
    "corporation|company|lp|se|incorporated|group|holdings|holding|computer|computers|"
    "motor|motors|airlines|airways|systems|technologies|technology|communications|"
    "industries|foods|pharmaceuticals|entertainment|enterprises|international|worldwide"
)

# Words that make a name a place by its shape: "Mount Sefton", "Lake Tahoe",
# "Rue de Castiglione"; "Banstead High Street", "Avenue Montaigne", "Hudson River".
PLACE_NAME_FIRST_WORDS: frozenset[str] = _words("mount|mt|mt.|lake|cape|rue|avenue|boulevard")
PLACE_NAME_LAST_WORDS: frozenset[str] = _words(
    "street|st.|road|rd.|avenue|ave.|boulevard|blvd.|lane|highway|freeway|motorway|river|"
    "mountain|mountains|valley|glacier|bay|peninsula|island|islands|beach|canyon|strait|"
    "square|creek|desert|volcano|ocean|sea|coast"
)

# Abbreviations in capitals that the model takes for organisations but name no one:
# time zones ("05:30 GMT") and drink-driving charges ("a DUI arrest").
NOT_NAMES: frozenset[str] = _words(
    "gmt|utc|bst|cet|cest|eet|eest|est|edt|cst|cdt|mst|mdt|pst|pdt|akst|hst|ist|jst|kst|"
    "aest|aedt|awst|nzst|nzdt|msk|wib|dui|dwi|owi|oui"
)

# Honorifics say how a name is addressed, not what its bearer does.
HONORIFICS: frozenset[str] = _words("mr|mr.|mrs|mrs.|ms|ms.|miss|dr|dr.|sir|madam|mx|mx.")


def country_of(word: str) -> str | None:
    """The country a demonym or short country name refers to: "Ukrainian" -> "ukraine"."""
    key = fold(word).removesuffix("'s")
    if key in DEMONYMS:
        return DEMONYMS[key]
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    if key in PLACES:
        return key.removeprefix("the ")
    return None
