"""Texts of the knowledge-base demo, in Czech and English, retold from the seeds in ../shared/seeds/.

Every figure comes from a seed and carries its source; where the seeds give no figure (most
populations), the profile says so instead of guessing.
"""

import datetime

NBSP = "\u00a0"

PLATFORMA = "Platforma pro sociální bydlení"
SRC_PLATFORMA = (
    "Platforma pro sociální bydlení: Pomáháme řešit bytovou nouzi přímo v obcích (hodnocení spolupráce obcemi)"
)
SRC_NETWORKING = (
    "MPSV, projekt Podpora sociálního bydlení: Síťování a rozvoj odborných kompetencí obcí v sociálním bydlení"
)
SRC_OSTRAVA = "Statutární město Ostrava: Sociální bydlení jako systémová aktivita (prezentace, 2023)"
SRC_ZLIN = "Statutární město Zlín: výzva k výměně zkušeností s partnerským městem (EU)"
SRC_MPSV_PROJECT = "MPSV: Social Housing Support Project (popis projektu)"
OSTRAVA_CONFERENCE_URL = "https://socialniveci.ostrava.cz/konference-o-socialnim-bydleni-ve-meste-ostrava-2023/"
OSTRAVA_COMPETITION_URL = "https://socialniveci.ostrava.cz/misto-zvane-domov-soutez-socialni-bydleni/"

# slug, Czech name, English name, Czech description, English description
APPROACHES = [
    (
        "housing-first",
        "Housing First",
        "Housing First",
        "Domácnost v bytové nouzi získá nejprve běžný byt s vlastní nájemní smlouvou a k tomu podporu sociální "
        "práce podle svých potřeb. Bydlení není odměnou za splnění podmínek, ale výchozím bodem.",
        "A household in housing need first gets an ordinary flat with its own tenancy, and social-work support "
        "as it needs it. Housing is the starting point, not a reward for meeting conditions.",
    ),
    (
        "krizovy-byt",
        "Krizový byt",
        "Crisis flat",
        "Byt, který má obec připravený pro domácnosti, jež náhle přijdou o bydlení, aby nemusely skončit "
        "na ulici nebo na ubytovně.",
        "A flat the municipality keeps ready for households that suddenly lose their home, so that they need "
        "not end up on the street or in a hostel.",
    ),
    (
        "kontaktni-misto-pro-bydleni",
        "Kontaktní centrum nebo místo pro bydlení",
        "Housing contact centre or contact point",
        "Jedno místo, kam se lidé v bytové nouzi obrátí: zjistí jejich situaci, poradí a propojí je s byty "
        "a službami. Sbírá také data o bytové nouzi v obci.",
        "One place people in housing need turn to: it assesses their situation, advises them and connects "
        "them with flats and services. It also collects data on housing need in the municipality.",
    ),
    (
        "progresivni-pravidla-pridelovani",
        "Progresivní pravidla pro přidělování obecních bytů",
        "Progressive allocation rules for municipal flats",
        "Pravidla pronajímání obecních bytů, která dávají přednost domácnostem v největší bytové nouzi, "
        "například rodinám s dětmi z ubytoven.",
        "Rules for letting municipal flats that give priority to the households in the greatest housing need, "
        "such as families with children living in hostels.",
    ),
    (
        "mapovani-bytove-nouze",
        "Mapování bytové nouze",
        "Mapping housing need",
        "Obec zjistí, kolik lidí a domácností je v bytové nouzi a v jaké situaci, aby mohla plánovat "
        "opatření podle skutečných potřeb.",
        "The municipality finds out how many people and households are in housing need, and in what situation, "
        "so that it can plan measures for the real needs.",
    ),
    (
        "registracni-tyden",
        "Registrační týden",
        "Registration week",
        "Během jednoho týdne terénní pracovníci a úřad oslovují a zapisují lidi v bytové nouzi, aby obec "
        "získala přehled o jejich počtu a potřebách.",
        "During one week, field workers and the municipal office reach out to people in housing need and record "
        "them, so that the municipality learns their number and needs.",
    ),
    (
        "pracovni-skupina",
        "Pracovní nebo expertní skupina",
        "Working group or expert group",
        "Pravidelná setkání všech místních aktérů – odborů úřadu, Úřadu práce, neziskových organizací, "
        "pronajímatelů, škol a dalších – nad sociálním bydlením a jeho strategickými dokumenty.",
        "Regular meetings of all local actors – municipal departments, the Labour Office, NGOs, landlords, "
        "schools and others – on social housing and its strategic documents.",
    ),
    (
        "pripadove-konference",
        "Případové konference (kazuistiky)",
        "Case conferences",
        "Společné probírání konkrétních situací domácností všemi, kdo jim pomáhají, aby se řešení "
        "neztrácelo mezi institucemi.",
        "Everyone who helps a household discusses its situation together, so that solutions do not get lost "
        "between institutions.",
    ),
    (
        "spoluprace-odboru",
        "Spolupráce mezi odbory",
        "Cooperation between departments",
        "Sociální a bytový (majetkový) odbor a další útvary úřadu postupují společně: sociální práce "
        "a správa bytového fondu se potkávají.",
        "The social and the housing (property) departments and other units work together: social work and "
        "housing-stock management meet.",
    ),
    (
        "zapojeni-skol",
        "Zapojení škol",
        "Involving schools",
        "Školy jsou u jednoho stolu s dalšími aktéry; pedagogové se dozvědí o možnostech spolupráce "
        "a sami přinášejí poznatky o rodinách.",
        "Schools sit at the same table as the other actors; teachers learn how to cooperate and bring their "
        "own knowledge of families.",
    ),
    (
        "zapojeni-lidi-se-zkusenosti",
        "Zapojení lidí se zkušeností s bytovou nouzí",
        "Involving people with lived experience",
        "Lidé, kteří bytovou nouzi zažili, se podílejí na přípravě a vyhodnocování opatření a přinášejí "
        "poznatky, které jinak chybí.",
        "People who have experienced housing need take part in preparing and evaluating measures and bring "
        "knowledge that is otherwise missing.",
    ),
    (
        "koncepce-a-akcni-plan",
        "Koncepce sociálního bydlení a akční plán",
        "Social-housing concept and action plan",
        "Obec si stanoví cíle v bydlení, opatření a odpovědné aktéry a jejich plnění pravidelně sleduje a vyhodnocuje.",
        "The municipality sets its housing goals, measures and responsible actors, and monitors and evaluates "
        "progress regularly.",
    ),
]

