-- nifi-crm entity store, version 7 (embedded SQLite). Applied by the store on enable, in one transaction.

-- The signatures of webhook requests VerifyWebhookSignature accepted, while a captured request could still pass its
-- timestamp check: a request whose signature is here and not expired is a replay, also after NiFi restarts. Only the
-- SHA-256 digest of the signature is kept (no request content, no personal data); a row goes once it has expired (when
-- a later request is claimed).
create table if not exists crm_webhook_signature (
    signature_digest blob primary key,
    expires_at integer not null
);
create index if not exists crm_webhook_signature_expires_at on crm_webhook_signature (expires_at);
