"""Flask app factory and web pages (the service issue)."""
