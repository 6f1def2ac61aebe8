"""French dates and times the way they are written in Canada: "3 décembre 2026, 19 h 51".
Formats not set here are Django's own for French."""

TIME_FORMAT = r"G \h i"
DATETIME_FORMAT = r"j F Y, G \h i"
SHORT_DATETIME_FORMAT = r"Y-m-d G \h i"
