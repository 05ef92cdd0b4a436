"""Texts of the demo site core, in Czech and English.

Facts and figures come only from the source documents in ../shared/seeds/ (named per figure);
the portal's own explanatory texts are marked as sample content on the pages that carry them.
"""

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
    "prohlaseni-o-pristupnosti": {
        "menu": False,
        "footer": True,
        "cs": {
            "title": "Prohlášení o přístupnosti",
            "introduction": (
                "Provozovatel se zavazuje zpřístupnit tyto stránky v souladu se zákonem "
                "č. 99/2019 Sb., o přístupnosti internetových stránek a mobilních aplikací."
            ),
            "body": [
                ("heading", {"text": "Stav souladu", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Stránky mají být v souladu s normou EN 301 549 a s úrovní AA pravidel "
                    "WCAG 2.1. Veřejné stránky automaticky kontrolujeme nástrojem axe-core.</p>",
                ),
                ("heading", {"text": "Zpětná vazba a kontakt", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Narazili jste na nepřístupný obsah? Napište nám na e-mail uvedený v patičce "
                    "stránky. Odpovíme do 30 dnů.</p><p><em>Ukázkový obsah: provozovatel doplní datum "
                    "posledního posouzení a kontakty dozorového orgánu.</em></p>",
                ),
            ],
        },
        "en": {
            "slug": "accessibility-statement",
            "title": "Accessibility statement",
            "introduction": (
                "The operator is committed to making this website accessible in line with Czech Act "
                "No. 99/2019 Coll. on the accessibility of websites and mobile applications."
            ),
            "body": [
                ("heading", {"text": "Compliance status", "level": "h2"}),
                (
                    "paragraph",
                    "<p>The site aims to conform to EN 301 549 and WCAG 2.1 level AA. Public pages are "
                    "checked automatically with axe-core.</p>",
                ),
                ("heading", {"text": "Feedback and contact", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Found content that is not accessible? Write to the e-mail address in the page "
                    "footer; we answer within 30 days.</p><p><em>Sample content: the operator adds the "
                    "date of the last review and the enforcement body's contacts.</em></p>",
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
}
