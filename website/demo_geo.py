"""The demo region's geography, made up for the demo (no download): each demo agency's boundary
and the towns the synthetic address register is spread over. The two boundaries share an edge
(longitude -79.64 between latitudes 43.45 and 43.62), so a point just east of the demo agency's
area lies in Lakeshore's."""

# GeoJSON (longitude, latitude), WGS 84.
DEMO_BOUNDARY = {
    "type": "Polygon",
    "coordinates": [
        [
            [-80.15, 43.25],
            [-79.75, 43.25],
            [-79.64, 43.40],
            [-79.64, 43.70],
            [-79.90, 43.75],
            [-80.15, 43.65],
            [-80.15, 43.25],
        ]
    ],
}

LAKESHORE_BOUNDARY = {
    "type": "Polygon",
    "coordinates": [[[-79.64, 43.45], [-79.52, 43.48], [-79.50, 43.62], [-79.64, 43.62], [-79.64, 43.45]]],
}

# (municipality, centre latitude, centre longitude, radius in km, postal-code prefixes), by agency.
DEMO_TOWNS = [
    ("Oakville", 43.45, -79.70, 4.0, ["L6H", "L6J", "L6K", "L6L", "L6M"]),
    ("Burlington", 43.33, -79.82, 5.0, ["L7L", "L7M", "L7N", "L7P", "L7R", "L7S", "L7T"]),
    ("Milton", 43.52, -79.88, 4.0, ["L9T"]),
    ("Halton Hills", 43.64, -79.95, 4.0, ["L7G", "L7J"]),
]
LAKESHORE_TOWNS = [
    ("Lakeshore", 43.56, -79.58, 3.0, ["L5E", "L5G"]),
    ("Port Bayview", 43.50, -79.56, 2.0, ["L5H"]),
]
