"""Dutch alphabetical order of people: the surname without its tussenvoegsel."""

from leergang.names import split_surname, surname_sort_key


def test_the_tussenvoegsel_is_split_off_but_a_name_of_only_particles_stays():
    assert split_surname("de Vries") == ("de", "Vries")
    assert split_surname("van der Berg") == ("van der", "Berg")
    assert split_surname("In ’t Veld") == ("In ’t", "Veld")
    assert split_surname("Van") == ("", "Van")
    assert split_surname("El Amrani") == ("", "El Amrani")
    assert split_surname("") == ("", "")


def test_people_sort_under_their_surname_accents_and_capitals_aside():
    people = [
        ("Sanne", "de Vries"),
        ("Yusuf", "Bakker"),
        ("Ilse", "van Dam"),
        ("Emre", "Özdemir"),
        ("Bram", "de Vries"),
        ("Anna", "Ter Horst"),
        ("Pim", "Oosterhout"),
        ("Noor", ""),
    ]
    ordered = sorted(people, key=lambda p: surname_sort_key(*p))
    assert ordered == [
        ("Yusuf", "Bakker"),
        ("Ilse", "van Dam"),
        ("Anna", "Ter Horst"),
        ("Noor", ""),
        ("Pim", "Oosterhout"),
        ("Emre", "Özdemir"),
        ("Bram", "de Vries"),
        ("Sanne", "de Vries"),
    ]
