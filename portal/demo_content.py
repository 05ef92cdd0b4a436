"""Texts of the demo site core, in Czech and English.

Facts and figures come only from the source documents in ../shared/seeds/ (named per figure);
the portal's own explanatory texts are marked as sample content on the pages that carry them.
"""

import re

NBSP = "\u00a0"

OSTRAVA_SOURCE_CS = "Statutární město Ostrava, prezentace koordinátora programu sociálního bydlení (2023)"
OSTRAVA_SOURCE_EN = "City of Ostrava, presentation by the social-housing programme coordinator (2023)"


def _figures(source: str, labels: list[str]) -> list[dict]:
    values = [f"277{NBSP}626", f"3{NBSP}000", f"12{NBSP}636", "620"]
    return [{"value": v, "label": label, "source": source} for v, label in zip(values, labels, strict=True)]


HOME = {
    "cs": {
        "title": "Pracovní skupina sociálního bydlení",
        "introduction": (
            "Místo, kde pracovní skupina a kulaté stoly k sociálnímu bydlení připravují jednání, "
            "schvalují zápisy, sledují plnění akčního plánu a učí se od dalších obcí."
        ),
        "body": [
            ("heading", {"text": "Jak pracujeme", "level": "h2"}),
            (
                "paragraph",
                "<p>Členství v pracovní skupině schvaluje rada města, skupině předsedá náměstek primátora "
                "a jednání svolává a vede manažer skupiny. Pracovní skupina i kulaté stoly se scházejí "
                "dvakrát ročně. Na programu jsou body informační, edukační, pracovní a monitorovací "
                "a rozvojové a systémové – koncepce sociálního bydlení a její akční plány.</p>"
                "<p><em>Ukázkový obsah podle modelu města Ostravy.</em></p>",
            ),
            (
                "figures",
                {
                    "heading": "Ostrava v číslech",
                    "figures": _figures(
                        OSTRAVA_SOURCE_CS,
                        [
                            f"obyvatel (a dalších 20{NBSP}262 cizinců)",
                            f"domácností v bytové nouzi (asi 7{NBSP}000 osob)",
                            "obecních bytů (3/2023; 8,7 % celkového bytového fondu)",
                            "osob bydlí nebo bydlelo v 215 bytech projektů sociálního bydlení "
                            "(334 dospělých, 286 dětí)",
                        ],
                    ),
                },
            ),
        ],
    },
    "en": {
        "title": "Social housing working group",
        "introduction": (
            "Where the social-housing working group and round tables prepare their meetings, approve "
            "minutes, track the action plan and learn from other municipalities."
        ),
        "body": [
            ("heading", {"text": "How we work", "level": "h2"}),
            (
                "paragraph",
                "<p>Membership of the working group is approved by the city council; the deputy mayor "
                "chairs it and the group manager convenes and runs its meetings. The working group and "
                "the round tables each meet twice a year. Agenda items are informational, educational, "
                "working and monitoring, or development and system items – the social-housing concept "
                "and its action plans.</p><p><em>Sample content after the Ostrava model.</em></p>",
            ),
            (
                "figures",
                {
                    "heading": "Ostrava in figures",
                    "figures": _figures(
                        OSTRAVA_SOURCE_EN,
                        [
                            f"inhabitants (plus 20{NBSP}262 foreign residents)",
                            f"households in housing need (about 7{NBSP}000 people)",
                            "municipal flats (3/2023; 8.7 % of the housing stock)",
                            "people have lived or live in the 215 flats of social-housing projects "
                            "(334 adults, 286 children)",
                        ],
                    ),
                },
            ),
        ],
    },
}