# slug, name, English name, region, population (value, year, source), flats (value, year, source), figures
MUNICIPALITIES = [
    (
        "ostrava",
        "Ostrava",
        "",
        "moravskoslezsky",
        (277626, None, SRC_OSTRAVA),
        (12636, 2023, SRC_OSTRAVA + "; stav 3/2023, 8,7 % celkového bytového fondu"),
        [
            ("cizinců s pobytem ve městě", "foreign residents", 20262, None, SRC_OSTRAVA),
            ("městských obvodů", "city districts", 23, None, SRC_OSTRAVA),
            (
                "domácností v bytové nouzi (asi 7 000 osob)",
                "households in housing need (about 7,000 people)",
                3000,
                None,
                SRC_OSTRAVA,
            ),
            (
                "bytů celkového bytového fondu ve městě",
                "flats in the city's whole housing stock",
                145795,
                2021,
                SRC_OSTRAVA,
            ),
        ],
    ),
    (
        "zlin",
        "Zlín",
        "",
        "zlinsky",
        (74255, None, SRC_ZLIN),
        (1886, None, SRC_ZLIN),
        [
            ("lidí bez domova", "homeless people", 150, None, SRC_ZLIN),
            ("lidí ohrožených ztrátou bydlení", "people at risk of losing their housing", 200, None, SRC_ZLIN),
            ("lidí se zdravotním postižením", "people with disabilities", 367, None, SRC_ZLIN),
            ("lidí ohrožených sociálním vyloučením", "people at risk of social exclusion", 257, None, SRC_ZLIN),
        ],
    ),
    ("jihlava", "Jihlava", "", "vysocina", None, None, []),
    ("liberec", "Liberec", "", "liberecky", None, None, []),
    ("praha", "Praha", "Prague", "praha", None, None, []),
    ("praha-10", "Praha 10", "Prague 10", "praha", None, None, []),
    ("praha-14", "Praha 14", "Prague 14", "praha", None, None, []),
    ("trutnov", "Trutnov", "", "kralovehradecky", None, None, []),
    ("pisek", "Písek", "", "jihocesky", None, None, []),
    ("chomutov", "Chomutov", "", "ustecky", None, None, []),
    ("steti", "Štětí", "", "ustecky", None, None, []),
]


def _p(*paragraphs: str) -> list:
    return [("paragraph", "".join(f"<p>{text}</p>" for text in paragraphs))]


def _source(title: str, publisher: str = "", url: str = "") -> tuple:
    return ("source", {"title": title, "publisher": publisher, "url": url})


PLATFORMA_SOURCE = _source(
    "Pomáháme řešit bytovou nouzi přímo v obcích. Jak spolupráci hodnotí jejich zástupci?", PLATFORMA
)
NETWORKING_SOURCE = _source(
    "Síťování a rozvoj odborných kompetencí obcí v sociálním bydlení",
    "MPSV, projekt Podpora sociálního bydlení a jeho systémové zavádění v ČR",
)
OSTRAVA_SOURCE = _source(
    "Sociální bydlení jako systémová aktivita (M. Mikulec, odbor sociálních věcí a zdravotnictví)",
    "Statutární město Ostrava",
)

MAPPED_NEED = (
    "Zmapován počet lidí v bytové nouzi",
    "Number of people in housing need mapped",
    None,
    None,
    SRC_PLATFORMA,
)

