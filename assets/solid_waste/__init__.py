"""The solid-waste feed: annual enterprise statistics → raw → staging → utilisation rate and mass balance."""
