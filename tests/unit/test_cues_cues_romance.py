"""Cues of the forced-labour signs in Spanish, Portuguese, French and Romanian (data/indicators/
{es,pt,fr,ro}.yml): everyday, informal ways workers state a sign must give it, and ordinary messages,
questions about rights and denied signs must give none."""

import pytest

from bot.assessment import indicators

DOCS = "retention_of_identity_documents"
WAGES = "withholding_of_wages"
MOVEMENT = "restriction_of_movement"
THREATS = "intimidation_threats"
VIOLENCE = "physical_sexual_violence"
DEBT = "debt_bondage"
CONDITIONS = "abusive_working_living_conditions"
OVERTIME = "excessive_overtime"
VULNERABILITY = "abuse_of_vulnerability"
DECEPTION = "deception"
ISOLATION = "isolation"

SIGNS = {
    "es": [
        ("me prometieron 1200 y me dieron 800", DECEPTION),
        ("el contrato decia otra cosa, nos mintieron", DECEPTION),
        ("el patron no me paga desde hace 3 meses", WAGES),
        ("me descuentan todo del sueldo", WAGES),
        ("la empresa me debe 2 meses de sueldo", WAGES),
        ("le debo a la agencia el viaje y la deuda sigue subiendo", DEBT),
        ("tengo q trabajar gratis para pagar la deuda al jefe", DEBT),
        ("el jefe se quedo con mi pasaporte", DOCS),
        ("la agencia tiene mi pasaporte y no me lo devuelve", DOCS),
        ("no nos dejan salir de la finca", MOVEMENT),
        ("nos encierran con llave por la noche", MOVEMENT),
        ("nos quitaron los celulares", ISOLATION),
        ("estamos en medio de la nada sin transporte", ISOLATION),
        ("el encargado me pego", VIOLENCE),
        ("el jefe me manosea", VIOLENCE),
        ("dice q si me voy llama a la policia", THREATS),
        ("el patron nos amenaza con la migra", THREATS),
        ("me paga menos porque no tengo papeles", VULNERABILITY),
        ("nadie te va a creer dice el jefe", VULNERABILITY),
        ("dormimos 10 en un cuarto sin agua", CONDITIONS),
        ("trabajamos sin guantes con quimicos", CONDITIONS),
        ("trabajamos 14 horas al dia sin dia libre", OVERTIME),
        ("curro de lunes a domingo", OVERTIME),
        ("trabajamos dia y noche", OVERTIME),
    ],
    "pt": [
        ("prometeram 1500 mas pagam 900", DECEPTION),
        ("o contrato dizia outra coisa", DECEPTION),
        ("o patrao nao paga ha 3 meses", WAGES),
        ("descontam tudo do salario", WAGES),
        ("a empresa ta me devendo 2 meses de salario", WAGES),
        ("devo a passagem a agencia e a divida so aumenta", DEBT),
        ("o patrao ficou com o meu passaporte", DOCS),
        ("nao devolvem o passaporte", DOCS),
        ("nao deixam a gente sair da fazenda", MOVEMENT),
        ("trancam a porta a noite", MOVEMENT),
        ("tiraram nossos celulares", ISOLATION),
        ("o encarregado me bateu", VIOLENCE),
        ("o chefe passa a mao em mim", VIOLENCE),
        ("ameacou me mandar de volta pro meu pais", THREATS),
        ("disse que chama a policia se eu sair", THREATS),
        ("paga menos porque nao tenho papeis", VULNERABILITY),
        ("dormimos 10 num quarto sem agua", CONDITIONS),
        ("moramos num contentor com bolor", CONDITIONS),
        ("trabalhamos 14 horas por dia sem folga", OVERTIME),
        ("trampo de segunda a domingo", OVERTIME),
    ],
    "fr": [
        ("on m'a promis 1200 et il donne 800", DECEPTION),
        ("le contrat disait autre chose, c'est une arnaque", DECEPTION),
        ("le patron me paye pas depuis 3 mois", WAGES),
        ("il me doit 2 mois de salaire", WAGES),
        ("je dois le billet d'avion a l'agence et la dette augmente", DEBT),
        ("je lui dois 3000 euros et ca augmente", DEBT),
        ("le patron a mon passeport", DOCS),
        ("ils ont pris nos passeports", DOCS),
        ("il me laisse pas sortir", MOVEMENT),
        ("ils ferment la porte a cle la nuit", MOVEMENT),
        ("ils ont pris nos telephones", ISOLATION),
        ("je peux pas appeler ma famille", ISOLATION),
        ("le chef m'a frappe", VIOLENCE),
        ("il m'a tape devant tout le monde", VIOLENCE),
        ("il dit il appelle la police si je pars", THREATS),
        ("il me menace de me faire expulser", THREATS),
        ("il paye moins parce que j'ai pas de papiers", VULNERABILITY),
        ("il profite de nous", VULNERABILITY),
        ("on dort a 8 dans une chambre, pas d'eau", CONDITIONS),
        ("on travaille sans gants avec les produits", CONDITIONS),
        ("je bosse 14h par jour sans repos", OVERTIME),
        ("on travaille jour et nuit, 7 jours sur 7", OVERTIME),
    ],
    "ro": [
        ("mi-au promis 1500 si mi-au dat 700", DECEPTION),
        ("in contract scria altceva, ne-au mintit", DECEPTION),
        ("n-am primit salariul de 3 luni", WAGES),
        ("nu ne plateste de doua luni", WAGES),
        ("ii datorez bani patronului pentru bilet si datoria creste", DEBT),
        ("pasaportul meu e la patron", DOCS),
        ("firma are pasaportul meu", DOCS),
        ("nu ma lasa sa plec din ferma", MOVEMENT),
        ("n-am voie sa ies", MOVEMENT),
        ("ne-au luat telefoanele", ISOLATION),
        ("seful m-a lovit", VIOLENCE),
        ("ne bate cand nu muncim repede", VIOLENCE),
        ("zice ca ma da la politie daca plec", THREATS),
        ("ne ameninta ca ne trimite acasa", THREATS),
        ("profita de noi ca nu stim limba", VULNERABILITY),
        ("dormim 10 oameni intr-o camera cu mucegai", CONDITIONS),
        ("lucram fara manusi", CONDITIONS),
        ("lucram 14 ore pe zi fara zi libera", OVERTIME),
        ("lucram zi si noapte", OVERTIME),
    ],
}