# slug -> language -> page texts; `menu` puts the page in the main navigation, `footer` in the footer.
PAGES = {
    "o-pracovni-skupine": {
        "menu": True,
        "footer": False,
        "cs": {
            "title": "O pracovní skupině",
            "introduction": "Formální platforma města a jeho partnerů pro sociální bydlení.",
            "body": [
                (
                    "paragraph",
                    "<p>Pracovní skupina sociálního bydlení má oficiální status: její členství schvaluje "
                    "rada města. Zastoupeny jsou v ní magistrát, úřady městských obvodů (sociální "
                    "a majetkové či bytové odbory a političtí představitelé), soukromý vlastník bytového "
                    "fondu, neziskové organizace, Úřad práce ČR, Ministerstvo práce a sociálních věcí "
                    "a Ministerstvo pro místní rozvoj (Agentura pro sociální začleňování). Stálým hostem "
                    "je Platforma pro sociální bydlení.</p>",
                ),
                ("heading", {"text": "Kulaté stoly", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Na kulaté stoly k sociálnímu bydlení zveme širší okruh aktérů: orgány "
                    "sociálně-právní ochrany dětí, poskytovatele sociálních služeb, zdravotnická zařízení, "
                    "domovníky, asistenty prevence kriminality, školy, sdružení občanů a také lidi "
                    "se zkušeností s bytovou nouzí.</p>",
                ),
                (
                    "quote",
                    {
                        "text": "Funkční pracovní skupina je výsledkem kvalitního zasíťování na místní úrovni.",
                        "attribution": "Podpora sociálního bydlení, MPSV",
                    },
                ),
            ],
        },
        "en": {
            "slug": "about-the-working-group",
            "title": "About the working group",
            "introduction": "The formal platform of the city and its partners for social housing.",
            "body": [
                (
                    "paragraph",
                    "<p>The social-housing working group has an official status: its membership is "
                    "approved by the city council. It brings together the city office, the district "
                    "offices (social and property or housing departments and their political "
                    "representatives), a private owner of rental housing, NGOs, the Labour Office, the "
                    "Ministry of Labour and Social Affairs and the Ministry for Regional Development "
                    "(Agency for Social Inclusion). The Platform for Social Housing is a permanent guest.</p>",
                ),
                ("heading", {"text": "Round tables", "level": "h2"}),
                (
                    "paragraph",
                    "<p>The round tables on social housing invite a wider circle: child-protection "
                    "bodies, social-service providers, health facilities, janitors, crime-prevention "
                    "assistants, schools, citizens' associations and people with lived experience of "
                    "housing need.</p>",
                ),
            ],
        },
    },
    "kontaktni-centrum": {
        "menu": True,
        "footer": False,
        "cs": {
            "title": "Kontaktní centrum",
            "introduction": "Informace a podpora pro obce i jednotlivce v oblasti sociálního bydlení.",
            "body": [
                (
                    "paragraph",
                    "<p>Kontaktní centrum projektu Podpora sociálního bydlení sbírá a šíří užitečné "
                    "informace mezi obcemi, poskytuje přímou podporu obcím i jednotlivcům a vyvrací "
                    "škodlivé mýty o sociálním bydlení.</p><p>Projekt neposkytuje byty, nabízí pomoc "
                    "v bytové nouzi prostřednictvím užitečných informací – na koho se obrátit a jaké "
                    "jsou možnosti. Osobní konzultaci je nutné sjednat předem v konzultačních hodinách "
                    "uvedených v patičce stránky.</p>",
                ),
            ],
        },
        "en": {
            "slug": "contact-centre",
            "title": "Contact centre",
            "introduction": "Information and support on social housing for municipalities and individuals.",
            "body": [
                (
                    "paragraph",
                    "<p>The Contact Centre of the Social Housing Support project gathers useful "
                    "information and shares it among municipalities, supports municipalities and "
                    "individuals directly, and works to dispel harmful myths about social housing.</p>"
                    "<p>The project does not provide flats; it helps people in housing need with "
                    "information on whom to turn to and what the options are. Personal consultations "
                    "must be booked in advance within the consultation hours shown in the page footer.</p>",
                ),
            ],
        },
    },
}

# The Social Housing Support project's contact centre (seed 002).
CONTACT = {
    "name": "Kontaktní centrum sociálního bydlení",
    "description": "Projekt neposkytuje byty, nabízí pomoc v bytové nouzi prostřednictvím užitečných informací.",
    "address": f"Na Maninách 876/7\nPraha 7 – Holešovice\n170{NBSP}00",
    "phone": "+420 778 455 761",
    "email": "socialni.bydleni@mpsv.cz",
    "hours": [("0", "12:00", "16:00"), ("2", "09:00", "13:00"), ("4", "09:00", "13:00")],
    "note": "<p>Osobní schůzku je nutné sjednat předem; lze ji dohodnout i mimo kancelář Kontaktního centra.</p>",
    "name_en": "Social Housing Contact Centre",
    "description_en": "The project does not provide flats; it helps people in housing need with useful information.",
    "note_en": "<p>A personal meeting must be arranged in advance; it can also take place outside the Contact "
    "Centre's office.</p>",
}

# The operator: the city whose working group the demo shows (seed 004: "Statutární město Ostrava",
# "Magistrát města Ostravy", the coordinator's "Odbor sociálních věcí a zdravotnictví" and its web).
# The seeds give no postal address, so the demo has none rather than an invented one.
OPERATOR = {
    "name": "Statutární město Ostrava",
    "office": "Magistrát města Ostravy",
    "department": "odbor sociálních věcí a zdravotnictví",
    "web": "https://socialniveci.ostrava.cz/",
}

# The accessibility statement (law 99/2019 Sb.), true of this portal as its own checks see it:
# tests/e2e/test_site.py (axe-core, keyboard), tests/e2e/test_public_pages.py (Nu HTML Checker, reflow
# at 320 px), portal/pdf.py (tagged PDF/UA-1, checked for its tags only). Operator, contact and dates
# are demo values. Since 1 April 2023 (Act No. 471/2022 Sb.) the Digital and Information Agency, not
# the Ministry of the Interior, supervises the law; only its name and web are given here (checked),
# the operator adds its other contacts.
_DIA_WEB = "https://www.dia.gov.cz/egovernment/pristupnost-internetovych-stranek-a-mobilnich-aplikaci/"
_NON_COMPLIANCE, _OUT_OF_SCOPE = "non_compliance", "out_of_scope"


def czech_typography(text: str) -> str:
    """No single-letter preposition or conjunction at the end of a line (ČSN 01 6910)."""
    return re.sub(r"(?<=[\s(>])([ksvzouaiKSVZOUAI]) ", lambda match: match.group(1) + NBSP, text)


ACCESSIBILITY_STATEMENT = {
    "slug": "prohlaseni-o-pristupnosti",
    "compliance_status": "partial",
    "assessment_method": "self",
    "response_days": 30,
    "feedback_email": "pristupnost@socialni-bydleni.example",
    "enforcement_web": _DIA_WEB,
    "cs": {
        "title": "Prohlášení o přístupnosti",
        "feedback_name": "Správce portálu (ukázkový kontakt)",
        "enforcement_body": "Digitální a informační agentura",
        "inaccessible_content": [
            (
                _NON_COMPLIANCE,
                "PDF zápisů, programů jednání a zprávy o plnění akčního plánu nemusí plně splňovat "
                "požadavky na přístupnost.",
                "Portál je vytváří jako označené PDF (PDF/UA-1) se strukturou, jazykem dokumentu a názvem. "
                "Jejich soulad s normou PDF/UA ale zatím neověřil nezávislý nástroj (například veraPDF).",
                "Program jednání a veřejná verze schváleného zápisu jsou na stránce jednání v HTML, "
                "plnění akčního plánu ukazují stránky akčního plánu.",
            ),
            (
                _NON_COMPLIANCE,
                "Dokumenty, které na portál nahrávají členové a redaktoři: přílohy bodů programu, podklady "
                "ke zprávám o plnění a soubory v knihovně materiálů.",
                "Portál jejich přístupnost nekontroluje. Mohou to být například naskenované dokumenty bez "
                "textové vrstvy nebo PDF bez značek.",
                "Na požádání vám obsah dokumentu poskytneme v přístupné podobě (kontakt níže).",
            ),
            (
                _NON_COMPLIANCE,
                "Administrace redakčního systému (Wagtail) pro redaktory a správce.",
                "Část jejích textů je v angličtině, protože český překlad systému Wagtail není úplný. "
                "Automatickými testy přístupnosti ji nekontrolujeme.",
                "Redaktorům a správcům pomůže správce portálu (kontakt níže).",
            ),
            (
                _OUT_OF_SCOPE,
                "Dokumenty jiných vydavatelů, na které odkazuje knihovna materiálů (například studie "
                "a prezentace ministerstev a měst).",
                "Jde o obsah třetích stran, který provozovatel nefinancuje, nevyvíjí ani nemá pod kontrolou.",
                "Co který materiál obsahuje, popisuje jeho stránka v knihovně materiálů.",
            ),
        ],
        "assessment_details": (
            "<p>Vlastní posouzení provozovatele, založené na automatických kontrolách, které jsou součástí "
            "testů portálu:</p><ul>"
            "<li>axe-core (axe-playwright-python v prohlížeči Chromium) na vybraných veřejných stránkách "
            "v češtině i angličtině, včetně tohoto prohlášení: žádné porušení pravidel;</li>"
            "<li>Nu HTML Checker (vnu) na vybraných veřejných stránkách v obou jazycích: platné HTML;</li>"
            "<li>zobrazení vybraných veřejných stránek při šířce 320 px (WCAG 2.1, kritérium 1.4.10): "
            "bez vodorovného posouvání;</li>"
            "<li>ovládání klávesnicí: odkaz pro přeskočení na obsah je první zastávkou a přesune "
            "na hlavní obsah;</li>"
            "<li>PDF zápisů: označená struktura, jazyk dokumentu a identifikace PDF/UA-1.</li></ul>"
            "<p>Automatické testy odhalí jen část možných nedostatků. Ruční audit odborníkem ani testování "
            "s lidmi se zdravotním postižením zatím neproběhly. Neveřejnou část pro členy kontrolujeme "
            "automaticky jen zčásti.</p>"
        ),
        "body": [
            (
                "paragraph",
                "<p><em>Ukázkový obsah: provozovatel, kontakt pro zpětnou vazbu a data jsou ukázkové. "
                "Popis kontrol a známých nedostatků odpovídá tomuto portálu.</em></p>",
            ),
        ],
    },
    "en": {
        "slug": "accessibility-statement",
        "title": "Accessibility statement",
        "feedback_name": "Portal administrator (sample contact)",
        "enforcement_body": "Digital and Information Agency (Digitální a informační agentura)",
        "inaccessible_content": [
            (
                _NON_COMPLIANCE,
                "The PDFs of minutes, meeting agendas and the action plan's fulfilment report may not fully "
                "meet the accessibility requirements.",
                "The portal generates them as tagged PDF (PDF/UA-1) with structure, document language and "
                "title, but their conformance to PDF/UA has not yet been verified with an independent tool "
                "(such as veraPDF).",
                "The agenda and the public version of approved minutes are on the meeting's web page in HTML; "
                "the action plan's progress is shown on the action plan's pages.",
            ),
            (
                _NON_COMPLIANCE,
                "Documents uploaded by members and editors: annexes to agenda items, evidence for progress "
                "updates and files in the materials library.",
                "The portal does not check their accessibility. They may be, for example, scanned documents "
                "without a text layer or untagged PDFs.",
                "On request we will provide the document's content in an accessible form (contact below).",
            ),
            (
                _NON_COMPLIANCE,
                "The administration of the content management system (Wagtail) for editors and administrators.",
                "Some of its texts are in English because Wagtail's Czech translation is incomplete. We do not "
                "check it with automated accessibility tests.",
                "The portal's administrator helps editors and administrators (contact below).",
            ),
            (
                _OUT_OF_SCOPE,
                "Documents of other publishers linked from the materials library (for example studies and "
                "presentations of ministries and cities).",
                "This is third-party content that the operator neither funds nor develops nor controls.",
                "Each material's page in the materials library describes what it contains.",
            ),
        ],
        "assessment_details": (
            "<p>Self-assessment by the operator, based on automated checks that are part of the portal's "
            "tests:</p><ul>"
            "<li>axe-core (axe-playwright-python in the Chromium browser) on selected public pages in Czech "
            "and English, including this statement: no rule violated;</li>"
            "<li>the Nu HTML Checker (vnu) on selected public pages in both languages: valid HTML;</li>"
            "<li>selected public pages displayed at a width of 320 px (WCAG 2.1, success criterion "
            "1.4.10 Reflow): no sideways scrolling;</li>"
            "<li>keyboard use: the skip link is the first stop and moves to the main content;</li>"
            "<li>PDFs of minutes: tagged structure, document language and the PDF/UA-1 identification.</li>"
            "</ul><p>Automated tests find only some of the possible problems. Neither a manual audit by an "
            "expert nor testing with people with disabilities has taken place yet. The members' area is "
            "checked automatically only in part.</p>"
        ),
        "body": [
            (
                "paragraph",
                "<p><em>Sample content: the operator, the feedback contact and the dates are sample values. "
                "The description of the checks and of the known gaps is true of this portal.</em></p>",
            ),
        ],
    },
}
