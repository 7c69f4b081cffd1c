"""What the API reads and writes, as plain serializers (explicit fields: the OpenAPI schema)."""