# Each record: municipality slug, approach slugs, period, partners, outcomes
# (label, English label, value or None for an achievement, year, source), Czech and English texts.
RECORDS = [
    {
        "slug": "jihlava-housing-first-a-registracni-tyden",
        "municipality": "jihlava",
        "approaches": ["housing-first", "registracni-tyden", "mapovani-bytove-nouze", "zapojeni-lidi-se-zkusenosti"],
        "partners": "Platforma pro sociální bydlení (expert na ukončování bezdomovectví)\nterénní pracovníci\n"
        "neziskové organizace",
        "outcomes": [
            MAPPED_NEED,
            ("bytů pro ohrožené domácnosti", "flats for households at risk", 12, None, SRC_PLATFORMA),
        ],
        "contact": "Statutární město Jihlava",
        "sources": [PLATFORMA_SOURCE],
        "cs": {
            "title": "Jihlava: pilotní Housing First a registrační týden",
            "introduction": "S pomocí experta na ukončování bezdomovectví město získalo dotaci na pilotní "
            "ověření Housing First pro 12 domácností a připravilo registrační týden.",
            "body": _p(
                "Platforma pro sociální bydlení poskytla městu experta na ukončování bezdomovectví. Díky jeho "
                "podpoře město využilo dotační program a podalo projekt pilotního testování Housing First. "
                "Projekt neřeší jen bytovou nouzi 12 domácností: vzdělává pracovníky v metodě Housing First "
                "a posiluje komunikaci mezi úřadem, neziskovým sektorem, dalšími institucemi a veřejností. "
                "Do realizace je zapojena i cílová skupina.",
                "Expert působí jako metodická podpora týmu terénních pracovníků a jako poradce pracovníků úřadu. "
                "Registrační týden, který s ním úřad připravil, hodnotí kolegové z jiných měst jako příklad "
                "nejlepší praxe. Po úspěšném startu se město pouští do dalších nástrojů k ukončení bytové nouze.",
            ),
            "lessons": "<ul><li>Externí odborník pomohl městu využít dotační program a nastavit projekt.</li>"
            "<li>Registrační týden dává přehled o lidech v bytové nouzi a je inspirací pro další města.</li></ul>",
        },
        "en": {
            "slug": "jihlava-housing-first-and-registration-week",
            "title": "Jihlava: a Housing First pilot and a registration week",
            "introduction": "With an expert on ending homelessness, the city won a grant to pilot Housing First "
            "for 12 households and prepared a registration week.",
            "body": _p(
                "The Platform for Social Housing provided the city with an expert on ending homelessness. With "
                "his support the city used a grant programme to pilot Housing First. Besides housing 12 "
                "households, the project trains staff in the Housing First method and strengthens communication "
                "between the municipal office, NGOs, other institutions and the public. The target group takes "
                "part in the project.",
                "The expert supports the field-work team and advises the office staff. Colleagues from other "
                "cities rate the registration week he prepared with the office as best practice.",
            ),
            "lessons": "<ul><li>An outside expert helped the city use a grant programme.</li><li>A registration "
            "week gives an overview of the people in housing need.</li></ul>",
        },
    },
    {
        "slug": "liberec-housing-first",
        "municipality": "liberec",
        "approaches": ["housing-first"],
        "partners": "Platforma pro sociální bydlení",
        "outcomes": [
            (
                "roky běží program Housing First",
                "years the Housing First programme has been running",
                2,
                None,
                SRC_PLATFORMA,
            ),
            ("zabydlených domácností", "households housed", 20, None, SRC_PLATFORMA),
        ],
        "contact": "Statutární město Liberec",
        "sources": [PLATFORMA_SOURCE],
        "cs": {
            "title": "Liberec: dva roky programu Housing First",
            "introduction": "Statutární město Liberec provozuje program Housing First dva roky a zabydlelo "
            "v něm 20 domácností.",
            "body": _p(
                "Náměstek primátora pro kulturu, školství, sociální věci a cestovní ruch označuje Platformu pro "
                "sociální bydlení za klíčového aktéra v prosazování progresivních forem zabydlování těch "
                "nejpotřebnějších. Město v ní našlo odborníky na sociální bydlení a spolupracovníky pro své "
                "projekty Housing First.",
                "Podle zkušenosti města není zavádění Housing First v české společnosti jednoduché, výsledky "
                "však ukazují, že přístup funguje.",
            ),
            "lessons": "<p>Dlouhodobé partnerství s odborníky pomáhá udržet program i přes nepřízeň veřejnosti.</p>",
        },
        "en": {
            "slug": "liberec-housing-first",
            "title": "Liberec: two years of Housing First",
            "introduction": "The statutory city of Liberec has run a Housing First programme for two years "
            "and has housed 20 households in it.",
            "body": _p(
                "The deputy mayor for culture, education, social affairs and tourism calls the Platform for "
                "Social Housing a key actor in promoting progressive ways of housing those most in need. The city "
                "found experts and partners there for its Housing First projects.",
            ),
            "lessons": "<p>A long-term partnership with experts helps a programme last even when the public is "
            "sceptical.</p>",
        },
    },
    {
        "slug": "praha-deti-z-ubytoven-do-bytu",
        "municipality": "praha",
        "approaches": ["progresivni-pravidla-pridelovani", "spoluprace-odboru"],
        "partners": "bytový a sociální odbor Magistrátu hl. m. Prahy\nposkytovatelé služeb z neziskových "
        "organizací\nměstské části\nÚřad práce ČR\nPlatforma pro sociální bydlení",
        "outcomes": [
            (
                "Progresivní zásady pro přidělování městských bytů",
                "Progressive rules for allocating city flats",
                None,
                None,
                SRC_PLATFORMA,
            ),
            (
                "bytů pro rodiny s dětmi z ubytoven",
                "flats for families with children from hostels",
                30,
                None,
                SRC_PLATFORMA,
            ),
            (
                "Stanoven cíl úplně ukončit bezdomovectví rodin s dětmi",
                "Goal set to end homelessness of families with children",
                None,
                None,
                SRC_PLATFORMA,
            ),
        ],
        "contact": "Magistrát hl. m. Prahy",
        "sources": [PLATFORMA_SOURCE],
        "cs": {
            "title": "Praha: všechny děti z ubytoven do běžného bydlení",
            "introduction": "Hlavní město si dalo za cíl dostat všechny pražské děti z ubytoven do běžného "
            "bydlení; změnilo pravidla přidělování bytů a vyčlenilo 30 bytů pro rodiny s dětmi.",
            "body": _p(
                "Závazek dostat všechny pražské děti z ubytoven do běžného bydlení vyžaduje robustní systém, "
                "do kterého jsou zapojeni všichni důležití aktéři: bytový a sociální odbor magistrátu, "
                "poskytovatelé služeb z neziskových organizací, městské části i Úřad práce.",
                "Know-how, jak takový integrovaný systém postavit, přinesli odborníci Platformy pro sociální "
                "bydlení v desítkách až stovkách hodin bezplatných konzultací. Cílem je, aby si většina rodin "
                "bydlení udržela dlouhodobě.",
            ),
            "lessons": "<p>Politický závazek potřebuje systém, v němž má každý aktér jasnou roli.</p>",
        },
        "en": {
            "slug": "prague-children-out-of-hostels",
            "title": "Prague: every child out of hostels into ordinary housing",
            "introduction": "The capital set itself the goal of moving all Prague children from hostels into "
            "ordinary housing; it changed its allocation rules and set aside 30 flats for families with children.",
            "body": _p(
                "The commitment needs a robust system involving every relevant actor: the city's housing and "
                "social departments, NGO service providers, the city districts and the Labour Office. Experts of "
                "the Platform for Social Housing brought the know-how in tens to hundreds of hours of free "
                "consultations.",
            ),
            "lessons": "<p>A political commitment needs a system in which every actor has a clear role.</p>",
        },
    },
    {
        "slug": "praha-10-kontaktni-centrum-bydleni",
        "municipality": "praha-10",
        "approaches": ["progresivni-pravidla-pridelovani", "kontaktni-misto-pro-bydleni"],
        "partners": "poskytovatelé sociálních služeb\nPlatforma pro sociální bydlení",
        "outcomes": [
            (
                "Progresivní zásady pro přidělování městských bytů",
                "Progressive rules for allocating municipal flats",
                None,
                None,
                SRC_PLATFORMA,
            ),
            ("Otevřeno Kontaktní centrum bydlení", "Housing contact centre opened", None, None, SRC_PLATFORMA),
            ("zabydlených rodin s dětmi", "families with children housed", 10, None, SRC_PLATFORMA),
        ],
        "contact": "Městská část Praha 10",
        "sources": [PLATFORMA_SOURCE],
        "cs": {
            "title": "Praha 10: nová pravidla pronájmu a Kontaktní centrum bydlení",
            "introduction": "Během prvního roku nového vedení změnila městská část pravidla pronajímání "
            "obecních bytů, otevřela Kontaktní centrum bydlení a zabydlela více než 10 rodin s dětmi z ubytoven.",
            "body": _p(
                "Městská část nastavila také průběh spolupráce s poskytovateli služeb při zabydlování rodin "
                "v bytové nouzi. Vše s metodickou, analytickou i praktickou pomocí Platformy pro sociální bydlení; "
                "spolupráce pokračuje dalšími kroky.",
            ),
            "lessons": "<p>I za jediný rok lze změnit pravidla i praxi, pokud má úřad včas správné nástroje.</p>",
        },
        "en": {
            "slug": "prague-10-housing-contact-centre",
            "title": "Prague 10: new letting rules and a housing contact centre",
            "introduction": "In the first year of its new leadership the district changed its rules for letting "
            "municipal flats, opened a housing contact centre and housed more than 10 families with children "
            "from hostels.",
            "body": _p(
                "The district also agreed how it works with service providers when housing families in need, with "
                "methodological, analytical and practical help from the Platform for Social Housing.",
            ),
            "lessons": "<p>Rules and practice can change within one year when the office gets the right tools in "
            "time.</p>",
        },
    },
    {
        "slug": "trutnov-mapovani-a-krizovy-byt",
        "municipality": "trutnov",
        "approaches": ["mapovani-bytove-nouze", "krizovy-byt", "spoluprace-odboru"],
        "partners": "Platforma pro sociální bydlení",
        "outcomes": [
            MAPPED_NEED,
            ("Zřízen krizový byt", "Crisis flat set up", None, None, SRC_PLATFORMA),
            (
                "Nastavena progresivní spolupráce mezi odbory",
                "Progressive cooperation between departments set up",
                None,
                None,
                SRC_PLATFORMA,
            ),
        ],
        "contact": "Město Trutnov",
        "sources": [PLATFORMA_SOURCE],
        "cs": {
            "title": "Trutnov: od mapování bytové nouze ke krizovému bytu",
            "introduction": "Město zmapovalo počet lidí v bytové nouzi, zřídilo krizový byt a nastavilo "
            "spolupráci mezi odbory.",
            "body": _p(
                "Vedení města oceňuje komplexní přístup: od vstupní analýzy až po závěrečnou prezentaci "
                "veřejnosti. Odborníci podle něj dokázali pochopit specifika města a přistupovat k tématu "
                "věcně a s nadhledem.",
            ),
            "lessons": "<p>Analýza na začátku a prezentace výsledků veřejnosti na konci patří ke stejnému procesu.</p>",
        },
        "en": {
            "slug": "trutnov-mapping-and-crisis-flat",
            "title": "Trutnov: from mapping housing need to a crisis flat",
            "introduction": "The town mapped the number of people in housing need, set up a crisis flat and "
            "organised cooperation between its departments.",
            "body": _p(
                "The town's leadership values the comprehensive approach, from the initial analysis to the final "
                "presentation to the public.",
            ),
            "lessons": "<p>The analysis at the start and the public presentation at the end belong to one process.</p>",
        },
    },
    {
        "slug": "pisek-koncepce-bydleni",
        "municipality": "pisek",
        "approaches": ["koncepce-a-akcni-plan"],
        "partners": "Agentura pro sociální začleňování\nPlatforma pro sociální bydlení\nsíť partnerských obcí",
        "outcomes": [("zabydlené domácnosti", "households housed", 4, None, SRC_PLATFORMA)],
        "contact": "Město Písek, odbor sociálních věcí",
        "sources": [PLATFORMA_SOURCE],
        "cs": {
            "title": "Písek: koncepce bydlení a síť partnerských obcí",
            "introduction": "Město dlouhodobě řeší vyloučené lokality a bytovou nouzi, zpracovává koncepci "
            "bydlení a zabydlelo 4 domácnosti.",
            "body": _p(
                "Úsilí města vyústilo ve spolupráci s Agenturou pro sociální začleňování a později s Platformou "
                "pro sociální bydlení, která pomáhá definovat reálné cíle a konzultovat návrhy města.",
                "Písek je členem sítě partnerských obcí, kde si zástupci obcí sdělují úspěchy i těžkosti a učí se "
                "od sebe navzájem.",
            ),
            "lessons": "<p>Setkávání s dalšími obcemi inspiruje a pomáhá nastavit reálné cíle.</p>",
        },
        "en": {
            "slug": "pisek-housing-concept",
            "title": "Písek: a housing concept and a network of partner municipalities",
            "introduction": "The town has long worked on excluded localities and housing need, is preparing a "
            "housing concept and has housed 4 households.",
            "body": _p(
                "It works with the Agency for Social Inclusion and later with the Platform for Social Housing, "
                "and belongs to a network of partner municipalities that learn from one another.",
            ),
            "lessons": "<p>Meeting other municipalities inspires and helps set realistic goals.</p>",
        },
    },
    {
        "slug": "ostrava-pracovni-skupina-a-kulate-stoly",
        "municipality": "ostrava",
        "approaches": ["pracovni-skupina", "koncepce-a-akcni-plan", "spoluprace-odboru", "kontaktni-misto-pro-bydleni"],
        "period_from": 2016,
        "partners": "Magistrát města Ostravy (odbor sociálních věcí a zdravotnictví, majetkový odbor)\n"
        "úřady městských obvodů\nHeimstaden\nneziskové organizace\nÚřad práce ČR\nMPSV\n"
        "MMR – Agentura pro sociální začleňování\nOstravská univerzita\nPlatforma pro sociální bydlení (stálý host)",
        "outcomes": [
            ("bytů v projektech sociálního bydlení", "flats in social-housing projects", 215, 2023, SRC_OSTRAVA),
            (
                "dospělých bydlí nebo bydlelo v projektech",
                "adults have lived or live in the projects",
                334,
                2023,
                SRC_OSTRAVA,
            ),
            (
                "dětí bydlí nebo bydlelo v projektech",
                "children have lived or live in the projects",
                286,
                2023,
                SRC_OSTRAVA,
            ),
        ],
        "contact": "Mgr. Marek Mikulec, Ph.D., koordinátor programu sociálního bydlení, odbor sociálních věcí "
        "a zdravotnictví Magistrátu města Ostravy, marek.mikulec@ostrava.cz",
        "sources": [
            OSTRAVA_SOURCE,
            _source(
                "Konference Statutární město Ostrava a sociální bydlení (04/2023)",
                "Statutární město Ostrava",
                OSTRAVA_CONFERENCE_URL,
            ),
            _source(
                "Místo zvané domov – soutěž pro klienty sociálního bydlení",
                "Statutární město Ostrava",
                OSTRAVA_COMPETITION_URL,
            ),
            NETWORKING_SOURCE,
        ],
        "cs": {
            "title": "Ostrava: formální pracovní skupina a kulaté stoly",
            "introduction": "Ostrava řídí sociální bydlení jako systémovou aktivitu města: pracovní skupina "
            "schválená radou města, kulaté stoly, koncepce s akčním plánem a evaluace.",
            "body": _p(
                "Členství v Pracovní skupině sociálního bydlení schvaluje rada města, takže má oficiální status. "
                "Předsedá jí náměstek primátora, jednání svolává a vede manažer skupiny. Vedle ní se konají "
                "Kulaté stoly k sociálnímu bydlení; obojí dvakrát ročně.",
                "Na jednáních se střídají body informační, edukační (dobrá praxe, výzkumy), pracovní a "
                "monitorovací (plnění akčního plánu) a rozvojové (koncepce a její aktualizace). Tematické "
                "skupiny pro údržbu a rozvoj bytového fondu a pro krizové, sociální a dostupné bydlení "
                "připravily podklady, z nichž vznikl Akční plán na implementaci Koncepce sociálního bydlení.",
                "Město o sociálním bydlení komunikuje: v dubnu 2023 uspořádalo konferenci a pro klienty projektů "
                "vyhlásilo fotosoutěž „Co pro nás znamená domov?“. Evaluace sleduje dopady na domácnosti "
                "a navíc dává prostor spolupracujícím aktérům reflektovat vlastní roli.",
            ),
            "lessons": "<ul><li>Formální status skupiny zvyšuje závaznost dohod.</li><li>Je třeba uznat "
            "legitimitu obou pohledů: optiky sociální práce i optiky řádného hospodáře.</li><li>Klíčovým "
            "vnějším faktorem zůstává legislativa.</li></ul>",
        },
        "en": {
            "slug": "ostrava-working-group-and-round-tables",
            "title": "Ostrava: a formal working group and round tables",
            "introduction": "Ostrava runs social housing as a systemic activity of the city: a working group "
            "approved by the city council, round tables, a concept with an action plan, and evaluation.",
            "body": _p(
                "Membership of the Social Housing Working Group is approved by the city council, which gives it "
                "official status. The deputy mayor chairs it and the group manager convenes and runs its "
                "meetings. Round tables on social housing meet alongside it, each twice a year.",
                "Agendas mix informational, educational, working and monitoring, and development items. Thematic "
                "groups prepared the ground for the action plan implementing the city's social-housing concept. "
                "The city held a conference in April 2023 and a photo competition for clients, “What does home "
                "mean to us?”.",
            ),
            "lessons": "<ul><li>A formal status makes agreements binding.</li><li>Both views are legitimate: "
            "social work and prudent asset management.</li><li>Legislation remains the key outside factor."
            "</li></ul>",
        },
    },
    {
        "slug": "chomutov-expertni-skupina",
        "municipality": "chomutov",
        "approaches": ["pracovni-skupina", "koncepce-a-akcni-plan"],
        "partners": "Úřad práce ČR\nneziskové organizace\nbytová společnost",
        "outcomes": [
            (
                "Expertní skupina při přípravě koncepce sociálního bydlení",
                "Expert group while preparing the social-housing concept",
                None,
                None,
                SRC_NETWORKING,
            ),
        ],
        "contact": "Statutární město Chomutov",
        "sources": [NETWORKING_SOURCE],
        "cs": {
            "title": "Chomutov: expertní skupina ke koncepci sociálního bydlení",
            "introduction": "Při přípravě koncepce sociálního bydlení město svolalo expertní skupinu odborníků.",
            "body": _p(
                "Přímá účast zástupců Úřadu práce, neziskových organizací a bytové společnosti pomohla rychle "
                "vyřešit praktické problémy lidí s bydlením. I v menších městech přivádí taková skupina k jednomu "
                "stolu subjekty s různými potřebami.",
            ),
            "lessons": "<p>Když u stolu sedí ti, kdo rozhodují o dávkách, službách i bytech, řeší se případy "
            "rychleji.</p>",
        },
        "en": {
            "slug": "chomutov-expert-group",
            "title": "Chomutov: an expert group for the social-housing concept",
            "introduction": "While preparing its social-housing concept, the city convened an expert group.",
            "body": _p(
                "The direct participation of the Labour Office, NGOs and the housing company helped solve "
                "people's practical housing problems quickly.",
            ),
            "lessons": "<p>With benefits, services and flats at one table, cases are solved faster.</p>",
        },
    },
    {
        "slug": "steti-pracovni-skupina-a-skoly",
        "municipality": "steti",
        "approaches": ["pracovni-skupina", "zapojeni-skol"],
        "partners": "neziskové organizace\nodbor sociálních věcí\nodbor majetku a správy\nÚřad práce ČR\n"
        "pronajímatelé bytů, ubytovny, azylové domy\nzdravotnická zařízení\nSvaz tělesně postižených\n"
        "OSPOD Litoměřice\nmístní školy",
        "outcomes": [
            ("Pracovní skupina všech místních aktérů", "Working group of all local actors", None, None, SRC_NETWORKING),
            ("Zapojeny místní školy", "Local schools involved", None, None, SRC_NETWORKING),
        ],
        "contact": "Město Štětí",
        "sources": [NETWORKING_SOURCE],
        "cs": {
            "title": "Štětí: pracovní skupina se všemi místními aktéry a se školami",
            "introduction": "Ve Štětí se v jedné pracovní skupině potkávají všichni místní aktéři včetně škol.",
            "body": _p(
                "Ve skupině jsou neziskové organizace, odbory úřadu, Úřad práce, pronajímatelé bytů, ubytovny "
                "a azylové domy, zdravotnická zařízení, Svaz tělesně postižených i OSPOD. Kromě sociálního bydlení "
                "se zde sdílejí novinky z obce.",
                "Město do setkávání zapojilo místní školy a informuje pedagogy o své činnosti a možnostech "
                "spolupráce; zapojení škol může být pro sociální bydlení i pro sociální politiku klíčové.",
            ),
            "lessons": "<p>Školy vidí situaci rodin dříve než úřad; patří proto ke stolu.</p>",
        },
        "en": {
            "slug": "steti-working-group-and-schools",
            "title": "Štětí: a working group of all local actors, schools included",
            "introduction": "In Štětí all local actors, schools included, meet in one working group.",
            "body": _p(
                "NGOs, municipal departments, the Labour Office, landlords, hostels and shelters, health "
                "facilities, a disability association and the child-protection body take part; the town has also "
                "involved local schools.",
            ),
            "lessons": "<p>Schools see families' situations early, so they belong at the table.</p>",
        },
    },
    {
        "slug": "praha-14-odborne-pracovni-skupiny",
        "municipality": "praha-14",
        "approaches": ["pracovni-skupina"],
        "partners": "místní političtí představitelé",
        "outcomes": [
            (
                "Odborné pracovní skupiny s účastí politiků",
                "Expert working groups with local politicians",
                None,
                None,
                SRC_NETWORKING,
            ),
        ],
        "contact": "Městská část Praha 14",
        "sources": [NETWORKING_SOURCE],
        "cs": {
            "title": "Praha 14: odborné pracovní skupiny s účastí politiků",
            "introduction": "V městské části Praha 14 fungují odborné pracovní skupiny, jichž se účastní "
            "i místní političtí představitelé.",
            "body": _p(
                "Účast politiků v odborných skupinách propojuje odbornou práci s rozhodováním a pomáhá, aby "
                "závěry skupin došly naplnění.",
            ),
            "lessons": "<p>Politici u stolu zkracují cestu od doporučení k rozhodnutí.</p>",
        },
        "en": {
            "slug": "prague-14-expert-working-groups",
            "title": "Prague 14: expert working groups with local politicians",
            "introduction": "The Prague 14 district runs expert working groups that local politicians attend.",
            "body": _p("Politicians in the groups link expert work with decision-making."),
            "lessons": "<p>Politicians at the table shorten the way from recommendation to decision.</p>",
        },
    },
]

