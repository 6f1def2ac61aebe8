"""The words and the picture of the demo police service that ``manage.py seed_demo`` builds.

A news item's ``report_online`` is its "Report online" button: the slug of the report form it
leads to and the button's words.

Page content is data that staff edit afterwards in the Wagtail admin, not interface text, so
it is not in the translation catalogue: the English pages are written here, and ``FRENCH`` holds
their French copies, which seed_demo makes the way staff would, with Wagtail's "Translate".
"""

import io


def _p(*paragraphs):
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}


def _h(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def _q(question, *answer):
    return {"type": "question", "value": {"question": question, "answer": "".join(f"<p>{a}</p>" for a in answer)}}


AGENCY = {
    "agency_name": "Demo Regional Police Service",
    "emergency_phone": "911",
    "non_emergency_phone": "905-555-0100",
    "address": "1 Demo Way\nOakville, ON  L6H 0A1",
    "reference_prefix": "DRPS",
    "municipalities": "Oakville\nBurlington\nMilton\nHalton Hills",
    "postal_code_prefixes": "L6H\nL6J\nL6K\nL6L\nL6M\nL7L\nL7M\nL7N\nL7P\nL7R\nL7S\nL7T\nL9T\nL7G\nL7J",
}

HOME = {
    "title": "Demo Regional Police Service",
    "intro": (
        "<p>Welcome to the Demo Regional Police Service. You can report some minor incidents "
        "online, at any time, without waiting for an officer.</p>"
    ),
    "reporting_intro": (
        "Report a theft under $5,000, lost property, mischief or damage, a theft from a vehicle "
        "or a fraud. You will get a reference number at once, and a case number by email once "
        "an officer has reviewed your report."
    ),
}

NEWS_INTRO = "<p>Announcements, public safety notices and news from the service.</p>"

IMAGE_TITLE = "Online reporting"

NEWS = [
    {
        "slug": "report-minor-incidents-online",
        "title": "You can now report minor incidents online",
        "days_ago": 2,
        "intro": (
            "Residents can now report thefts under $5,000, lost property, mischief, thefts from "
            "vehicles and frauds online, at any time of day."
        ),
        "body": [
            _p(
                "Starting today, residents of the region can report certain minor incidents "
                "through our website instead of waiting for an officer to call or visit.",
                "Each report is reviewed by our staff. If it is accepted you receive a case "
                "number by email; if we need more information, we will ask you.",
            ),
            _h("What you can report online"),
            _p(
                "Theft under $5,000, lost property, mischief or damage to property, theft from a "
                "vehicle, and fraud, when there is no suspect you know and no one is in danger."
            ),
            {
                "type": "quote",
                "value": {
                    "quote": "Online reporting frees our officers for the calls where they are needed most.",
                    "attribution": "Chief of Police",
                },
            },
            _h("When not to report online"),
            _p("If a crime is happening now or someone is in danger, call 911."),
        ],
        "image": "A person filling in a report form on a laptop",
        "report_online": ("report-theft", "Report a theft online"),
    },
    {
        "slug": "winter-vehicle-theft-prevention",
        "title": "Lock it or lose it: preventing thefts from vehicles this winter",
        "days_ago": 9,
        "intro": "Most thefts from vehicles happen to unlocked cars. A few habits keep your belongings safe.",
        "body": [
            _p(
                "Thefts from vehicles rise in the winter months, when drivers leave engines "
                "running to warm up. Never leave a running vehicle unattended."
            ),
            _h("Three habits"),
            _p(
                "Lock your doors and close your windows. Take valuables with you or keep them "
                "out of sight. Park in well-lit areas."
            ),
        ],
    },
    {
        "slug": "fraud-awareness-month",
        "title": "Fraud awareness: the caller is not from your bank",
        "days_ago": 21,
        "intro": (
            "Fraudsters pretend to be banks, government agencies and police. "
            "Hang up and call back on a number you trust."
        ),
        "body": [
            _p(
                "No bank, government agency or police service will ask you to buy gift cards, "
                "send cryptocurrency or move money to a 'safe account'."
            ),
            _p("If you have lost money to a fraud, report it to us online and to the Canadian Anti-Fraud Centre."),
        ],
        "report_online": ("report-fraud", "Report a fraud online"),
    },
]

STANDARD_PAGES = [
    {
        "slug": "faq",
        "title": "Frequently asked questions",
        "in_menu": True,
        "intro": "Answers to the questions people ask most about reporting online.",
        "body": [
            _q(
                "When should I call 911 instead?",
                "Call 911 whenever someone is in danger, a crime is happening now, or a suspect "
                "is still nearby. Online reporting is only for minor incidents that have already ended.",
            ),
            _q(
                "What happens after I report?",
                "You get a reference number on screen and by email. A member of our staff reviews "
                "your report. If it is accepted you receive a police case number; if we need more "
                "information we write to you; if it cannot be accepted we tell you why.",
            ),
            _q(
                "Will an officer come to see me?",
                "Usually not. An officer may contact you if there is evidence to follow up.",
            ),
            _q(
                "Can I get a copy of my report for my insurer?",
                "Yes. Your confirmation email contains a copy, and the case number your insurer asks for.",
            ),
        ],
    },
    {
        "slug": "what-can-i-report-online",
        "title": "What can I report online?",
        "in_menu": True,
        "intro": "Some minor incidents can be reported online, at any time, without waiting for an officer.",
        "body": [
            _h("You can report online"),
            _p(
                "Theft under $5,000; lost property; mischief or damage to property under $5,000; "
                "theft from a vehicle; fraud."
            ),
            _h("You cannot report online"),
            _p(
                "Any incident where someone is hurt or in danger, where the suspect is known or "
                "still nearby, that happened outside our region, or involving a loss over $5,000. "
                "Call 911 in an emergency, or our non-emergency line otherwise."
            ),
        ],
    },
    {
        "slug": "privacy",
        "title": "Privacy notice",
        "intro": "How we collect, use and keep the personal information you give us when you report online.",
        "body": [
            _p(
                "We collect the information in your report under the authority of the Police "
                "Services Act, to investigate and keep records of incidents.",
                "Only authorised staff of the service can read your report. Every view of a "
                "report is logged. Personal information is removed after the retention period "
                "set by our records schedule.",
            ),
        ],
    },
    {
        "slug": "accessibility",
        "title": "Accessibility statement",
        "intro": "We want everyone to be able to read this site and report online.",
        "body": [
            _p(
                "This site aims to meet the Web Content Accessibility Guidelines (WCAG) 2.1 at "
                "level AA. It works with a keyboard alone, with screen readers, and at any zoom.",
                "If something does not work for you, call our non-emergency line and we will "
                "take your report by phone.",
            ),
        ],
    },
]


# French copies, by the English page's slug ("home" for the home page).
FRENCH = {
    "agency_name": "Service de police régional de démonstration",
    "home": {
        "title": "Service de police régional de démonstration",
        "slug": "accueil",
        "intro": (
            "<p>Bienvenue au Service de police régional de démonstration. Vous pouvez signaler "
            "certains incidents mineurs en ligne, à toute heure, sans attendre un agent.</p>"
        ),
        "reporting_intro": (
            "Signalez un vol de 5 000 $ ou moins, un objet perdu, un méfait ou des dommages, un vol "
            "dans un véhicule ou une fraude. Vous recevrez un numéro de référence immédiatement, "
            "puis un numéro de dossier par courriel une fois votre rapport examiné par un agent."
        ),
    },
    "news": {
        "title": "Nouvelles",
        "slug": "nouvelles",
        "intro": "<p>Annonces, avis de sécurité publique et nouvelles du service.</p>",
    },
    "report-minor-incidents-online": {
        "slug": "signaler-des-incidents-mineurs-en-ligne",
        "title": "Vous pouvez maintenant signaler des incidents mineurs en ligne",
        "intro": (
            "Les résidents peuvent maintenant signaler en ligne, à toute heure, les vols de 5 000 $ ou "
            "moins, les objets perdus, les méfaits, les vols dans les véhicules et les fraudes."
        ),
        "body": [
            _p(
                "Dès aujourd’hui, les résidents de la région peuvent signaler certains incidents "
                "mineurs sur notre site Web au lieu d’attendre l’appel ou la visite d’un agent.",
                "Chaque rapport est examiné par notre personnel. S’il est accepté, vous recevez un "
                "numéro de dossier par courriel; s’il nous faut plus de renseignements, nous vous "
                "les demanderons.",
            ),
            _h("Ce que vous pouvez signaler en ligne"),
            _p(
                "Le vol de 5 000 $ ou moins, les objets perdus, les méfaits ou dommages aux biens, le "
                "vol dans un véhicule et la fraude, lorsque vous ne connaissez pas de suspect et que "
                "personne n’est en danger."
            ),
            {
                "type": "quote",
                "value": {
                    "quote": (
                        "Le signalement en ligne libère nos agents pour les appels où on a le plus besoin d’eux."
                    ),
                    "attribution": "Chef de police",
                },
            },
            _h("Quand ne pas signaler en ligne"),
            _p("Si un crime est en cours ou si quelqu’un est en danger, composez le 911."),
        ],
        "image": "Une personne qui remplit un formulaire de rapport sur un ordinateur portable",
        "report_online": ("signaler-un-vol", "Signaler un vol en ligne"),
    },
    "winter-vehicle-theft-prevention": {
        "slug": "prevenir-les-vols-dans-les-vehicules-cet-hiver",
        "title": "Verrouillez ou perdez : prévenir les vols dans les véhicules cet hiver",
        "intro": (
            "La plupart des vols dans les véhicules visent des voitures non verrouillées. Quelques "
            "habitudes protègent vos biens."
        ),
        "body": [
            _p(
                "Les vols dans les véhicules augmentent l’hiver, quand les conducteurs laissent tourner "
                "le moteur pour réchauffer la voiture. Ne laissez jamais un véhicule en marche sans "
                "surveillance."
            ),
            _h("Trois habitudes"),
            _p(
                "Verrouillez vos portières et fermez vos fenêtres. Emportez vos objets de valeur ou "
                "gardez-les hors de vue. Stationnez dans des endroits bien éclairés."
            ),
        ],
    },
    "fraud-awareness-month": {
        "slug": "mois-de-la-prevention-de-la-fraude",
        "title": "Prévention de la fraude : l’appel ne vient pas de votre banque",
        "intro": (
            "Les fraudeurs se font passer pour des banques, des organismes gouvernementaux et la "
            "police. Raccrochez et rappelez à un numéro auquel vous faites confiance."
        ),
        "body": [
            _p(
                "Aucune banque, aucun organisme gouvernemental ni aucun service de police ne vous "
                "demandera d’acheter des cartes-cadeaux, d’envoyer de la cryptomonnaie ou de "
                "transférer de l’argent dans un « compte sécurisé »."
            ),
            _p(
                "Si vous avez perdu de l’argent à cause d’une fraude, signalez-la-nous en ligne ainsi "
                "qu’au Centre antifraude du Canada."
            ),
        ],
        "report_online": ("signaler-une-fraude", "Signaler une fraude en ligne"),
    },
    "faq": {
        "slug": "faq",
        "title": "Foire aux questions",
        "intro": "Les réponses aux questions les plus fréquentes sur le signalement en ligne.",
        "body": [
            _q(
                "Quand dois-je plutôt composer le 911?",
                "Composez le 911 chaque fois que quelqu’un est en danger, qu’un crime est en cours ou "
                "qu’un suspect est encore à proximité. Le signalement en ligne ne sert qu’aux "
                "incidents mineurs déjà terminés.",
            ),
            _q(
                "Que se passe-t-il après mon signalement?",
                "Vous recevez un numéro de référence à l’écran et par courriel. Un membre de notre "
                "personnel examine votre rapport. S’il est accepté, vous recevez un numéro de "
                "dossier de police; s’il nous faut plus de renseignements, nous vous écrivons; s’il "
                "ne peut être accepté, nous vous expliquons pourquoi.",
            ),
            _q(
                "Un agent viendra-t-il me voir?",
                "Habituellement non. Un agent peut communiquer avec vous s’il y a des éléments de preuve à suivre.",
            ),
            _q(
                "Puis-je obtenir une copie de mon rapport pour mon assureur?",
                "Oui. Votre courriel de confirmation en contient une copie, ainsi que le numéro de "
                "dossier que votre assureur demande.",
            ),
        ],
    },
    "what-can-i-report-online": {
        "slug": "que-puis-je-signaler-en-ligne",
        "title": "Que puis-je signaler en ligne?",
        "intro": "Certains incidents mineurs peuvent être signalés en ligne, à toute heure, sans attendre un agent.",
        "body": [
            _h("Vous pouvez signaler en ligne"),
            _p(
                "Le vol de 5 000 $ ou moins; les objets perdus; les méfaits ou dommages aux biens de "
                "5 000 $ ou moins; le vol dans un véhicule; la fraude."
            ),
            _h("Vous ne pouvez pas signaler en ligne"),
            _p(
                "Tout incident où quelqu’un est blessé ou en danger, où le suspect est connu ou encore "
                "à proximité, qui s’est produit hors de notre région ou qui porte sur une perte de "
                "plus de 5 000 $. Composez le 911 en cas d’urgence, sinon notre ligne non urgente."
            ),
        ],
    },
    "privacy": {
        "slug": "confidentialite",
        "title": "Avis de confidentialité",
        "intro": (
            "Comment nous recueillons, utilisons et conservons les renseignements personnels que vous "
            "nous donnez lorsque vous signalez un incident en ligne."
        ),
        "body": [
            _p(
                "Nous recueillons les renseignements de votre rapport en vertu de la Loi sur les "
                "services policiers, afin d’enquêter sur les incidents et d’en tenir des dossiers.",
                "Seul le personnel autorisé du service peut lire votre rapport. Chaque consultation "
                "d’un rapport est consignée. Les renseignements personnels sont supprimés après la "
                "période de conservation fixée par notre calendrier de conservation des dossiers.",
            ),
        ],
    },
    "accessibility": {
        "slug": "accessibilite",
        "title": "Déclaration d’accessibilité",
        "intro": "Nous voulons que tout le monde puisse lire ce site et signaler un incident en ligne.",
        "body": [
            _p(
                "Ce site vise la conformité aux Règles pour l’accessibilité des contenus Web (WCAG) "
                "2.1, niveau AA. Il fonctionne au clavier seul, avec les lecteurs d’écran et à tout "
                "niveau de zoom.",
                "Si quelque chose ne fonctionne pas pour vous, composez notre ligne non urgente et "
                "nous prendrons votre rapport par téléphone.",
            ),
        ],
    },
}


def banner_png():
    """A small banner drawn with Pillow (shipped with Wagtail): no file to download."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 300), "#0b3d6b")
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 60, 520, 250), fill="#ffffff")  # a laptop screen
    draw.rectangle((40, 250, 560, 270), fill="#c9d1d9")
    for row in range(5):
        draw.rectangle((110, 90 + row * 30, 480 - row * 40, 105 + row * 30), fill="#c9d1d9")
    draw.ellipse((600, 80, 740, 220), fill="#ffbf47")  # a check mark badge
    draw.line((630, 150, 665, 185, 715, 115), fill="#0b3d6b", width=14)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
