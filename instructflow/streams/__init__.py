"""The Faust app, topic registry, settings, codecs and CLI."""
