"""Route handlers: one module per area of the API, each exporting its ``ROUTES``."""