MYTH_SOURCES = {
    "platforma": PLATFORMA_SOURCE,
    "networking": NETWORKING_SOURCE,
    "ostrava": OSTRAVA_SOURCE,
    "mpsv": _source("Social Housing Support Project", "MPSV"),
    "contact": _source("Kontakt – Podpora sociálního bydlení", "MPSV"),
}
REVIEWER = "Redakce portálu (ukázka)"

MYTHS = [
    {
        "slug": "housing-first-u-nas-nefunguje",
        "verdict": "myth",
        "sources": ["platforma"],
        "last_reviewed": datetime.date(2026, 10, 1),
        "cs": {
            "title": "Housing First u nás fungovat nemůže",
            "introduction": "České obce Housing First zavádějí a mají výsledky.",
            "body": _p(
                "Liberec provozuje program Housing First dva roky a zabydlel v něm 20 domácností. Jihlava "
                "s pomocí dotačního programu pilotně testuje Housing First pro 12 domácností. Platforma pro "
                "sociální bydlení, která obcím pomáhá, uvádí, že obce zabydlely už desítky domácností a že se "
                "ukazuje, že přístupy jako Housing First fungují."
            ),
        },
        "en": {
            "slug": "housing-first-cannot-work-here",
            "title": "Housing First cannot work here",
            "introduction": "Czech municipalities use Housing First and have results.",
            "body": _p(
                "Liberec has run Housing First for two years and housed 20 households; Jihlava pilots it for 12 "
                "households. The Platform for Social Housing reports that municipalities have housed dozens of "
                "households and that approaches like Housing First work."
            ),
        },
    },
    {
        "slug": "socialni-bydleni-je-jen-pro-velka-mesta",
        "verdict": "myth",
        "sources": ["mpsv"],
        "last_reviewed": datetime.date(2026, 10, 1),
        "cs": {
            "title": "Sociální bydlení je jen pro velká města",
            "introduction": "Sociální bydlení zkoušely obce od vesnice se 400 obyvateli po pražské městské části.",
            "body": _p(
                "Do projektu MPSV Podpora sociálního bydlení se od roku 2016 zapojilo 16 průkopnických obcí "
                "z celé republiky. Záměrně byly různé: od malé vesnice se 400 obyvateli až po městské části "
                "hlavního města, aby výsledný systém fungoval všude."
            ),
        },
        "en": {
            "slug": "social-housing-is-only-for-big-cities",
            "title": "Social housing is only for big cities",
            "introduction": "Municipalities from a village of 400 people to districts of Prague have tried it.",
            "body": _p(
                "Since 2016, 16 pioneer municipalities have worked with the Ministry of Labour and Social Affairs. "
                "They ranged from a small village of 400 citizens to districts of the capital, so that the "
                "eventual system works everywhere."
            ),
        },
    },
    {
        "slug": "socialni-bydleni-je-vec-jen-socialniho-odboru",
        "verdict": "myth",
        "sources": ["networking", "ostrava"],
        "last_reviewed": datetime.date(2026, 10, 1),
        "cs": {
            "title": "Sociální bydlení je věc jen sociálního odboru",
            "introduction": "Funguje tam, kde spolupracuje sociální i bytový odbor, Úřad práce, "
            "neziskové organizace, pronajímatelé a další.",
            "body": _p(
                "Metodika projektu Podpora sociálního bydlení doporučuje pracovní skupinu, v níž jsou sociální "
                "i bytový či majetkový odbor, OSPOD, Úřad práce, neziskové organizace, poskytovatelé služeb, "
                "zdravotnická zařízení, soukromí pronajímatelé, školy i lidé se zkušeností s bytovou nouzí. "
                "V Ostravě je členem pracovní skupiny i soukromý vlastník bytového fondu a skupině předsedá "
                "náměstek primátora."
            ),
        },
        "en": {
            "slug": "social-housing-is-only-for-the-social-department",
            "title": "Social housing is a matter for the social department only",
            "introduction": "It works where the social and housing departments, the Labour Office, NGOs, "
            "landlords and others cooperate.",
            "body": _p(
                "The Social Housing Support project recommends a working group of all these actors. In Ostrava a "
                "private landlord is a member and the deputy mayor chairs the group."
            ),
        },
    },
    {
        "slug": "kontaktni-centrum-prideluje-byty",
        "verdict": "myth",
        "sources": ["contact"],
        "last_reviewed": datetime.date(2026, 10, 1),
        "cs": {
            "title": "Kontaktní centrum sociálního bydlení přiděluje byty",
            "introduction": "Projekt MPSV byty neposkytuje; pomáhá informacemi, na koho se obrátit "
            "a jaké jsou možnosti.",
            "body": _p(
                "Byty pronajímají obce a další pronajímatelé. Kontaktní centrum sbírá a šíří informace mezi "
                "obcemi, podporuje obce i jednotlivce a radí lidem v bytové nouzi, kam se obrátit. Osobní "
                "konzultaci je třeba sjednat předem."
            ),
        },
        "en": {
            "slug": "the-contact-centre-allocates-flats",
            "title": "The social-housing contact centre allocates flats",
            "introduction": "The ministry's project provides no flats; it helps with information on whom "
            "to turn to and what the options are.",
            "body": _p("Municipalities and other landlords let flats; the contact centre informs and advises."),
        },
    },
    {
        "slug": "rodiny-z-ubytoven-nelze-zabydlet",
        "verdict": "myth",
        "sources": ["platforma"],
        "last_reviewed": datetime.date(2025, 6, 30),
        "cs": {
            "title": "Rodiny s dětmi z ubytoven do běžných bytů dostat nelze",
            "introduction": "Praha 10 zabydlela za rok více než 10 rodin s dětmi z ubytoven.",
            "body": _p(
                "Praha 10 během prvního roku nového vedení změnila pravidla pronájmu obecních bytů, otevřela "
                "Kontaktní centrum bydlení a dostala více než 10 rodin s dětmi z ubytoven do bytu. Hlavní město "
                "vyčlenilo 30 bytů pro rodiny s dětmi z ubytoven a stanovilo si cíl bezdomovectví rodin s dětmi "
                "úplně ukončit."
            ),
        },
        "en": {
            "slug": "families-cannot-move-from-hostels",
            "title": "Families with children cannot move from hostels into ordinary flats",
            "introduction": "Prague 10 housed more than 10 families with children from hostels within a year.",
            "body": _p(
                "Prague set aside 30 flats for families with children from hostels and aims to end the "
                "homelessness of families with children altogether."
            ),
        },
    },
]

