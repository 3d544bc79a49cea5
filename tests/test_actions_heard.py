"""A parent's feelings and questions are heard (issue 28): actions/heard.py and the answer's reply."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.content import load_content
from actions.eigen_woorden import ActionEigenWoorden
from actions.heard import ActionGehoord, heard_content, heard_reply, help_offered
from actions.questions import ActionNaAntwoord
from actions.say import text_of
from addons.topic_words import own_words_content
from tests.action_helpers import button_payloads, run, slot_events, tracker

HEARD = heard_content()
FEELINGS = [intent for intent in HEARD if intent.startswith("gevoel_")]


def in_form(intent: str, form: str, **slots: Any) -> Tracker:
    state = tracker(intent=intent, text="iets", **slots)
    state.active_loop = {"name": form}
    return state


def texts(messages: list[dict[str, Any]]) -> list[str]:
    return [m.get("text") or "" for m in messages]


@pytest.mark.parametrize("intent", sorted(HEARD))
def test_no_reply_comes_twice_before_every_variant_was_said(intent: str) -> None:
    """An entry with `vervolg_teksten` says one of its texts first, then those (advice asked again)."""
    entry = HEARD[intent]
    later = entry.get("vervolg_teksten")
    pool = [*entry["teksten"], *(later or [])]
    said: list[str] = []
    replies = []
    for _ in range(1 + len(later) if later else len(entry["teksten"])):
        text, ids = heard_reply(intent, said) or ("", [])
        replies.append(text)
        said += ids
    firsts = [next(t for t in pool if reply.startswith(t)) for reply in replies]
    assert len(set(firsts)) == len(firsts)
    if later:
        assert firsts[0] in entry["teksten"] and sorted(firsts[1:]) == sorted(later)
    else:
        assert sorted(firsts) == sorted(entry["teksten"])


def test_advice_asked_again_in_the_talk_gets_no_second_disclaimer() -> None:
    first, events = run(ActionGehoord(), tracker(intent="advies_vraag", text="wat moet ik doen als hij niet slaapt?"))
    again, _ = run(
        ActionGehoord(),
        tracker(intent="advies_vraag", text="en hoe zeg ik dat tegen zijn papa?", gesteld=slot_events(events)["gesteld"]),
    )
    assert texts(first)[0].startswith("Ik geef geen advies")
    assert texts(again)[0] in HEARD["advies_vraag"]["vervolg_teksten"], texts(again)


def test_help_is_offered_with_the_first_tiredness_and_never_again_in_the_talk() -> None:
    first, ids = heard_reply("gevoel_moe", []) or ("", [])
    assert HEARD["gevoel_moe"]["hulp"] in first and "106" in first and help_offered("gevoel_moe") in ids
    later, _ = heard_reply("gevoel_moe", ids) or ("", [])
    assert "106" not in later


def test_worry_about_a_child_offers_the_huis_van_het_kind_not_a_line_for_children() -> None:
    # Awel (102) is for children themselves; the worried parent is often one of a baby.
    first, _ = heard_reply("gevoel_zorg", []) or ("", [])
    assert "Huis van het Kind" in first and "102" not in first


# A message for the feelings that are named only with one of their words (content/gehoord.yml `gevoel_nodig`).
FELT = {"gevoel_verdriet": "dat doet pijn"}


@pytest.mark.parametrize("intent", FEELINGS)
def test_a_feeling_at_the_menu_is_named_and_its_theme_offered(intent: str) -> None:
    messages, events = run(ActionGehoord(), tracker(intent=intent, text=FELT.get(intent, "iets")))
    assert any(messages[0]["text"].startswith(t) for t in HEARD[intent]["teksten"])
    assert button_payloads(messages[-1])[0] == HEARD[intent]["verder"]
    assert slot_events(events)["gesteld"]


def test_a_question_at_an_open_question_is_answered_and_nothing_else_is_said() -> None:
    """The rule asks the same open question again (data/rules/gehoord.yml)."""
    messages, _ = run(ActionGehoord(), in_form("homestart_kosten", "vraag_form"))
    assert len(messages) == 1 and messages[0]["text"] in HEARD["homestart_kosten"]["teksten"]
    assert not button_payloads(messages[0])


def test_a_volunteer_gets_a_word_on_how_to_begin_and_a_household_card() -> None:
    messages, events = run(ActionGehoord(), tracker(intent="vrijwilliger", text="ik ben vrijwilliger"))
    assert texts(messages)[0] in HEARD["vrijwilliger"]["teksten"]
    pressed = [e for e in events if e.get("event") == "user"]
    assert pressed and pressed[0]["text"] == '/kaart{"kaart_thema":"huishouden"}'


@pytest.mark.parametrize(
    ("text", "card", "family"),
    [
        ("Kevin ziet zichzelf als 'hulpje' van zijn vrouw. Is daar een kaart voor?", "huishouden", None),
        ("Welk thema past het beste bij een moeder die alleen is?", "steun", "alleen"),
        ("De ouders zijn gescheiden, welke kaart neem ik?", "partner", "uit_elkaar"),
        # Not "Wie alleen opvoedt, draagt veel" (a simulated volunteer got it twice, 7 December, night).
        ("Ze voedt niet alleen op, ze woont samen met Dries. Dries helpt alleen als ze het vraagt.", "huishouden", None),
        ("Heeft u ook een kaart voor een vader die de zorg op zich neemt?", "eigen_rol", None),
    ],
)
def test_a_volunteer_who_names_the_family_gets_a_word_on_it_and_its_card(text: str, card: str, family: str | None) -> None:
    messages, events = run(ActionGehoord(), tracker(intent="vrijwilliger", text=text))
    situations = {s["verder"]: s for s in HEARD["vrijwilliger"]["situaties"]}
    payload = f'/kaart{{"kaart_thema":"{card}"}}'
    assert texts(messages) == [situations[payload]["tekst"]]
    assert [e["text"] for e in events if e.get("event") == "user"] == [payload]
    assert slot_events(events).get("alleen_opvoeder") == family


def test_a_volunteer_who_names_a_family_during_a_question_is_not_sent_to_a_card() -> None:
    """The rule asks the open question again (data/rules/gehoord.yml)."""
    state = in_form("vrijwilliger", "vraag_form")
    state.latest_message["text"] = "welke kaart voor een alleenstaande mama?"
    messages, events = run(ActionGehoord(), state)
    said = texts(messages)[0]
    # A word on how to begin, without "Hier is een kaart" (no card comes during a question).
    assert said and any(t.startswith(said) for t in HEARD["vrijwilliger"]["teksten"]), said
    assert "een kaart" not in said.lower()
    assert not [e for e in events if e.get("event") == "user"]


def test_a_separated_parent_gets_the_questions_about_the_other_parent() -> None:
    _, events = run(ActionGehoord(), tracker(intent="gescheiden", text="ik ben gescheiden"))
    assert [e["text"] for e in events if e.get("event") == "user"] == ["/partner"]


@pytest.mark.parametrize("intent", FEELINGS)
def test_a_feeling_as_the_answer_is_named_instead_of_thanked(intent: str) -> None:
    messages, _ = run(ActionNaAntwoord(), tracker(intent=intent, text=FELT.get(intent, "iets"), thema="eigen_rol"))
    assert any(messages[0]["text"].startswith(t) for t in HEARD[intent]["teksten"])
    assert not any(t.tekst in messages[0]["text"] for t in load_content().bedankjes)


def test_a_question_as_the_answer_gets_an_honest_word_not_a_thanks() -> None:
    messages, _ = run(ActionNaAntwoord(), tracker(intent="vertellen", text="is dat erg?", thema="eigen_rol"))
    assert any(messages[0]["text"].startswith(t) for t in HEARD["vraag_algemeen"]["teksten"])


@pytest.mark.parametrize(("text", "asks"), [("hoe laat is het", True), ("het regent hier al de hele dag", False)])
def test_an_off_topic_question_without_its_question_mark_as_the_answer_is_not_thanked(text: str, asks: bool) -> None:
    messages, _ = run(ActionNaAntwoord(), tracker(intent="buiten_bereik", text=text, thema="eigen_rol"))
    honest = any(messages[0]["text"].startswith(t) for t in HEARD["vraag_algemeen"]["teksten"])
    assert honest == asks, texts(messages)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("pff eerlijk? onbetrouwbaar. als hij er is, is hij wel een toffe papa", False),
        ("weet je? ik doe gewoon mijn best met de kinderen", False),
        ("kan dat? ik weet het niet goed", True),
        # The bot's words echoed, someone's quoted words, a tag (simulated parents, 7 December, night).
        ("bij jullie? ik woon alleen met finn eh, ik doe alles", False),
        ("Door de jaren heen? Ze zijn pas twee jaar samen.", False),
        ("Is dat normaal? Ik dacht van wel.", True),
        ("Steven zegt: 'Maar ik doe toch veel? Ik doe de afwas en ik breng de kleine naar de crèche.'", False),
        ("Kim vraagt: wat als we het niet eens zijn?", True),
        ("Kim zegt: 'Dan moeten we dat zelf ook tonen.' Mooi toch?", False),
    ],
)
def test_filler_words_with_a_question_mark_ask_nothing(text: str, asks: bool) -> None:
    messages, _ = run(ActionNaAntwoord(), tracker(intent="vertellen", text=text, thema="partner"))
    honest = any(messages[0]["text"].startswith(t) for t in HEARD["vraag_algemeen"]["teksten"])
    assert honest == asks, texts(messages)


def test_no_thanks_comes_twice_and_after_the_last_the_bot_just_asks_how_to_go_on() -> None:
    said: list[str] = []
    first_words = []
    for _ in range(len(load_content().bedankjes) + 2):
        messages, events = run(
            ActionNaAntwoord(), tracker(intent="vertellen", text="zo doen we het", thema="steun", gesteld=said)
        )
        said = slot_events(events)["gesteld"]
        first_words.append(messages[0]["text"])
    thanks = first_words[:-2]
    assert len(set(thanks)) == len(thanks)
    assert first_words[-2:] == ["Hoe wil je verder?", "Hoe wil je verder?"]


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("heb je tips om hem in bed te krijgen", True),
        ("wat kan ik doen om niet te roepen?", True),
        ("Misschien kan ik meer doen met Adam. Mijn vrouw is moe.", False),
        ("Misschien moet ik dat zelf eerst nog leren.", False),
    ],
)
def test_advice_is_declined_only_when_it_was_asked_for(text: str, asked: bool) -> None:
    messages, events = run(ActionGehoord(), tracker(intent="advies_vraag", text=text))
    if asked:
        assert messages[0]["text"] in HEARD["advies_vraag"]["teksten"]
    else:
        assert messages == [] and events == [{"event": "followup", "name": "action_eigen_woorden", "timestamp": None}]


def test_asked_to_say_it_simpler_after_the_question_the_bot_asks_it_again_in_simple_words() -> None:
    question = next(p for p in load_content().vragen if p.eenvoudig)
    messages, events = run(
        ActionGehoord(), tracker(intent="vraag_uitleg", text="kan je dat eenvoudiger zeggen?", gesteld=[question.id])
    )
    assert messages[0]["text"] in HEARD["vraag_uitleg"]["teksten"]
    slots = slot_events(events)
    assert slots["open_vraag"] == question.id and slots["thema"] == question.thema
    assert events[-1] == {"event": "followup", "name": "vraag_form", "timestamp": None}


def test_a_question_of_its_own_taken_for_what_does_it_mean_gets_an_honest_word_not_the_question_again() -> None:
    messages, events = run(ActionGehoord(), tracker(intent="vraag_uitleg", text="kan dat ook in de week zonder mijn dochter?"))
    assert messages[0]["text"] in HEARD["vraag_algemeen"]["teksten"]
    assert "vraag_form" not in str(events)


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("Dat bedoelde ik niet echt, ik zei dat ik moe ben. Maar ja, ik mis haar wel.", "/checkin_nee"),
        ("alweer?? neeje, ik vertel hier iets echt", "/checkin_nee"),
        ("ik zie het echt niet meer zitten, al weken", "/checkin_ja"),
    ],
)
def test_doubt_right_after_the_check_in_is_its_answer(text: str, answer: str) -> None:
    from actions.check_in import ActionCheckIn

    _, events = run(ActionCheckIn(), tracker(intent="crisis_twijfel", text=text))
    assert events[1]["text"] == answer


@pytest.mark.parametrize(
    ("intent", "text"),
    [
        ("gevoel_schuld", "ben ik een slechte moeder omdat ik soms opgelucht ben?"),
        ("gevoel_zorg", "hij eet zo slecht, is da normaal?"),
    ],
)
def test_a_feeling_asked_as_a_question_gets_a_reply_that_answers_it(intent: str, text: str) -> None:
    messages, _ = run(ActionGehoord(), tracker(intent=intent, text=text))
    assert any(messages[0]["text"].startswith(t) for t in HEARD[intent]["vraag_teksten"])
    told, _ = run(ActionGehoord(), tracker(intent=intent, text=text.replace("?", ".")))
    assert not any(told[0]["text"].startswith(t) for t in HEARD[intent]["vraag_teksten"])


def test_simpler_words_right_after_the_privacy_answer_get_it_in_a_few_short_words() -> None:
    privacy_answer = {"event": "bot", "text": text_of("privacy")}
    state = tracker(intent="vraag_uitleg", text="is veel woorden. kan simpel zeggen?")
    state.events = [
        {"event": "user", "text": "wie leest dit?"},
        privacy_answer,
        {"event": "user", "text": state.latest_message["text"]},
    ]
    messages, _ = run(ActionGehoord(), state)
    assert texts(messages)[0] == text_of("privacy_eenvoudig")
    state.events[1] = {"event": "bot", "text": "Waarover wil je praten? Kies een thema."}
    messages, _ = run(ActionGehoord(), state)
    assert texts(messages)[0] != text_of("privacy_eenvoudig")


def test_pride_that_comes_with_something_hard_names_both_and_does_not_cheer() -> None:
    messages, _ = run(
        ActionGehoord(),
        tracker(intent="gevoel_trots", text="ik ben trots op haar, maar het doet ook pijn dat ik er niet bij was"),
    )
    assert messages[0]["text"] in HEARD["gevoel_trots"]["gemengd_teksten"]
    cheered, _ = run(ActionGehoord(), tracker(intent="gevoel_trots", text="ik ben zo trots op haar, ze won de tekenwedstrijd"))
    assert cheered[0]["text"] in HEARD["gevoel_trots"]["teksten"]


def test_a_parent_who_says_the_feeling_was_misread_gets_a_sorry_not_the_feeling_again() -> None:
    sorries = own_words_content()["correctie"]["teksten"]
    messages, _ = run(ActionGehoord(), tracker(intent="gevoel_moe", text="ho ho kzen ni uitgeput he, kmoet niemand bellen"))
    assert texts(messages)[0] in sorries
    assert not any("106" in t for t in texts(messages))
    still_tired, _ = run(ActionGehoord(), tracker(intent="gevoel_moe", text="ik ben echt uitgeput van deze week"))
    assert texts(still_tired)[0] not in sorries


@pytest.mark.parametrize(
    ("intent", "text"),
    [
        ("vraag_mening", "Is dat normaal, dat je je zo voelt na een scheiding?"),
        ("gevoel_conflict", "sinds mijn ex een nieuwe vriendin heeft voel ik me vervangen. is da normaal?"),
    ],
)
def test_a_feeling_asked_about_as_normal_is_told_it_is_common_not_that_the_bot_has_no_opinion(intent: str, text: str) -> None:
    messages, _ = run(ActionGehoord(), tracker(intent=intent, text=text))
    assert texts(messages)[0] in HEARD["vraag_normaal"]["teksten"], texts(messages)


def test_a_feeling_asked_about_as_normal_in_an_answer_is_told_it_is_common_whatever_the_model_guessed() -> None:
    answer = tracker(intent="vertellen", text="Ik voel me buitenspel gezet. Is dat normaal, na een scheiding?", thema="partner")
    answer.latest_message["intent_ranking"] = [{"name": "advies_vraag", "confidence": 0.76}]
    messages, _ = run(ActionNaAntwoord(), answer)
    assert texts(messages)[0] in HEARD["vraag_normaal"]["teksten"], texts(messages)


def test_a_parents_question_is_not_answered_as_a_volunteers_on_a_weak_guess() -> None:
    question = tracker(intent="nlu_fallback", text="ja, schuren is het woord. moet ik da met sandra bespreken denkt ge?")
    question.latest_message["intent_ranking"] = [{"name": "vrijwilliger_emotie", "confidence": 0.57}]
    messages, _ = run(ActionNaAntwoord(), question)
    assert not texts(messages)[0].startswith(tuple(HEARD["vrijwilliger_emotie"]["teksten"])), texts(messages)
    assert texts(messages)[0].startswith(tuple(HEARD["vraag_algemeen"]["teksten"])), texts(messages)


@pytest.mark.parametrize(
    ("text", "guessed", "entry"),
    [
        # Asked by simulated parents (7 December), with what the bot answered then.
        ("nee ik bedoel deze chat. moet ik betalen voor dit?", "homestart_kosten", "bot_kosten"),
        ("Kan zij de bot ook in het Frans gebruiken?", "bot_alleen", "vraag_taal"),
        (
            "als ik iets zeg tegen de vrijwilliger, zegt zij dat aan de school?",
            "homestart_vrijwilliger",
            "vrijwilliger_doorgeven",
        ),
        ("is dat hier voor probleemgezinnen of wa?", "vraag_bot", "voor_alle_ouders"),
        ("zeg, wa doet da home-start eigenlijk?", "vertellen", "homestart_vrijwilliger"),
        # Without its "?" (a simulated father, 7 December).
        ("is da voor mensen die falen als ouder of wa", "vertellen", "voor_alle_ouders"),
        ("Mogen ze allebei antwoorden op dezelfde kaart?", "vraag_bot", "allebei_antwoorden"),
        ("wie kan mij helpen met slapen van baby?", "gevoel_moe", "hulp_baby"),
        # A simulated volunteer and a divorced mother (7 December, afternoon).
        ("kunnen we volgende week verder gaan waar we nu zijn?", "vraag_bot", "volgende_keer"),
        ("Hoe sluit ik zo'n gesprek het best af met hen?", "advies_vraag", "gesprek_afsluiten"),
        ("Is er iets in deze app dat geschikt is voor een vader die niet graag praat?", "vraag_bot", "stille_ouder"),
        ("Wat kun je dan wel voor mij doen eigenlijk?", "advies_vraag", "vraag_bot"),
        ("Vind je het normaal dat je je kinderen zo mist? Soms denk ik dat ik me aanstel.", "vraag_mening", "vraag_normaal"),
        ("voor kind 9 jaar, op school, wie kan helpen? de juf zegt iets over CLB, wat is dat?", "advies_vraag", "hulp_school"),
        ("is er hulp voor mijn zoon? een psycholoog voor kinderen? gratis?", "homestart_kosten", "hulp_school"),
        ("Bestaat er iets om samen met Els een ouderschapsplan te maken, met een bemiddelaar?", "hulp_scheiding", "bemiddeling"),
        ("is da van het OCMW ofzo?", "voor_alle_ouders", "vraag_bot"),
        ("wat is 'deel deze vraag'? kan ik die vraag naar mijn man sturen?", "vraag_uitleg", "vraag_delen"),
        ("Is deze bot geschikt om met twee ouders tegelijk te gebruiken?", "vrijwilliger", "allebei_antwoorden"),
        # Simulated parents and a volunteer (7 December, night).
        ("Mag Dries nu meedoen donderdag, ja of nee?", "vraag_bot", "partner_meedoen"),
        ("kan de partner mee aan tafel zitten bij het gesprek?", "vrijwilliger", "partner_meedoen"),
        ("nee, Home-Start ik ken al... ik vraag wat is deze bot, wat doe jij?", "homestart_vrijwilliger", "vraag_bot"),
        (
            "ik doe bijna alles. mijn man werkt veel. maar ik voel alleen soms, niet eerlijk misschien?",
            "vraag_normaal",
            "verdeling_vraag",
        ),
        ("huis van het kind, da's toch voor kleine kinders? ze is 15", "gevoel_zorg", "dienst_voor_wie_huis_van_het_kind"),
        # A seventh round of simulated parents (7 December, night), with what they got then.
        ("ok. mijn man moet weten ik praat met jou? hij slaap nu", "vraag_bot", "partner_weten"),
        ("jij kan mijn zin verbeteren? 'ik wil praten met juf over mijn zoon' is goed?", "advies_vraag", "zin_verbeteren"),
        ("bij mij is het meer ravotten en voetbal. da's ook iets toch?", "gevoel_zorg", "spelen_telt"),
        ("Bestaat er dan ergens hulp voor nieuw samengestelde gezinnen?", "hulp_scheiding", "hulp_samengesteld"),
        ("Waar kan zij zelf met haar gevoel over Wim naartoe?", "homestart_voor_wie", "hulp_kind_zelf"),
        ("Over Ayse: moet de mama erbij zijn bij het volgende bezoek, ja of nee?", "vrijwilliger_emotie", "partner_meedoen"),
        ("kunde da in simpelere woorden zeggen wa ge eigenlijk met mij wilt doen hier?", "vraag_uitleg", "vraag_bot"),
        ("ik ken niet veel mensen hier. wat is home-start? iemand kom bij mij thuis?", "vraag_uitleg", "homestart_vrijwilliger"),
        # An eighth round (7 December, night).
        ("ja ma wie betaalt da. en gaat da allemaal naar de mutualiteit of zo?", "vraag_bot", "wie_betaalt"),
        ("kan jij mij uitleggen school systeem in Belgie? wat is A stroom en B stroom?", "advies_vraag", "school_uitleg"),
        (
            "Kim wordt een beetje emotioneel, ze heeft tranen in haar ogen. Hoe pak ik dit aan?",
            "advies_vraag",
            "vrijwilliger_emotie",
        ),
        (
            "idd. is het raar dat ik dat moeilijk vind? ze is niet onaardig ofzo maar het is mijn kind",
            "vraag_mening",
            "vraag_normaal",
        ),
        (
            "Hoe rond ik dit nu best af? Ik wil niet dat Kim met een zwaar gevoel blijft zitten.",
            "advies_vraag",
            "gesprek_afsluiten",
        ),
        ("waardering? wat betekent dat woord?", "vraag_uitleg", "woord_waardering"),
        ("dat heb ik al gezegd 🙂 ik vraag wat is waardering", "vraag_uitleg", "woord_waardering"),
        ("wat is een trage vraag?", "vraag_uitleg", "woord_trage_vraag"),
        ("Nee ik bedoel het woord servers, van Telegram. Wat is servers?", "vraag_uitleg", "woord_server"),
        ("Hoe help ik hem zien wat hij allemaal goed doet?", "advies_vraag", "zien_wat_goed_gaat"),
        ("Gebruikt u een taalmodel zoals GPT, ja of nee? En staat de server in België?", "vraag_bot", "bot_techniek"),
        ("Is het normaal dat ik soms jaloers ben op Michiel? Hij is de leuke papa.", "advies_vraag", "vraag_normaal"),
        ("dag. wat bedoelt u met 'de andere ouder'? ik ben getrouwd", "vraag_mening", "woord_de_andere_ouder"),
        ("Kan ik dit samen met hen gebruiken op mijn tablet?", "vrijwilliger", "allebei_antwoorden"),
        (
            "Eva weet wanneer de zwemles is en wat er in de brooddoos moet. Is dat dan 'mental load'?",
            "advies_vraag",
            "woord_mental_load",
        ),
        ("spreekt die vrijwilliger ook somalisch of engels?", "homestart_vrijwilliger", "vrijwilliger_taal"),
        # A ninth round (7 December, night).
        ("zijt gij mij nu aan het beoordelen of wa?", "vraag_bot", "bot_oordeelt"),
        ("moet ik lies vertellen da ik dit gedaan heb of nie?", "advies_vraag", "partner_weten"),
        ("Kost zo'n bemiddelaar veel? En moet Ilse daar dan ook bij zijn, of enkel Bram en ik?", "hulp_scheiding", "bemiddeling"),
        (
            "Bedankt voor de tip over de bemiddelaar en het CAW. Hoe sluit ik dit gesprek netjes af, zodat er niets blijft staan?",
            "bedankt",
            "afsluiten_wissen",
        ),
        # A twelfth round (7 December, late).
        ("ok. en home-start zelf, is da van de overheid of wa", "vraag_bot", "homestart_wie"),
        ("mijn tweede vraag was: waar kan haar vriend terecht? Hij heeft het ook zwaar.", "vraag_bot", "hulp_vader"),
        ("Nee, ik wil geen kaart. Is er hulp voor vaders?", "homestart_voor_wie", "hulp_vader"),
        ("Het CAW, is dat gewoon gratis, en moet hij dan zelf bellen?", "homestart_kosten", "dienst_caw"),
        ("aanmoedigen? wat is dat woord", "vraag_uitleg", "woord_aanmoedigen"),
        ("...als ik morgen terugkom, weet ge dan nog wa ik vandaag gezegd heb?", "bot_alleen", "onthouden"),
        ("moet ik dit aan mijn coördinator vertellen, van die schoonmoeder?", "vraag_bot", "coordinator_bespreken"),
        ("kun jij Pieter helpen een vadergroep te vinden?", "vraag_algemeen", "ouder_groep"),
        ("ja mar wa moet ik doen met die schoonmoeder dan", "gevoel_conflict", "schoonfamilie_vraag"),
        (
            "Kan Dylan nu ook zijn versie invullen? En kunnen we die twee dan naast elkaar zien?",
            "gevoel_trots",
            "wiedoetwat_tweede",
        ),
        ("mijn vraag was of het goed is dat ik voor ze typ?", "vraag_algemeen", "typen_voor"),
        ("ok. mo waarom zou ik tegen een machine klappen?", "vraag_bot", "waarom_bot"),
        (
            "13 km is ver, ik heb geen auto. komen zij naar mijn huis of moet ik naar Lier gaan?",
            "advies_vraag",
            "homestart_vrijwilliger",
        ),
        ("106, spreken zij ook Engels of Oekraïens?", "homestart_voor_wie", "dienst_taal"),
        ("kort: wie kan mij helpen met een brief van school? één plaats alsjeblieft", "vraag_algemeen", "brief_school"),
        ("is da verplicht? en is da nie alleen voor gezinnen waar 't slecht gaat?", "vraag_mening", "niet_verplicht"),
        (
            "mag ik als vader zelf contact opnemen met de school van mijn dochters? Of moet dat via Katrien?",
            "advies_vraag",
            "school_contact",
        ),
        ("morgen ik zie de juf van mijn zoon. wat moet ik vragen aan haar?", "advies_vraag", "oudercontact_vragen"),
        ("Bestaat daar hulp voor? Iemand die erbij zit als we praten, Tom en ik?", "hulp_scheiding", "bemiddeling"),
        (
            "Jessica begrijpt niet wat 'dat weegt soms' betekent. Kunt u dat in makkelijkere woorden zeggen?",
            "vraag_uitleg",
            "woord_weegt",
        ),
    ],
)
def test_a_question_read_by_its_words_gets_its_answer_whatever_the_model_guessed(text: str, guessed: str, entry: str) -> None:
    messages, _ = run(ActionGehoord(), tracker(intent=guessed, text=text))
    assert texts(messages)[0] in HEARD[entry]["teksten"], texts(messages)


@pytest.mark.parametrize(
    ("text", "guessed"),
    [
        ("is home-start gratis? moet ik betalen?", "homestart_kosten"),
        ("mijn zoon spreekt thuis Turks en op school Nederlands, is dat goed?", "vraag_mening"),
        ("mijn dochter zegt dat ze gepest wordt op school, wat kan ik doen?", "advies_vraag"),
        ("mijn zoon zegt weinig sinds de scheiding, is dat normaal?", "gevoel_zorg"),
        ("wat kan ik doen als ze niet wil slapen?", "advies_vraag"),
    ],
)
def test_questions_near_those_words_keep_their_own_answer(text: str, guessed: str) -> None:
    messages, _ = run(ActionGehoord(), tracker(intent=guessed, text=text))
    entries = ("bot_kosten", "vraag_taal", "vrijwilliger_doorgeven", "stille_ouder", "volgende_keer")
    special = [t for entry in entries for t in HEARD[entry]["teksten"]]
    assert texts(messages)[0] not in special, texts(messages)


@pytest.mark.parametrize(
    ("text", "guessed"),
    [
        ("hij eet zo slecht, is da normaal?", "gevoel_zorg"),
        # Two simulated parents (7 December, afternoon): a sadness reply, or none.
        ("Elke keer als hij terug moet naar zijn mama, begint Adam te wenen. Is dat normaal?", "gevoel_verdriet"),
        ("ze roept, ze smijt met deuren, 'jij bent stom'. is da normaal?", "vraag_mening"),
    ],
)
def test_a_child_asked_about_as_normal_without_a_feeling_keeps_the_honest_answer(text: str, guessed: str) -> None:
    messages, _ = run(ActionGehoord(), tracker(intent=guessed, text=text))
    assert texts(messages)[0].startswith(tuple(HEARD["gevoel_zorg"]["vraag_teksten"])), texts(messages)


@pytest.mark.parametrize(
    "text",
    [
        "goe loopt? amai. ge hebt ni echt gelezen wa ik zei he",
        "Dat is geen antwoord op mijn vraag.",
        "goed loopt?? hebde gie wel gelezen wa 'k schreef",
        "euh, ik stelde toch geen vraag?",
        "Dat zei ik net: mijn moeder en mijn broer. Heb je dat gelezen?",
        # Simulated parents (7 December, night) got "Zo krijg ik een beeld van je kind" and the guilt reply.
        "het is niet over mijn kind. het is over mij en mijn man 😕",
        "ik heb het gevoel dat ge niet echt hoort wat ik zeg",
        "hmm. jij niet begrijp mij 😕",
    ],
)
def test_a_parent_who_says_the_bot_did_not_read_or_answer_gets_a_sorry(text: str) -> None:
    messages, _ = run(ActionGehoord(), tracker(intent="gevoel_trots", text=text))
    assert texts(messages)[0] in own_words_content()["correctie"]["teksten"], texts(messages)


def test_guilt_that_turns_to_something_good_is_met_as_such_and_guilt_about_relief_is_not() -> None:
    turned = HEARD["gevoel_schuld"]["goed_teksten"]
    hopeful, _ = run(
        ActionGehoord(), tracker(intent="gevoel_schuld", text="Misschien ben ik toch een betere moeder dan ik soms denk.")
    )
    assert texts(hopeful)[0] in turned
    relieved, _ = run(
        ActionGehoord(), tracker(intent="gevoel_schuld", text="ik voel me schuldig dat ik soms blij ben als ze in bed liggen")
    )
    assert texts(relieved)[0] not in turned


def test_a_feeling_the_parent_says_no_to_is_not_named() -> None:
    state = tracker(intent="gevoel_trots", text="Soms voel ik me echt een weekendpapa, en daar ben ik niet trots op.")
    state.latest_message["intent"]["confidence"] = 0.95
    messages, _ = run(ActionGehoord(), state)
    assert not any(t.startswith(tuple(HEARD["gevoel_trots"]["teksten"])) for t in texts(messages))
    proud = tracker(intent="gevoel_trots", text="ik ben zo trots op hem, hij fietst al alleen")
    proud.latest_message["intent"]["confidence"] = 0.95
    said, _ = run(ActionGehoord(), proud)
    assert texts(said)[0].startswith(tuple(HEARD["gevoel_trots"]["teksten"]))


def test_someones_words_told_without_a_question_are_no_question_about_the_bot() -> None:
    """ "hij zegt gij zijt hier toch nooit" (a son's words) got "Ik ben een computerprogramma"."""
    _, events = run(ActionGehoord(), tracker(intent="vraag_bot", text="hij zegt gij zijt hier toch nooit"))
    assert events == [{"event": "followup", "name": "action_eigen_woorden", "timestamp": None}]
    asked, _ = run(ActionGehoord(), tracker(intent="vraag_bot", text="mijn zoon zegt: ben jij een robot?"))
    assert asked[0]["text"] in HEARD["vraag_bot"]["teksten"]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        # A sceptical father got "Zoiets raakt je diep ... bel 106" for this (7 December, afternoon).
        ("nee laat maar. mn vrouw sarah zei da ik het moest proberen dus ik probeer het eh", False),
        ("da laatste doet wel pijn eigelijk", True),
        ("kheb heel de nacht liggen wenen", True),
        ("zo'n dag 😢", True),
    ],
)
def test_sadness_is_named_only_when_the_message_holds_a_word_of_it(text: str, named: bool) -> None:
    messages, _ = run(ActionGehoord(), tracker(intent="gevoel_verdriet", text=text))
    sadness = tuple(HEARD["gevoel_verdriet"]["teksten"])
    assert any(str(m.get("text") or "").startswith(sadness) for m in messages) is named, messages


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        # A simulated divorced mother got "Verdriet mag er zijn, ook als ouder ... bel 106" (7 December).
        ("Zoë komt soms echt verdrietig thuis van school", "gevoel_zorg"),
        ("mijn zoon is zo verdrietig sinds de verhuis, hij huilt veel", "gevoel_zorg"),
        ("en onze dochter weende bij de wissel", "gevoel_zorg"),
        # The parent's own sadness, also told by a volunteer.
        ("Sandra zegt dat ze zich heel verdrietig voelt sinds haar vader overleden is.", "gevoel_verdriet"),
        ("mis mijn kinderen als ze bij hun papa zijn", "gevoel_verdriet"),
        ("ik ween altijd als ik hem terugbreng bij de wissel", "gevoel_verdriet"),
    ],
)
def test_a_childs_sadness_is_met_as_a_worry_about_the_child_and_the_parents_own_as_sadness(text: str, entry: str) -> None:
    state = tracker(intent="gevoel_verdriet", text=text)
    state.latest_message["intent"]["confidence"] = 0.9
    messages, _ = run(ActionGehoord(), state)
    assert texts(messages)[0].startswith(tuple(HEARD[entry]["teksten"])), texts(messages)


