"""Names -> places: the local gazetteer, its index and a geopy geocoder."""
