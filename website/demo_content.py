"""The words and the picture of the demo police service that ``manage.py seed_demo`` builds.

Page content is data that staff edit afterwards in the Wagtail admin, not interface text,
so it is written here once in English; the French copies come with the translation work.
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