NONE = {
    "es": [
        "me grita pero paga a tiempo",
        "puedo irme cuando quiera",
        "no me quitaron el pasaporte",
        "tengo mi pasaporte conmigo",
        "nunca me ha pegado",
        "no le debo nada a nadie",
        "cuanto es el salario minimo en espana?",
        "quiero saber mis derechos como trabajador",
        "trabajo 8 horas y tengo dos dias libres",
        "cobro 1200 por 40 horas a la semana",
        "alguien sabe donde esta la oficina de extranjeria?",
        "aprovecho para preguntar por el permiso",
        "me mata la espalda de tanto agacharme",
        "pego etiquetas en las cajas",
        "tengo 7 dias para reclamar?",
        "el pasaporte tiene que estar vigente?",
        "no encuentro trabajo en ningun lado",
        "busco trabajo para pagar mis deudas",
        "no puedo llamar ahora, estoy en el trabajo",
        "me pagan mas o menos 1000 al mes",
        "el sindicato me ayuda a cobrar el sueldo",
        "cuantos meses debe durar el contrato?",
        "puedo ir a la carcel por trabajar sin papeles?",
    ],
    "pt": [
        "grita muito mas paga em dia",
        "posso sair quando quiser",
        "nao pegaram o meu passaporte",
        "o passaporte esta comigo",
        "ninguem me bateu",
        "nao devo nada",
        "qual e o salario minimo em portugal?",
        "quero saber os meus direitos",
        "trabalho 8 horas e tenho folga no domingo",
        "ganho 1200 por 40 horas",
        "alguem sabe onde fica o consulado?",
        "quero tirar o passaporte novo",
        "trabalho no abate de frangos",
        "ele deve me ligar amanha",
        "nao recebi resposta do consulado",
        "quanto tempo demora o passaporte?",
        "tenho folga no fim de semana",
        "o patrao pode descontar do salario a casa?",
        "voce deve receber pelo menos o salario minimo",
        "estou arrependido de ter vindo",
    ],
    "fr": [
        "il crie mais il paye a temps",
        "je peux partir quand je veux",
        "ils ont pas pris mon passeport",
        "j'ai mon passeport sur moi",
        "il m'a jamais frappe",
        "c'est quoi le salaire minimum en france?",
        "je veux connaitre mes droits",
        "je travaille 8 heures et j'ai 2 jours de repos",
        "1200 euros pour 35 heures, c'est normal?",
        "l'entreprise demande une copie du passeport",
        "je veux profiter de mes conges",
        "premiere etape, faire la demande de titre de sejour",
        "je suis pas libre demain",
        "ma famille va mal, je veux rentrer",
        "je cherche du travail pour payer mes dettes",
        "je touche 800 euros par mois",
        "je dois payer quelque chose a l'agence?",
        "je surveille un parking la nuit",
        "je me suis trompe de jour",
        "j'ai le cafard ce soir",
        "je me suis cogne la tete",
    ],
    "ro": [
        "tipa la noi dar plateste la timp",
        "pot sa plec cand vreau",
        "nu mi-au luat pasaportul",
        "pasaportul e la mine",
        "nu m-a lovit niciodata",
        "cat e salariul minim in germania?",
        "vreau sa stiu drepturile mele",
        "lucrez 8 ore si am doua zile libere",
        "1200 euro pentru 40 ore pe saptamana",
        "m-am lovit la mana la munca",
        "cine stie unde e ambasada?",
        "magazinele sunt inchise duminica",
        "lucrez ca paznic la un depozit",
        "n-am primit nimic de la ambasada",
        "nu pot suna acum, sunt la munca",
        "cat datorez la impozit?",
        "imi face rau caldura",
        "m-am inselat, scuze",
        "am ramas fara telefon, s-a stricat",
    ],
}

