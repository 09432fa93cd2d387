"""The sociale kaart as Open Referral HSDS 3.0: each voorziening is an HSDS ``service`` with its
organization, locations, contacts, phones, schedules, service areas, languages and attributes
(plus a few ``x_`` extension fields). The contract is docs/api-sociale-kaart.md."""

import uuid

from rest_framework import serializers

from .models import AccessRoute, Status

# Stable identifiers: HSDS wants UUIDs; ours are derived from the primary keys.
ID_NAMESPACE = uuid.UUID("6f1d8a57-2b8e-4a5b-9a55-5c1e0a7d2c11")

HSDS_STATUS = {
    Status.ACTIVE: "active",
    Status.TEMPORARILY_CLOSED: "temporarily closed",
    Status.STOPPED: "defunct",
}
LANGUAGE_CODES = {
    "nederlands": "nl",
    "engels": "en",
    "arabisch": "ar",
    "turks": "tr",
    "pools": "pl",
    "tigrinya": "ti",
    "oekraïens": "uk",
    "papiaments": "pap",
    "berbers": "ber",
    "somalisch": "so",
    "frans": "fr",
    "duits": "de",
    "spaans": "es",
}


def hsds_id(kind, *parts):
    return str(uuid.uuid5(ID_NAMESPACE, ":".join([kind, *map(str, parts)])))


def _organization(org):
    return {
        "id": hsds_id("organization", org.pk),
        "name": org.name,
        "alternate_name": None,
        "description": org.description,
        "email": org.email or None,
        "website": org.website or None,
        "phones": [{"id": hsds_id("phone", "organization", org.pk), "number": org.phone, "type": "voice"}]
        if org.phone
        else [],
    }


def _taxonomy_attribute(service_id, kind, pk, code, name, description=""):
    term_id = hsds_id("taxonomy_term", kind, pk)
    return {
        "id": hsds_id("attribute", service_id, kind, pk),
        "link_id": service_id,
        "link_type": kind,
        "link_entity": "service",
        "taxonomy_term_id": term_id,
        "taxonomy_term": {
            "id": term_id,
            "code": code,
            "name": name,
            "description": description,
            "taxonomy": f"leergang-toegang:{kind}",
        },
    }


def service_json(entry, request):
    """One voorziening as an HSDS 3.0 service (plus a few ``x_`` extension fields)."""
    service_id = hsds_id("service", entry.pk)
    neighbourhoods = list(entry.neighbourhoods.all())
    conditions = [condition.text for condition in entry.conditions.all()]
    eligibility = "\n".join(part for part in [entry.audience, *conditions] if part)
    application = [str(AccessRoute(entry.access_route).label) + "."]
    if entry.application_steps:
        application.append(entry.application_steps)
    if entry.application_url:
        application.append(entry.application_url)
    description = entry.summary if not entry.description else f"{entry.summary}\n\n{entry.description}"
    if entry.whole_municipality:
        areas = [
            {
                "id": hsds_id("service_area", entry.pk, "gemeente"),
                "service_id": service_id,
                "name": "Zoetermeer",
                "description": "Heel Zoetermeer",
                "extent_type": "text",
            }
        ]
    else:
        areas = [
            {
                "id": hsds_id("service_area", entry.pk, wijk.pk),
                "service_id": service_id,
                "name": wijk.name,
                "description": f"Wijk {wijk.name}, Zoetermeer",
                "extent_type": "text",
            }
            for wijk in neighbourhoods
        ]
    locations = []
    for location in entry.locations.all():
        location_id = hsds_id("location", location.pk)
        locations.append(
            {
                "id": hsds_id("service_at_location", entry.pk, location.pk),
                "service_id": service_id,
                "location_id": location_id,
                "location": {
                    "id": location_id,
                    "location_type": "physical",
                    "name": location.name or entry.name,
                    "addresses": [
                        {
                            "id": hsds_id("address", location.pk),
                            "location_id": location_id,
                            "address_1": location.street,
                            "city": location.city,
                            "state_province": "Zuid-Holland",
                            "postal_code": location.postcode,
                            "country": "NL",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        )
    phones = (
        [
            {
                "id": hsds_id("phone", "service", entry.pk),
                "service_id": service_id,
                "number": entry.phone,
                "type": "voice",
            }
        ]
        if entry.phone
        else []
    )
    contacts = (
        [
            {
                "id": hsds_id("contact", entry.pk),
                "service_id": service_id,
                "name": entry.contact_person or None,
                "email": entry.email or None,
                "phones": phones,
            }
        ]
        if entry.contact_person or entry.email
        else []
    )
    schedules = (
        [{"id": hsds_id("schedule", entry.pk), "service_id": service_id, "description": entry.opening_hours}]
        if entry.opening_hours
        else []
    )
    languages = [
        {
            "id": hsds_id("language", entry.pk, index),
            "service_id": service_id,
            "name": name,
            "code": LANGUAGE_CODES.get(name.casefold()),
        }
        for index, name in enumerate(entry.language_list)
    ]
    attributes = [
        _taxonomy_attribute(
            service_id,
            "categorie",
            entry.category.pk,
            entry.category.slug,
            entry.category.name,
            entry.category.description,
        )
    ] + [_taxonomy_attribute(service_id, "tag", tag.pk, tag.slug, tag.name) for tag in entry.tags.all()]
    return {
        "id": service_id,
        "organization_id": hsds_id("organization", entry.organisation_id),
        "program_id": None,
        "name": entry.name,
        "alternate_name": None,
        "description": description,
        "url": entry.website or None,
        "email": entry.email or None,
        "status": HSDS_STATUS.get(entry.status, "inactive"),
        "interpretation_services": None,
        "application_process": "\n\n".join(application),
        "fees_description": entry.cost or ("Gratis" if entry.is_free else None),
        "wait_time": entry.waiting_time or None,
        "eligibility_description": eligibility or None,
        "minimum_age": entry.min_age,
        "maximum_age": entry.max_age,
        "assured_date": entry.last_checked_on.isoformat() if entry.last_checked_on else None,
        "assurer_email": None,
        "alert": str(Status(entry.status).label) if entry.status != Status.ACTIVE else None,
        "last_modified": entry.last_published_at.isoformat() if entry.last_published_at else None,
        "phones": phones,
        "schedules": schedules,
        "service_areas": areas,
        "service_at_locations": locations,
        "languages": languages,
        "organization": _organization(entry.organisation),
        "cost_options": [
            {
                "id": hsds_id("cost_option", entry.pk),
                "service_id": service_id,
                "option": "Gratis",
                "currency": "EUR",
                "amount": 0,
            }
        ]
        if entry.is_free
        else [],
        "contacts": contacts,
        "required_documents": [],
        "attributes": attributes,
        "x_key": entry.slug,
        "x_web_url": request.build_absolute_uri(entry.get_absolute_url()),
        "x_access_route": entry.access_route,
        "x_is_free": entry.is_free,
        "x_whole_municipality": entry.whole_municipality,
    }


class ServiceSerializer(serializers.BaseSerializer):
    """Read-only: a voorziening as an HSDS service (:func:`service_json`)."""

    def to_representation(self, instance):
        return service_json(instance, self.context["request"])