@pytest.mark.parametrize(
    ("text", "read", "entry"),
    [
        # A simulated volunteer and father (7 December, late) got "Botsen met de andere ouder" and 106.
        (
            "zodra zijn schoonmoeder er is, neemt zij de leiding over en dan voelt hij zich weer de babysitter",
            "gevoel_conflict",
            "gevoel_schoonfamilie",
        ),
        ("als haar moeder er is kiest ze soms haar kant. da steekt", "gevoel_verdriet", "gevoel_schoonfamilie"),
        # A clash with the other parent, and grief for a grandmother, stay what they are.
        ("we maken altijd ruzie over de kinderen, mijn ex en ik", "gevoel_conflict", "gevoel_conflict"),
        ("sinds zijn moeder gestorven is, ben ik zo verdrietig", "gevoel_verdriet", "gevoel_verdriet"),
    ],
)
def test_a_clash_with_in_laws_is_not_named_a_clash_with_the_other_parent(text: str, read: str, entry: str) -> None:
    state = tracker(intent=read, text=text)
    state.latest_message["intent"]["confidence"] = 0.9
    messages, _ = run(ActionGehoord(), state)
    assert texts(messages)[0].startswith(tuple(HEARD[entry]["teksten"])), texts(messages)


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        # Simulated fathers (7 December, night) got "Bedankt voor je antwoord" or a mirror of the theme.
        (
            "'k ben gin goeie klapper met de kinders. 'k weet nie wuk 'k tegen die gast van 14 moet zeggen",
            "gevoel_praten",
        ),
        ("soms voel ik mij een gast in mijn eigen huis. alles draait, en ik sta erbij", "gevoel_buitenspel"),
        ("ze beslist alles zonder mij. alsof ik er niet toe doe.", "gevoel_buitenspel"),
        ("nathalie zegt da'k ni zie wa er moet gebeuren. ik voel me ook wel aangevallen eerlijk gezegd", "gevoel_conflict"),
        ("soms ik ben heel moe. ik mis mijn man in de week", "gevoel_moe"),
        ("'k voel mij soms precies een bezoekpapa", "gevoel_buitenspel"),
    ],
)
def test_a_feeling_in_words_the_model_does_not_know_is_named_in_an_answer_and_in_own_words(text: str, entry: str) -> None:
    answered, _ = run(ActionNaAntwoord(), tracker(intent="vertellen", text=text, thema="eigen_rol"))
    assert texts(answered)[0].startswith(tuple(HEARD[entry]["teksten"])), texts(answered)
    own, _ = run(ActionEigenWoorden(), tracker(intent="vertellen", text=text))
    assert texts(own)[0].startswith(tuple(HEARD[entry]["teksten"])), texts(own)


