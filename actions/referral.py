"""Home-Start and other help, told from the sourced referral data."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.heard import offer_way_on, say_heard
from actions.referral_data import contact, entry, find_branch, find_place, nearest_branches
from actions.say import messages, say, text_of
from actions.tracker_reading import latest_intent
from addons.topic_words import SERVICE_PREFIX, service_asked

# Tele-Onthaal last: the one line that answers day and night ("is er hulp 's nachts?", a simulated volunteer).
OTHER_HELP = ("huis_van_het_kind", "kind_en_gezin", "clb", "caw", "ocmw", "tele_onthaal_106")


class ActionHomestart(Action):
    """What Home-Start offers, for whom, and how to ask for it ("free" only where a source says so)."""

    def name(self) -> Text:
        return "action_homestart"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        info = entry("homestart_vlaanderen")
        key = "homestart_info" if info.get("gratis") else "homestart_info_zonder_gratis"
        say(dispatcher, key, wat=info["wat"], voor_wie=info.get("voor_wie", ""))
        say(dispatcher, "homestart_hoe", hoe=info.get("hoe", info.get("vinden", "")))
        # "Is er Home-Start in Aalst?" may be understood as a general question: the place
        # named in it still gets its branch.
        text = tracker.latest_message.get("text") or ""
        if not text.startswith("/"):
            say_place(dispatcher, text, small_places=False, unknown=False)
        return []


def say_place(dispatcher: CollectingDispatcher, text: str, small_places: bool = True, unknown: bool = True) -> None:
    """The branch for the place `text` names; else the nearest known branches and how to reach
    Home-Start Vlaanderen; else (with `unknown`) that the bot knows no branch there.

    `small_places`: also places that are no municipality nor a part of one (GeoNames), only
    when the parent was asked for a place, so an ordinary word is not taken for a village.
    """
    branch = find_branch(text)
    if branch:
        say_branch(dispatcher, branch)
        return
    place = find_place(text, with_small_places=small_places)
    vlaanderen = entry("homestart_vlaanderen")
    reach = {"vinden": vlaanderen["vinden"], "website": vlaanderen.get("website", "")}
    if place and place.ligging:
        if place.gemeente and place.gemeente != place.naam:
            say(dispatcher, "deel_van_gemeente", plaats=place.naam, gemeente=place.gemeente)
        nearest = nearest_branches(place.ligging)
        if nearest:
            lines = "\n".join(text_of("afdeling_afstand", naam=b["naam"], km=str(round(km))) for b, km in nearest)
            say(dispatcher, "afdeling_dichtbij", plaats=place.naam, afdelingen=lines)
        else:
            say(dispatcher, "afdeling_ver", plaats=place.naam)
        say(dispatcher, "afdeling_vlaanderen", **reach)
    elif unknown:
        say(dispatcher, "afdeling_onbekend", **reach)


def say_branch(dispatcher: CollectingDispatcher, branch: Dict[str, Any]) -> None:
    """Name the branch and how to reach it; "free" only for a branch whose source says so."""
    free = messages()["afdeling_gratis"]["text"] + " " if branch.get("gratis") else ""
    say(dispatcher, "afdeling_gevonden", naam=branch["naam"], gratis=free, contact=contact(branch))


class ActionHomestartBuurt(Action):
    """Find the branch for a municipality, a part of one or a postcode in the message; keep none.

    A place without a known branch gets the nearest known branches and how to reach Home-Start
    Vlaanderen. From the button there is no place yet, so it asks for one. The place is only
    read from the current message and never put in a slot.
    """

    def name(self) -> Text:
        return "action_homestart_buurt"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        if text.startswith("/"):
            say(dispatcher, "gemeente_vraag")
            return []
        if latest_intent(tracker) != "homestart_buurt" and not _place_was_asked(tracker):
            # Own words after the branch was named ("heb je advies voor slapen?") are not a place.
            return [FollowupAction("action_eigen_woorden")]
        say_place(dispatcher, text)
        return []


def _place_was_asked(tracker: Tracker) -> bool:
    """True when the bot's last message asked for the municipality or postcode."""
    asked = messages()["gemeente_vraag"]["text"]
    for event in reversed(tracker.events or []):
        if event.get("event") == "bot":
            return event.get("text") == asked
    return False


class ActionAndereHulp(Action):
    """Other help a parent may need, each in one plain sentence."""

    def name(self) -> Text:
        return "action_andere_hulp"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        text = str(tracker.latest_message.get("text") or "")
        service = None if text.startswith("/") else service_asked(text)
        if service is not None:
            # "wat is OCMW?" asks about one of them: its own answer (content/hulp.yml), not the list.
            remembered = say_heard(dispatcher, tracker, SERVICE_PREFIX + service)
            return [*([remembered] if remembered else []), *offer_way_on(dispatcher, tracker, "")]
        say(dispatcher, "andere_hulp_intro")
        # All of it in one message, a line each: a reply of at most four messages. Not blank
        # lines: Rasa's REST channel sends each paragraph of a text without buttons apart.
        items = [entry(entry_id) for entry_id in OTHER_HELP]
        paragraphs = [text_of("andere_hulp_item", naam=i["naam"], wat=i["wat"], contact=contact(i)) for i in items]
        dispatcher.utter_message(text="\n".join(paragraphs))
        say(dispatcher, "andere_hulp_slot")
        return []