# More everyday wordings: slang, typos, code-mixed words (chef, lohn, agentia).
MORE_SIGNS = {
    "es": [
        ("el patron no paga hace 2 meses", WAGES),
        ("llevamos 2 meses sin cobrar nada", WAGES),
        ("no nos an pagado", WAGES),
        ("el jefe se queda con la mitad del sueldo", WAGES),
        ("el lohn no llega", WAGES),
        ("en el anuncio decia 1500 pero pagan 700", DECEPTION),
        ("nos dijeron q era en un hotel pero es en el campo", DECEPTION),
        ("la agencia me cobro el viaje y ahora le debo 2000", DEBT),
        ("descuentan la deuda del sueldo cada mes", DEBT),
        ("el chef tiene nuestros pasaportes", DOCS),
        ("me quitaron los papeles", DOCS),
        ("no nos dejan salir ni al pueblo", MOVEMENT),
        ("no puedo renunciar", MOVEMENT),
        ("no tenemos contacto con nadie", ISOLATION),
        ("nos revisan el celular", ISOLATION),
        ("nos pegan si no trabajamos rapido", VIOLENCE),
        ("me violo", VIOLENCE),
        ("dice q me denuncia a la migra si hablo", THREATS),
        ("amenaza con matarme", THREATS),
        ("sabe que no tengo papeles y se aprovecha de mi", VULNERABILITY),
        ("vivimos 12 en un container", CONDITIONS),
        ("no hay bano ni agua", CONDITIONS),
        ("el trabajo es peligroso sin proteccion", CONDITIONS),
        ("trabajo 16 horas diarias", OVERTIME),
        ("interna 24 horas sin dia libre", OVERTIME),
    ],
    "pt": [
        ("o patrao nao me paga", WAGES),
        ("ja sao 3 meses sem salario", WAGES),
        ("tao me devendo 2 meses", WAGES),
        ("o anuncio dizia 1200 mas pagam 700", DECEPTION),
        ("disseram que era num hotel mas e na obra", DECEPTION),
        ("a agencia cobrou a viagem e agora devo 2000 euro", DEBT),
        ("descontam a divida do salario", DEBT),
        ("o chefe tem os nossos passaportes", DOCS),
        ("levaram o meu titulo de residencia", DOCS),
        ("nao deixam a gente sair nem pra cidade", MOVEMENT),
        ("nao posso ir embora", MOVEMENT),
        ("nao temos contato com ninguem", ISOLATION),
        ("estamos isolados no meio do nada", ISOLATION),
        ("o encarregado bate na gente", VIOLENCE),
        ("levei porrada do patrao", VIOLENCE),
        ("diz que me entrega a imigracao se eu falar", THREATS),
        ("ameacou matar a minha familia", THREATS),
        ("se aproveitam porque nao temos papeis", VULNERABILITY),
        ("moramos 12 num contentor", CONDITIONS),
        ("a casa e suja e tem mofo", CONDITIONS),
        ("trabalho 16 horas por dia", OVERTIME),
        ("sem folga ha 2 meses", OVERTIME),
    ],
    "fr": [
        ("le patron il paye pas depuis 2 mois", WAGES),
        ("ils nous payent pas", WAGES),
        ("j'ai pas touche mon salaire", WAGES),
        ("l'annonce disait 1500 mais ils payent 700", DECEPTION),
        ("on nous a menti, c'est pas le travail promis", DECEPTION),
        ("l'agence m'a fait payer le voyage et je dois rembourser en travaillant", DEBT),
        ("ils retirent la dette de mon salaire", DEBT),
        ("le chef garde nos passeports", DOCS),
        ("ils ont pris mes papiers", DOCS),
        ("on a pas le droit de sortir", MOVEMENT),
        ("je peux pas quitter le travail", MOVEMENT),
        ("on a pas de contact avec la famille", ISOLATION),
        ("on est loin de tout, pas de bus", ISOLATION),
        ("le chef nous frappe", VIOLENCE),
        ("il me harcele sexuellement", VIOLENCE),
        ("il dit qu'il va me denoncer a la police si je pars", THREATS),
        ("il menace ma famille", THREATS),
        ("il profite parce que j'ai pas de papiers", VULNERABILITY),
        ("on vit a 10 dans un container", CONDITIONS),
        ("y a pas d'eau ni de toilettes", CONDITIONS),
        ("on bosse 14 heures par jour", OVERTIME),
        ("jamais de repos", OVERTIME),
    ],
    "ro": [
        ("patronul nu ne plateste de 2 luni", WAGES),
        ("nu mi-a dat salariul", WAGES),
        ("n-am primit bani de o luna", WAGES),
        ("in anunt scria 1500 dar dau 700", DECEPTION),
        ("ne-au mintit cu munca", DECEPTION),
        ("agentia ne-a platit drumul si acum datoram 2000", DEBT),
        ("imi opreste datoria din salariu", DEBT),
        ("seful ne tine pasapoartele", DOCS),
        ("ne-au luat buletinele", DOCS),
        ("nu avem voie sa iesim", MOVEMENT),
        ("nu pot sa plec de aici", MOVEMENT),
        ("nu avem contact cu familia", ISOLATION),
        ("suntem departe de oras fara transport", ISOLATION),
        ("seful ne loveste", VIOLENCE),
        ("m-a violat", VIOLENCE),
        ("zice ca ne da la politie daca vorbim", THREATS),
        ("ne ameninta cu politia", THREATS),
        ("profita ca nu avem acte", VULNERABILITY),
        ("stam 10 oameni intr-o camera", CONDITIONS),
        ("e mizerie si sobolani", CONDITIONS),
        ("lucram 16 ore pe zi", OVERTIME),
        ("fara zi libera", OVERTIME),
    ],
}

