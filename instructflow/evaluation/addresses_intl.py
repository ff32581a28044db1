"""The ``addresses`` set of ``instructflow eval pii``: whole postal addresses of 16 countries in
the formats Faker's locales print them (street line, house number forms, postcode before or
after the town, region codes, countries), one or several lines or joined by commas, inside
English and Korean chat sentences. Full coverage is the measure: a town or postcode left behind
still narrows a person down.

Why a set of its own: the forms set is US/UK/Korean addresses written by our generator, and
presidio's corpus one generator's mix; a user's prompt carries the address of wherever they live.
Faker's address formats are its locales' own (not ours); the sentence templates here are written
for this set only, and the seed is not the one the address rules were developed on (session 15
developed them on Faker seed 7 with other templates; this set was scored after).
"""

from __future__ import annotations

import random

from instructflow.evaluation.pii import Sample, register_set

LOCALES = (
    "en_US", "en_GB", "en_AU", "en_CA", "de_DE", "fr_FR", "es_ES", "it_IT",
    "nl_NL", "pt_BR", "pl_PL", "sv_SE", "da_DK", "fi_FI", "cs_CZ", "hu_HU",
)  # fmt: skip
PER_LOCALE = 25
SEED = 4242

TEMPLATES = {
    "en": (
        "Can you check if this address is complete? {a}",
        "Return label should go to {a} — how do I print it?",
        "Forward my mail to\n{a}\nfrom next Monday.",
        "We are at {a}. Any good bakeries nearby?",
        "Update billing address: {a}",
        "{a}\nIs this the right format for an envelope?",
    ),
    "ko": (
        "이 주소로 택배 보내려면 얼마나 걸려? {a}",
        "호텔 주소가 {a} 인데 공항에서 어떻게 가?",
        "영문 주소 맞게 썼는지 봐줘:\n{a}",
        "{a} 근처 맛집 추천해줘",
    ),
}


def _joined(address: str, rnd: random.Random) -> str:
    """Faker's multi-line address as people also type it: one line, commas between the parts."""
    return address.replace("\n", ", ") if rnd.random() < 0.5 else address


@register_set(
    "addresses", "postal addresses of 16 countries (Faker's locale formats) in EN/KO chat sentences", ("LOCATION",)
)
def addresses_set() -> list[Sample]:
    from faker import Faker

    rnd = random.Random(SEED)
    out: list[Sample] = []
    for locale in LOCALES:
        fake = Faker(locale)
        fake.seed_instance(SEED)
        for _ in range(PER_LOCALE):
            lang = rnd.choice(("en", "en", "ko"))
            address = _joined(fake.address(), rnd)
            template = rnd.choice(TEMPLATES[lang])
            start = template.index("{a}")
            text = template.format(a=address)
            out.append(Sample(text, (("STREET_ADDRESS", start, start + len(address)),), lang=lang, form=locale))
    return out
