"""The #MeToo family of hashtags is never masked, in any language (issue 13)."""

from __future__ import annotations

import pytest

from safe_archive.core.scrub.known import ScrubInput
from safe_archive.core.scrub.policy import Policy, default_allow_list
from safe_archive.core.scrub.scrubber import Scrubber

FAMILY = ["#MeToo", "#YoTambién", "#MoiAussi", "#BalanceTonPorc", "#MeTooBrasil",
          "#PrimeiroAssedio", "#NonUnaDiMeno", "#BenDe", "#JaTeż", "#QuellaVoltaChe",
          "#WhyIDidntReport", "#IBelieveYou", "#TimesUp", "#NiUnaMenos", "#Cuéntalo",
          "#SendeAnlat", "#IkOok", "#Aufschrei", "#أنا_أيضا"]


def test_shipped_defaults_hold_the_family() -> None:
    allowed = {t.casefold() for t in default_allow_list()}
    assert {t.casefold() for t in FAMILY} <= allowed
    assert Policy().allow_list == default_allow_list()
    assert not any(t.startswith("# ") for t in default_allow_list())


@pytest.mark.parametrize("text", [
    "Nunca se lo conté a nadie. Leeros me da fuerza. {tag}",
    "{tag} J'avais 13 ans et personne ne m'a crue.",
    "Danke an alle, die ihre Geschichte teilen {tag} {tag}",
    "Miałam 13 lat. {tag}",
    "{tag}",
    "so proud of everyone speaking up {tag} #MeTooLeipzig",
])
@pytest.mark.parametrize("tag", FAMILY)
def test_family_never_masked(scrubber: Scrubber, text: str, tag: str) -> None:
    post = text.format(tag=tag)
    found = scrubber.scrub([ScrubInput(post)])[0]
    for f in found:
        assert "#" not in f.text, (post, f)


def test_user_can_remove_and_add(scrubber: Scrubber) -> None:
    post = "Ayer escribí #Cuéntalo por primera vez, gracias a Marisol Quintana"
    policy = Policy().disallowing("#Cuéntalo").disallowing("#Cuentalo")
    assert "#Cuéntalo" not in policy.allow_list
    with_own = Policy().allowing("#Quintana*")
    found = scrubber.scrub([ScrubInput("Ayer leí #QuintanaLibre y lloré")], policy=with_own)[0]
    assert not any("#" in f.text for f in found)
    assert Policy().allowing("#MeToo") == Policy()  # already there: no change
    assert any(f.text == "Marisol Quintana" for f in scrubber.scrub([ScrubInput(post)], policy=policy)[0])


def test_prefix_only_matches_whole_hashtags(scrubber: Scrubber) -> None:
    post = "#MeTooLeipzig and #metoo and MeToolbox"
    from safe_archive.core.scrub.batch import _allow_spans

    spans = [post[a:b] for a, b in _allow_spans(post, ("#MeToo*",))]
    assert spans == ["#MeTooLeipzig", "#metoo"]


@pytest.mark.parametrize("written", ["＃ＭｅＴｏｏ", "#Me_Too", "#YoTambien", "#yotambién",
                                     "#BALANCETONPORC", "#MeTooLeipzig"])
def test_family_written_otherwise_is_allowed(written: str) -> None:
    from safe_archive.core.scrub.batch import _allow_spans

    text = f"gracias a todas {written} de verdad"
    spans = [text[a:b] for a, b in _allow_spans(text, default_allow_list())]
    assert written in spans
