"""People and organisations: variants merged, kinds, who names whom."""

from __future__ import annotations

from counterpoint.entities import find_entities, find_mentions, matrix
from helpers import make_article

A = make_article(
    "Metropolitan Police Commissioner Sir Mark Rowley said he accepts the diagnosis. "
    "Baroness Louise Casey told the PA news agency she was disappointed. Casey said more.\n\n"
    "The Met has not changed, and Couzens and Carrick served in the unit.",
    outlet="One",
)
B = make_article("Louise Casey published the review. Rowley responded on Tuesday.", outlet="Two")


def names(ents):
    return {e.name: e for e in ents}


def test_variants_merge_across_articles():
    ents = names(find_entities([A, B]))
    casey = ents["Louise Casey"]
    assert casey.kind == "person"
    surfaces = {(m.article, A.text[m.start : m.end] if m.article == A.id else B.text[m.start : m.end])
                for m in casey.mentions}
    assert (A.id, "Baroness Louise Casey") in surfaces and (A.id, "Casey") in surfaces
    assert (B.id, "Louise Casey") in surfaces
    assert ents["Mark Rowley"].articles() == {A.id, B.id}
    assert ents["Metropolitan Police"].kind == "organisation"


def test_title_splits_organisation_from_person_and_and_splits_people():
    surfaces = {m.surface for m in find_mentions(A)}
    assert "Metropolitan Police" in surfaces
    assert "Commissioner Sir Mark Rowley" in surfaces
    assert {"Couzens", "Carrick"} <= surfaces
    assert not any("Couzens and" in s for s in surfaces)


def test_sentence_openers_are_not_names():
    surfaces = {m.surface for m in find_mentions(make_article("The Met said so. But Tuesday came."))}
    assert not any(s.startswith(("The ", "But ")) for s in surfaces)


def test_matrix_counts_and_omissions():
    ents = find_entities([A, B])
    m = matrix(ents, [A, B])
    assert m["Louise Casey"][A.id] >= 2 and m["Louise Casey"][B.id] == 1
    assert m["Metropolitan Police"][B.id] == 0  # outlet Two leaves the force out


def test_mentions_are_exact_spans():
    for e in find_entities([A, B]):
        for m in e.mentions:
            text = (A if m.article == A.id else B).text
            assert text[m.start : m.end].strip() == text[m.start : m.end] != ""


def test_places_named_like_people_are_left_out():
    """ECB+: "in Newport Beach", "near Rancho Mirage" were people in the matrix; places are left out by design."""
    a = make_article("Lindsay Lohan checked into a clinic in Newport Beach on Thursday. She left Newport Beach "
                     "within hours, at Mark Heller's request, for a centre near Rancho Mirage.", outlet="A")
    b = make_article("Lindsay Lohan left the facility in Newport Beach. During Lohan's stay nobody spoke.", outlet="B")
    found = names(find_entities([a, b]))
    assert "Newport Beach" not in found and "Rancho Mirage" not in found
    assert found["Lindsay Lohan"].kind == "person"
    assert found["Mark Heller"].kind == "person"  # "at Mark Heller's request" is a person's possessive
    assert not any(n.startswith("During") for n in found)


def test_place_shaped_names_are_left_out_and_organisations_kept():
    a = make_article("Lohan flew from New York to Palm Springs, then drove to Southern California. The New York "
                     "Police Department commented, as did Rory West. San Diego was quiet.", outlet="A")
    found = names(find_entities([a]))
    assert not {"New York", "Palm Springs", "Southern California", "San Diego"} & set(found)
    assert found["New York Police Department"].kind == "organisation"
    b = make_article("The San Francisco Chronicle reported it first. She then left Malibu's Cliffside for the "
                     "Promises Clinic.", outlet="B")
    found_b = names(find_entities([b]))
    assert found_b["San Francisco Chronicle"].kind == "organisation"
    assert found_b["Promises Clinic"].kind == "organisation"
    assert not any("Cliffside" in n for n in found_b)
    assert found["Rory West"].kind == "person"  # a surname that is a compass point is still a surname


def test_events_places_capitals_and_initials_are_left_out():
    """The Zyte plague story (New York Post, The Sun, Express, Smithsonian) had all of these as people or bodies."""
    a = make_article(
        "A HUNTER who ate a wild rabbit has the plague, officials in Inner Mongolia said. The hunter was isolated.\n\n"
        "SCORES QUARANTINED\n\nThe Black Death killed millions. Y. pestis lives in fleas on the Tibetan Plateau, "
        "said Li Jifeng of the Chinese CDC at 10:30 AM EST.",
        outlet="A",
    )
    found = names(find_entities([a]))
    assert not {"HUNTER", "Inner Mongolia", "SCORES QUARANTINED", "Black Death", "Y.", "Tibetan Plateau", "AM EST"} \
        & set(found)
    assert found["Li Jifeng"].kind == "person"
    assert found["Chinese CDC"].kind == "organisation"  # an acronym last, after plain words


def test_a_body_named_with_a_title_word_keeps_it_and_acronyms_are_bodies():
    a = make_article(
        "The World Health Organization and the Foreign Office said the N.F.L. and the CDC agreed. Health Secretary "
        "Jane Doe spoke to Jim Lehrer of PBS and King Henry VIII fans in D.C. and the U.S.",
        outlet="A",
    )
    found = names(find_entities([a]))
    assert found["World Health Organization"].kind == "organisation"  # not split at "Health"
    assert found["Foreign Office"].kind == "organisation"
    assert found["N.F.L"].kind == "organisation" and found["CDC"].kind == "organisation"
    assert found["Jane Doe"].kind == "person"
    assert found["Henry VIII"].kind == "person"  # an ordinal, not an acronym
    organisations = {n for n, e in found.items() if e.kind == "organisation"}
    assert not {"D.C", "U.S", "Organization", "World Organization", "Jim Lehrer of PBS"} & organisations


def test_interjections_and_imperatives_open_no_name_and_companies_end_in_co():
    """From the Zyte 'Meth. We're on it.' story: "Hey Twitter" was a person, so were "Remember New Jersey" and
    "Broadhead Co"."""
    a = make_article("Hey Twitter, meth is a problem. Remember New Jersey? The ads were made by Broadhead Co. of "
                     "Minneapolis, said Kristi Noem.", outlet="A")
    found = names(find_entities([a]))
    assert not {"Hey Twitter", "Twitter", "Remember New Jersey", "New Jersey"} & set(found)
    assert found["Broadhead Co"].kind == "organisation"
    assert found["Kristi Noem"].kind == "person"


def test_disease_and_sports_shorthand_are_not_bodies():
    a = make_article("Browns LB Joe Schobert had 2 TFL and an INT. The HIV clinic and the CDC said SARS was gone.",
                     outlet="A")
    found = names(find_entities([a]))
    assert not {"LB", "TFL", "INT", "HIV", "SARS"} & set(found)
    assert found["CDC"].kind == "organisation"