def test_a_wish_to_hear_praise_is_no_pride() -> None:
    """ "Hoera!" to a volunteer telling what a hurt mother wishes (7 December, night)."""
    text = "Melissa zegt: 'Dat ze me gewoon eens helpen zonder te zeggen wat ik fout doe. Dat mijn mama eens zegt dat ik het goed doe.'"
    state = tracker(intent="gevoel_trots", text=text)
    state.latest_message["intent"]["confidence"] = 0.9
    messages, _ = run(ActionGehoord(), state)
    assert not any(t.startswith(tuple(HEARD["gevoel_trots"]["teksten"])) for t in texts(messages)), texts(messages)


def test_a_parent_who_needs_no_dutch_lessons_is_not_sent_to_them() -> None:
    """ "nederlandse les heb ik nie nodig hoor" got the Huis van het Nederlands (7 December, night)."""
    text = "nederlandse les heb ik nie nodig hoor 😄 maar wekelijks bezoek, is dat dan bij mij thuis?"
    messages, _ = run(ActionGehoord(), tracker(intent="hulp_nederlands", text=text))
    assert not any(t.startswith(tuple(HEARD["hulp_nederlands"]["teksten"])) for t in texts(messages)), texts(messages)


def test_doing_everything_alone_at_home_is_not_named_loneliness() -> None:
    """ "Het is stil rond jou ... bel 106" to a volunteer telling how a mother does the housework."""
    text = "Jolien zegt dat ze alles alleen doet. Koken, wassen, de nachten. Dries helpt wel, maar alleen als ze het vraagt"
    state = tracker(intent="gevoel_eenzaam", text=text)
    state.latest_message["intent"]["confidence"] = 0.9
    messages, _ = run(ActionGehoord(), state)
    assert not any(t.startswith(tuple(HEARD["gevoel_eenzaam"]["teksten"])) for t in texts(messages))


