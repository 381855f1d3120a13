"""Article files -> clean text, metadata, place mentions, movements with evidence."""