# Rudeness, denied and negated signs, ordinary questions.
MORE_NONE = {
    "es": [
        "el jefe es muy pesado y grita mucho",
        "el encargado grita pero nos paga bien",
        "me insulta a veces pero paga puntual",
        "puedo salir cuando quiero del piso",
        "me devolvieron el pasaporte",
        "nunca me amenazaron",
        "nadie me ha pegado nunca",
        "no me quitan el telefono",
        "tengo contacto con mi familia todos los dias",
        "no tengo deudas con nadie",
        "ya pague la deuda de la agencia",
        "el jefe no me grita, es buena persona",
        "trabajo 40 horas y libro los fines de semana",
        "quisiera saber si la empresa me puede despedir",
        "cual es el telefono de la inspeccion de trabajo",
        "puedo trabajar en la vendimia este ano?",
        "mi hermano vive en francia",
        "cuanto se paga en la fresa por hora",
    ],
    "pt": [
        "o chefe e chato e grita muito",
        "o encarregado grita mas paga bem",
        "me xinga as vezes mas paga em dia",
        "posso sair quando quero",
        "devolveram o passaporte",
        "nunca me ameacaram",
        "ninguem nunca me bateu",
        "nao tiram o telefone",
        "falo com a minha familia todos os dias",
        "nao tenho dividas",
        "ja paguei a divida da agencia",
        "trabalho 40 horas e tenho o fim de semana livre",
        "a empresa pode me demitir?",
        "qual e o numero da inspecao do trabalho",
        "posso trabalhar na vindima este ano?",
        "quanto pagam na apanha da fruta por hora",
    ],
    "fr": [
        "le chef est penible et il crie beaucoup",
        "il crie mais il paye bien",
        "il m'insulte parfois mais il paye a temps",
        "je sors quand je veux",
        "il m'a rendu mon passeport",
        "il m'a jamais menace",
        "personne m'a jamais frappe",
        "j'appelle ma famille tous les jours",
        "j'ai aucune dette",
        "j'ai deja rembourse l'agence",
        "je travaille 35 heures et j'ai le week-end",
        "l'entreprise peut me licencier?",
        "c'est quoi le numero de l'inspection du travail",
        "je peux faire les vendanges cette annee?",
        "combien on paye a l'heure pour la cueillette",
    ],
    "ro": [
        "seful e nervos si tipa mult",
        "tipa dar plateste bine",
        "ne injura uneori dar plateste la timp",
        "ies cand vreau",
        "mi-a dat inapoi pasaportul",
        "nu m-a amenintat niciodata",
        "nimeni nu m-a lovit",
        "vorbesc cu familia in fiecare zi",
        "nu am datorii",
        "am platit datoria la agentie",
        "lucrez 40 ore si am weekendul liber",
        "firma ma poate concedia?",
        "care e numarul inspectiei muncii",
        "pot lucra la cules de struguri anul asta?",
        "cat se plateste pe ora la capsuni",
    ],
}

