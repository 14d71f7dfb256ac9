-- Events accepted while Kafka could not take them; the relay publishes them in sequence order
-- and deletes each one only after the broker acknowledged it. The payload is kept as text so
-- that it reaches Kafka exactly as it was posted.
CREATE TABLE event_outbox (
    sequence    BIGSERIAL PRIMARY KEY,
    event_id    VARCHAR(36) NOT NULL UNIQUE,
    topic       VARCHAR(249) NOT NULL,
    record_key  TEXT,
    payload     TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
