"""The sociale kaart as Open Referral HSDS 3.0: each voorziening is an HSDS ``service`` with its
organization, locations, contacts, phones, schedules, service areas, languages and attributes,
plus the fields of our profile (``x_``-prefixed, see :data:`PROFILE_FIELDS`). The categories and
tags are the terms of two taxonomies. The contract is docs/api-sociale-kaart.md.

Every object validates against the compiled HSDS 3.0 schemas (``hsds/schema``): what is unknown
is left out, never sent as ``null`` where the schema types a string or a number.

Ids are stable UUIDs: services, organisations and categories store theirs (``hsds_id``); the ids
of what belongs to them (phones, locations, …) are derived from the owner's id and a natural key
(UUID v5), so they stay the same as long as the thing itself does.
"""

import uuid

from django.utils.translation import gettext as _
from rest_framework import serializers

from .models import AccessRoute, Status

#: The namespace of the ids that are derived (tags, taxonomies); the same as before ids were stored.
ID_NAMESPACE = uuid.UUID("6f1d8a57-2b8e-4a5b-9a55-5c1e0a7d2c11")

HSDS_VERSION = "3.0"

HSDS_STATUS = {
    Status.ACTIVE: "active",
    Status.TEMPORARILY_CLOSED: "temporarily closed",
    Status.STOPPED: "defunct",
}

#: Dutch language names (as coordinators write them) → ISO 639-1, or ISO 639-3 where 639-1 has
#: none. A language not in this list is sent with its name only (``code`` left out).
LANGUAGE_CODES = {
    "nederlands": "nl",
    "engels": "en",
    "arabisch": "ar",
    "marokkaans-arabisch": "ary",
    "turks": "tr",
    "pools": "pl",
    "tigrinya": "ti",
    "tigrinja": "ti",
    "oekraïens": "uk",
    "russisch": "ru",
    "papiaments": "pap",
    "sranantongo": "srn",
    "somalisch": "so",
    "frans": "fr",
    "duits": "de",
    "spaans": "es",
    "portugees": "pt",
    "italiaans": "it",
    "bulgaars": "bg",
    "roemeens": "ro",
    "hongaars": "hu",
    "grieks": "el",
    "albanees": "sq",
    "armeens": "hy",
    "servisch": "sr",
    "kroatisch": "hr",
    "bosnisch": "bs",
    "farsi": "fa",
    "perzisch": "fa",
    "dari": "prs",
    "pasjtoe": "ps",
    "koerdisch": "ku",
    "amhaars": "am",
    "hindi": "hi",
    "urdu": "ur",
    "tamil": "ta",
    "chinees": "zh",
    "mandarijn": "cmn",
    "kantonees": "yue",
    "vietnamees": "vi",
    "thais": "th",
    "indonesisch": "id",
    "tagalog": "tl",
    "fries": "fy",
    "nederlandse gebarentaal": "dse",
}

#: The taxonomies of the sociale kaart: key → stable id.
TAXONOMIES = {
    "categorie": uuid.uuid5(ID_NAMESPACE, "taxonomy:categorie"),
    "tag": uuid.uuid5(ID_NAMESPACE, "taxonomy:tag"),
}

#: The fields of our profile, on every service (docs/api-sociale-kaart.md, ``/api/hsds/profile``).
PROFILE_FIELDS = {
    "x_key": {
        "type": "string",
        "description": "The stable key of the voorziening on the site and in the CSV.",
    },
    "x_web_url": {
        "type": "string",
        "format": "uri",
        "description": "The page of the voorziening on the site.",
    },
    "x_access_route": {
        "type": "string",
        "enum": [choice.value for choice in AccessRoute],
        "description": (
            "How people get in: vrij (free access), verwijzing (with a referral), aanmelden (sign up)."
        ),
    },
    "x_referral_required": {
        "type": "boolean",
        "description": "True when a referral (verwijzing) is needed; false: accessible without one.",
    },
    "x_is_free": {"type": "boolean", "description": "Free of charge."},
    "x_whole_municipality": {
        "type": "boolean",
        "description": "For everyone in Zoetermeer, in every wijk (otherwise: the wijken of x_wijken).",
    },
    "x_wijken": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"key": {"type": "string"}, "name": {"type": "string"}},
            "required": ["key", "name"],
        },
        "description": "The wijken (neighbourhoods of Zoetermeer) the service is for.",
    },
}


def derived_id(owner, kind, *parts):
    """A stable id for something that belongs to ``owner`` (a UUID): UUID v5 of its kind and
    natural key, in the owner's namespace."""
    return str(uuid.uuid5(uuid.UUID(str(owner)), ":".join([kind, *map(str, parts)])))