@pytest.mark.parametrize("lang, text, indicator",
                         [(lang, text, indicator) for table in (SIGNS, MORE_SIGNS)
                          for lang, cases in table.items() for text, indicator in cases])
def test_an_everyday_statement_gives_its_sign(lang, text, indicator):
    assert indicator in indicators.from_text(text, [lang])


@pytest.mark.parametrize("lang, text", [(lang, text) for table in (NONE, MORE_NONE) for lang, texts in table.items() for text in texts])
def test_an_ordinary_or_denying_message_gives_no_sign(lang, text):
    assert indicators.from_text(text, [lang]) == []


def test_shouting_is_no_threat():
    for lang, text in [("es", "el jefe nos grita todo el dia"), ("pt", "o chefe grita e xinga"),
                       ("fr", "le chef crie et nous insulte"), ("ro", "seful tipa la noi si ne injura")]:
        assert "intimidation_threats" not in indicators.from_text(text, [lang]), (lang, text)


def test_a_negated_denial_is_no_denial():
    assert "restriction_of_movement" in indicators.from_text("no soy libre de irme, no me dejan salir", ["es"])
    assert "withholding_of_wages" in indicators.from_text("nao paga em dia, nao pagou nada ha 2 meses", ["pt"])


@pytest.mark.parametrize("lang", ["es", "pt", "fr", "ro"])
def test_each_language_has_clause_breaks_and_denials(lang):
    table = indicators._cue_file(lang)
    assert table.get("clause_breaks")
    assert {"restriction_of_movement", "retention_of_identity_documents", "withholding_of_wages"} <= set(table["denials"])


@pytest.mark.parametrize("lang", ["es", "pt", "fr", "ro"])
def test_every_stem_is_text(lang):
    # YAML reads a bare no / on / off / yes as a boolean and 12 as a number: they must be quoted.
    table = indicators._cue_file(lang)
    for section in ("cues", "denials"):
        for indicator, cues in table[section].items():
            for cue in cues:
                assert all(isinstance(stem, str) for stem in cue), (lang, section, indicator, cue)
    assert all(isinstance(word, str) for word in table["clause_breaks"])


# Ways of saying a sign that the cues missed in the fourth held-out situations, said in other words.
STORY_SIGNS = [
    ("es", "me dijeron que era de cocinera y cuando llegue me pusieron en el campo", "deception"),
    ("es", "dice que nos paga todo al final de la temporada", WAGES),
    ("fr", "j'ai pas le droit d'appeler mes enfants", "isolation"),
    ("fr", "j'ai pas de telephone ici", "isolation"),
    ("fr", "il dit qu'il paiera a la fin de la saison", WAGES),
    ("pt", "ele disse que ninguem sai daqui enquanto nao pagar a divida", MOVEMENT),
    ("pt", "o patrao bateu nele na frente de todos", "physical_sexual_violence"),
    ("pt", "fica com o salario pra pagar a passagem", "debt_bondage"),
    ("ro", "nu avem voie sa iesim singuri din ferma", "isolation"),
    ("ro", "zice ca ne da pe mana politiei", THREATS),
    ("ro", "ne da banii la sfarsit cand plecam acasa", WAGES),
    ("ro", "zicea ca primim 60 de euro, acum ne da 30", "deception"),
    ("ro", "vine si ne ia toti banii", WAGES),
]
STORY_NONE = [
    ("es", "me pidieron el pasaporte y me lo devolvieron enseguida"),
    ("fr", "le patron m'a pas pris mes papiers et personne me menace"),
    ("pt", "o patrao pagou as horas extra direitinho"),
    ("pt", "queria saber se isso e assedio moral ou se e normal"),  # a question about harassment at work
]


@pytest.mark.parametrize("lang, text, indicator", STORY_SIGNS)
def test_a_sign_told_in_a_story_is_noticed(lang, text, indicator):
    assert indicator in indicators.from_text(text, [lang])


@pytest.mark.parametrize("lang, text", STORY_NONE)
def test_a_sign_given_back_or_denied_in_a_story_gives_none(lang, text):
    assert indicators.from_text(text, [lang]) == []
