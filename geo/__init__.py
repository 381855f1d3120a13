"""Movements -> flow lines, the store, interactive layers and static briefing maps."""