def tag_term_id(tag):
    return str(uuid.uuid5(ID_NAMESPACE, f"taxonomy_term:tag:{tag.slug}"))


def _present(data):
    """``data`` without the keys whose value is unknown (``None`` or an empty text)."""
    return {key: value for key, value in data.items() if value is not None and value != ""}


# --- taxonomies ---------------------------------------------------------------------------------


def taxonomy_json(key):
    names = {
        "categorie": (
            _("Categories of the sociale kaart"),
            _("The categories of the sociale kaart of Zoetermeer, such as parenting support or debts."),
        ),
        "tag": (
            _("Tags of the sociale kaart"),
            _("Free keywords coordinators give services of the sociale kaart of Zoetermeer."),
        ),
    }
    name, description = names[key]
    return {"id": str(TAXONOMIES[key]), "name": name, "description": description}


def category_term_json(category):
    return _present(
        {
            "id": str(category.hsds_id),
            "code": category.slug,
            "name": category.name,
            "description": category.description or category.name,
            "taxonomy": "leergang-toegang:categorie",
            "taxonomy_id": str(TAXONOMIES["categorie"]),
            "language": "nl",
        }
    )


def tag_term_json(tag):
    return {
        "id": tag_term_id(tag),
        "code": tag.slug,
        "name": tag.name,
        "description": tag.name,
        "taxonomy": "leergang-toegang:tag",
        "taxonomy_id": str(TAXONOMIES["tag"]),
        "language": "nl",
    }


# --- organisations ----------------------------------------------------------------------------------


def organization_json(org, *, full=False, services=None):
    """An organisation: its own fields (``organization_list``); with ``full`` its phones too,
    and ``services`` (already serialised) when given."""
    org_id = str(org.hsds_id)
    data = _present(
        {
            "id": org_id,
            "name": org.name,
            "description": org.description,
            "email": org.email,
            "website": org.website,
        }
    )
    data["description"] = org.description  # required by HSDS, also when empty
    if full:
        data["phones"] = (
            [
                {
                    "id": derived_id(org_id, "phone"),
                    "organization_id": org_id,
                    "number": org.phone,
                    "type": "voice",
                }
            ]
            if org.phone
            else []
        )
        if services is not None:
            data["services"] = services
    return data


# --- services --------------------------------------------------------------------------------------


def _description(entry):
    return entry.summary if not entry.description else f"{entry.summary}\n\n{entry.description}"


def _application(entry):
    parts = [str(AccessRoute(entry.access_route).label) + "."]
    if entry.application_steps:
        parts.append(entry.application_steps)
    if entry.application_url:
        parts.append(entry.application_url)
    return "\n\n".join(parts)


def _wijken(entry):
    return list(entry.neighbourhoods.all())


def _tags(entry):
    """By name: tags have no order of their own (the prefetched ones are sorted here, not queried)."""
    return sorted(entry.tags.all(), key=lambda tag: (tag.name.casefold(), tag.pk))


def service_base(entry, request):
    """The service's own fields and our profile's (``service_list``), without nested objects."""
    conditions = [condition.text for condition in entry.conditions.all()]
    return {
        **_present(
            {
                "id": str(entry.hsds_id),
                "organization_id": str(entry.organisation.hsds_id),
                "name": entry.name,
                "description": _description(entry),
                "url": entry.website,
                "email": entry.email,
                "status": HSDS_STATUS.get(entry.status, "inactive"),
                "application_process": _application(entry),
                "fees_description": entry.cost or (_("Free of charge") if entry.is_free else None),
                "wait_time": entry.waiting_time,
                "eligibility_description": "\n".join(part for part in [entry.audience, *conditions] if part),
                "minimum_age": entry.min_age,
                "maximum_age": entry.max_age,
                "assured_date": entry.last_checked_on.isoformat() if entry.last_checked_on else None,
                "alert": str(Status(entry.status).label) if entry.status != Status.ACTIVE else None,
                "last_modified": entry.last_published_at.isoformat() if entry.last_published_at else None,
            }
        ),
        "x_key": entry.slug,
        "x_web_url": request.build_absolute_uri(entry.get_absolute_url()),
        "x_access_route": entry.access_route,
        "x_referral_required": entry.access_route == AccessRoute.REFERRAL,
        "x_is_free": entry.is_free,
        "x_whole_municipality": entry.whole_municipality,
        "x_wijken": [{"key": wijk.slug, "name": wijk.name} for wijk in _wijken(entry)],
    }