def test_a_correction_that_asks_a_question_gets_its_answer_not_only_a_sorry() -> None:
    """ "Nee, dat is het niet. Vind je het normaal ...?" got "Sorry, dan begreep ik je verkeerd."."""
    text = "Nee, dat is het niet. Vind je het normaal dat je je kinderen zo mist?"
    messages, _ = run(ActionGehoord(), tracker(intent="vraag_mening", text=text))
    assert messages[0]["text"] in HEARD["vraag_normaal"]["teksten"], messages


def test_a_question_the_intent_model_took_for_privacy_gets_the_answer_its_words_name() -> None:
    """ "de juf zegt iets over CLB, wat is dat?" was privacy to the intent model (0.83)."""
    from actions.privacy import ActionPrivacy

    _, events = run(ActionPrivacy(), tracker(intent="privacy", text="de juf zegt iets over CLB, wat is dat?"))
    assert events == [{"event": "followup", "name": "action_gehoord", "timestamp": None}]
    messages, _ = run(ActionGehoord(), tracker(intent="privacy", text="de juf zegt iets over CLB, wat is dat?"))
    assert messages[0]["text"] in HEARD["hulp_school"]["teksten"]
    privacy, _ = run(ActionPrivacy(), tracker(intent="privacy", text="weet de school wat ik hier schrijf?"))
    assert privacy and privacy[0]["text"].startswith("Ik bewaar niets")


def test_a_help_line_offered_with_one_feeling_is_not_offered_again_with_another() -> None:
    """Tiredness offers Tele-Onthaal 106; sadness later in the same talk is named without it."""
    _, first_ids = heard_reply("gevoel_moe", []) or ("", [])
    later, _ = heard_reply("gevoel_verdriet", first_ids) or ("", [])
    fresh, _ = heard_reply("gevoel_verdriet", []) or ("", [])
    assert "106" in fresh and "106" not in later


def test_an_answer_the_model_took_for_advice_that_asks_nothing_is_not_told_there_is_no_advice() -> None:
    text = "Jessica zegt: mijn moeder past soms op. Maar dan krijg ik achteraf te horen dat de kamer een rommel is."
    messages, _ = run(ActionNaAntwoord(), tracker(intent="advies_vraag", text=text, thema="eigen_rol"))
    advice = tuple(HEARD["advies_vraag"]["teksten"])
    assert not texts(messages)[0].startswith(advice), texts(messages)
    asked, _ = run(ActionNaAntwoord(), tracker(intent="advies_vraag", text="wat moet ik doen?", thema="eigen_rol"))
    assert texts(asked)[0].startswith(advice), texts(asked)
