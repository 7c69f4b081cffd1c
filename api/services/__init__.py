"""Write side of the API app: service accounts and tokens, idempotency records, webhooks."""
