"""Factories for the practice app: a real oefengesprek page with real StreamField data, and
casusbesprekingen.

``ScenarioPageFactory(parent=module)`` is a published oefengesprek with ``small_scenario()``:
start → (goed: vervolg | fout: dood-spoor); vervolg → (goed-einde | matig-einde); dood-spoor →
(vervolg | slecht-einde). Choices bear on goals 1 and 2 of the module.
"""

import datetime
import uuid

import factory
from django.utils import timezone

from practice.models import CaseDiscussion, ScenarioPage
from tests.modules.factories import PageFactory


def choice(text, next_key, goal=None, weight=0, feedback=None, voorziening=None):
    return {
        "type": "item",
        "id": str(uuid.uuid4()),
        "value": {
            "text": text,
            "feedback": feedback or f"Feedback: {text}",
            "goal": goal,
            "weight": weight,
            "next": next_key,
            "voorziening": voorziening,
        },
    }


def node(key, title, choices, situation=None):
    return {
        "type": "node",
        "id": str(uuid.uuid4()),
        "value": {
            "key": key,
            "title": title,
            "situation": situation or f"Situatie bij {title}.",
            "choices": choices,
        },
    }


def ending(key, title, good=False, outcome=None):
    return {
        "type": "ending",
        "id": str(uuid.uuid4()),
        "value": {
            "key": key,
            "title": title,
            "outcome": outcome or f"Uitkomst: {title}.",
            "good": good,
            "summary": "",
        },
    }


def small_scenario():
    return [
        node(
            "start",
            "Het begin",
            [
                choice("Doorvragen", "vervolg", goal=1, weight=2),
                choice("Meteen verwijzen", "dood-spoor", goal=1, weight=-2),
            ],
        ),
        node(
            "vervolg",
            "Het vervolg",
            [
                choice("Samen doelen kiezen", "goed-einde", goal=2, weight=2),
                choice("Zelf een plan schrijven", "matig-einde", goal=2, weight=-1),
            ],
        ),
        node(
            "dood-spoor",
            "De omweg",
            [
                choice("Toch terug naar het gezin", "vervolg", goal=1, weight=1),
                choice("Volhouden", "slecht-einde", goal=1, weight=-1),
            ],
        ),
        ending("goed-einde", "Samen verder", good=True),
        ending("matig-einde", "Half gelukt"),
        ending("slecht-einde", "Afgehaakt"),
    ]


class ScenarioPageFactory(PageFactory):
    class Meta:
        model = ScenarioPage

    title = "Oefengesprek"
    slug = "oefengesprek"
    nodes = factory.LazyFunction(small_scenario)
    estimated_minutes = 10


class CaseDiscussionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseDiscussion

    kind = CaseDiscussion.Kind.CASUSBESPREKING
    held_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    duration_minutes = 90
    topic = "Een gezin dat om een diagnose vraagt"
    facilitator = "Marieke Jansen"
