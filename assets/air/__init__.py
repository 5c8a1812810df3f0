"""The air feed: national hourly station data → raw → staging → AQI marts."""