def _service_areas(entry, service_id):
    if entry.whole_municipality:
        return [
            {
                "id": derived_id(service_id, "service_area", "gemeente"),
                "service_id": service_id,
                "name": "Zoetermeer",
                "description": _("All of Zoetermeer"),
                "extent_type": "text",
            }
        ]
    return [
        {
            "id": derived_id(service_id, "service_area", wijk.slug),
            "service_id": service_id,
            "name": wijk.name,
            "description": _("Wijk %(name)s, Zoetermeer") % {"name": wijk.name},
            "extent_type": "text",
        }
        for wijk in _wijken(entry)
    ]


def location_key(location):
    return "|".join(
        [location.street.strip().casefold(), location.postcode.replace(" ", "").upper(), location.name]
    )


def service_at_location_id(entry, location):
    return derived_id(entry.hsds_id, "service_at_location", location_key(location))


def location_json(entry, location):
    location_id = derived_id(entry.hsds_id, "location", location_key(location))
    return {
        "id": location_id,
        "location_type": "physical",
        "name": location.name or entry.name,
        "addresses": [
            _present(
                {
                    "id": derived_id(location_id, "address"),
                    "location_id": location_id,
                    "address_1": location.street,
                    "city": location.city,
                    "state_province": "Zuid-Holland",
                    "postal_code": location.postcode,
                    "country": "NL",
                    "address_type": "physical",
                }
            )
        ],
    }


def service_at_location_base(entry, location):
    place = location_json(entry, location)
    return {
        "id": service_at_location_id(entry, location),
        "service_id": str(entry.hsds_id),
        "location_id": place["id"],
        "location": place,
    }


def _phones(entry, service_id):
    if not entry.phone:
        return []
    return [
        {
            "id": derived_id(service_id, "phone"),
            "service_id": service_id,
            "number": entry.phone,
            "type": "voice",
        }
    ]


def _contacts(entry, service_id, phones):
    if not (entry.contact_person or entry.email):
        return []
    contact = _present(
        {
            "id": derived_id(service_id, "contact"),
            "service_id": service_id,
            "name": entry.contact_person,
            "email": entry.email,
        }
    )
    return [{**contact, "phones": phones}]


def _languages(entry, service_id):
    return [
        _present(
            {
                "id": derived_id(service_id, "language", name.casefold()),
                "service_id": service_id,
                "name": name,
                "code": LANGUAGE_CODES.get(name.casefold()),
            }
        )
        for name in entry.language_list
    ]


def _attribute(service_id, link_type, term):
    return {
        "id": derived_id(service_id, "attribute", term["id"]),
        "link_id": service_id,
        "link_type": link_type,
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def service_json(entry, request):
    """One voorziening as a fully nested HSDS service (``compiled/service.json``)."""
    data = service_base(entry, request)
    service_id = data["id"]
    phones = _phones(entry, service_id)
    data.update(
        {
            "phones": phones,
            "schedules": [
                {
                    "id": derived_id(service_id, "schedule"),
                    "service_id": service_id,
                    "description": entry.opening_hours,
                }
            ]
            if entry.opening_hours
            else [],
            "service_areas": _service_areas(entry, service_id),
            "service_at_locations": [
                service_at_location_base(entry, location) for location in entry.locations.all()
            ],
            "languages": _languages(entry, service_id),
            "organization": organization_json(entry.organisation, full=True),
            "cost_options": [
                {
                    "id": derived_id(service_id, "cost_option", "gratis"),
                    "service_id": service_id,
                    "option": _("Free of charge"),
                    "currency": "EUR",
                    "amount": 0,
                }
            ]
            if entry.is_free
            else [],
            "contacts": _contacts(entry, service_id, phones),
            "required_documents": [],
            "attributes": [_attribute(service_id, "categorie", category_term_json(entry.category))]
            + [_attribute(service_id, "tag", tag_term_json(tag)) for tag in _tags(entry)],
        }
    )
    return data


def service_list_json(entry, request):
    """A service in a list (``compiled/service_list.json``): its own fields and its organization."""
    return {**service_base(entry, request), "organization": organization_json(entry.organisation)}


def service_minimal_json(entry):
    """``?minimal=true``: what a system needs to see what changed (id and last change), plus the
    name and status that every HSDS service has."""
    return _present(
        {
            "id": str(entry.hsds_id),
            "name": entry.name,
            "status": HSDS_STATUS.get(entry.status, "inactive"),
            "last_modified": entry.last_published_at.isoformat() if entry.last_published_at else None,
        }
    )


class ServiceSerializer(serializers.BaseSerializer):
    """Read-only: a voorziening as an HSDS service (:func:`service_json`)."""

    def to_representation(self, instance):
        return service_json(instance, self.context["request"])