# Materials named in the seeds (001: the project's studies and handbooks; 004: Ostrava's presentation).
MATERIALS = [
    {
        "slug": "ostrava-socialni-bydleni-jako-systemova-aktivita",
        "type": "presentation",
        "year": 2023,
        "language": "cs",
        "publisher": "Statutární město Ostrava",
        "audiences": ["politicians", "social_workers"],
        "url": OSTRAVA_CONFERENCE_URL,
        "cs": {
            "title": "Sociální bydlení jako systémová aktivita (Ostrava)",
            "introduction": "Prezentace koordinátora programu sociálního bydlení: město v číslech, pracovní "
            "skupina a kulaté stoly, komunikace a evaluace.",
        },
        "en": {
            "slug": "ostrava-social-housing-as-a-systemic-activity",
            "title": "Social housing as a systemic activity (Ostrava)",
            "introduction": "The social-housing programme coordinator's presentation: the city in figures, the "
            "working group and round tables, communication and evaluation.",
        },
    },
    {
        "slug": "evaluacni-studie-socialniho-bydleni",
        "type": "study",
        "year": None,
        "language": "cs",
        "publisher": "MPSV, projekt Podpora sociálního bydlení",
        "audiences": ["politicians", "public"],
        "cs": {
            "title": "Evaluační studie sociálního bydlení",
            "introduction": "Jedna ze studií projektu Podpora sociálního bydlení; vyhodnocuje přístupy "
            "k sociálnímu bydlení v místních podmínkách. O text požádejte Kontaktní centrum.",
        },
        "en": {
            "slug": "social-housing-evaluation-study",
            "title": "Social housing evaluation study",
            "introduction": "One of the Social Housing Support project's studies, evaluating approaches under "
            "local conditions. Ask the Contact Centre for the text.",
        },
    },
    {
        "slug": "srovnavaci-analyza-socialniho-bydleni-v-evrope",
        "type": "study",
        "year": None,
        "language": "cs",
        "publisher": "MPSV, projekt Podpora sociálního bydlení",
        "audiences": ["politicians"],
        "cs": {
            "title": "Srovnávací analýza sociálního bydlení v Evropě",
            "introduction": "Studie projektu Podpora sociálního bydlení srovnávající systémy sociálního "
            "bydlení v evropských zemích.",
        },
        "en": {
            "slug": "comparative-analysis-of-social-housing-in-europe",
            "title": "Comparative analysis of social housing across Europe",
            "introduction": "A Social Housing Support project study comparing social-housing systems in Europe.",
        },
    },
    {
        "slug": "analyza-rezidencni-segregace",
        "type": "study",
        "year": None,
        "language": "cs",
        "publisher": "MPSV, projekt Podpora sociálního bydlení",
        "audiences": ["politicians", "social_workers"],
        "cs": {
            "title": "Analýza rezidenční segregace",
            "introduction": "Výzkumná studie projektu Podpora sociálního bydlení o prostorovém vyloučení.",
        },
        "en": {
            "slug": "analysis-of-residential-segregation",
            "title": "Analysis of residential segregation",
            "introduction": "A Social Housing Support project research study on residential segregation.",
        },
    },
    {
        "slug": "metodicka-prirucka-pro-socialni-pracovniky-obci",
        "type": "manual",
        "year": None,
        "language": "cs",
        "publisher": "MPSV, projekt Podpora sociálního bydlení",
        "audiences": ["social_workers"],
        "cs": {
            "title": "Metodická příručka pro sociální pracovníky obcí",
            "introduction": "Příručka propojující sociální práci s bytovou politikou a dalšími nástroji "
            "sociální politiky; k ní semináře a workshopy.",
        },
        "en": {
            "slug": "handbook-for-municipal-social-workers",
            "title": "Handbook for municipal social workers",
            "introduction": "A handbook linking social work with housing policy and other social-policy tools, "
            "with seminars and workshops.",
        },
    },
    {
        "slug": "metodicka-prirucka-pro-pracovniky-uradu-prace",
        "type": "manual",
        "year": None,
        "language": "cs",
        "publisher": "MPSV, projekt Podpora sociálního bydlení",
        "audiences": ["labour_office"],
        "cs": {
            "title": "Metodická příručka pro pracovníky Úřadu práce",
            "introduction": "Příručka pro pracovníky Úřadu práce ČR, kteří s klienty v bytové nouzi pracují každý den.",
        },
        "en": {
            "slug": "handbook-for-labour-office-staff",
            "title": "Handbook for Labour Office staff",
            "introduction": "A handbook for Labour Office staff who work with clients in housing need every day.",
        },
    },
]

INDEXES = {
    "good_practice": {
        "cs": {
            "title": "Dobrá praxe z obcí",
            "slug": "dobra-praxe",
            "introduction": "Co obce udělaly pro lidi v bytové nouzi, s kým a s jakými výsledky. Každé číslo "
            "uvádíme se zdrojem.",
        },
        "en": {
            "title": "Good practice from municipalities",
            "slug": "good-practice",
            "introduction": "What municipalities did for people in housing need, with whom, and with what results. "
            "Every figure comes with its source.",
        },
    },
    "myths": {
        "cs": {
            "title": "Mýty a fakta",
            "slug": "myty-a-fakta",
            "introduction": "Rozšířená tvrzení o sociálním bydlení a co o nich říkají zdroje.",
        },
        "en": {
            "title": "Myths and facts",
            "slug": "myths-and-facts",
            "introduction": "Common claims about social housing and what the sources say about them.",
        },
    },
    "materials": {
        "cs": {
            "title": "Materiály",
            "slug": "materialy",
            "introduction": "Metodiky, studie, příručky a prezentace o sociálním bydlení.",
        },
        "en": {
            "title": "Materials",
            "slug": "materials",
            "introduction": "Methodologies, studies, handbooks and presentations on social housing.",
        },
    },
}
