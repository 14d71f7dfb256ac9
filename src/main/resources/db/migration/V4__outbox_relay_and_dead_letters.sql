-- The relay's lease: one row, held by one instance at a time until it expires, so that a stopped
-- or frozen relay is taken over by another instance of the fleet once its lease runs out.
CREATE TABLE outbox_relay_lease (
    id          SMALLINT PRIMARY KEY CHECK (id = 1),
    holder      TEXT NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);

-- The size of each queued event, for the outbox's byte bound, computed by the database (so an
-- insert that does not name it, as an instance of the version before does, still counts), and
-- the per-key look-up that decides whether a new event may go to Kafka directly (never ahead of
-- a queued one of its key). Keys are at most 512 characters, so that an entry fits the index.
ALTER TABLE event_outbox ADD COLUMN size_bytes INTEGER
    GENERATED ALWAYS AS (octet_length(payload) + coalesce(octet_length(record_key), 0)) STORED;
CREATE INDEX event_outbox_topic_key ON event_outbox (topic, record_key);

-- Events the broker refused for good (too large for it, a topic it refuses, not authorized):
-- kept out of the way of the others, with the error, until an operator retries or deletes them.
CREATE TABLE event_dead_letter (
    id          BIGSERIAL PRIMARY KEY,
    event_id    VARCHAR(36) NOT NULL UNIQUE,
    topic       VARCHAR(249) NOT NULL,
    record_key  TEXT,
    payload     TEXT NOT NULL,
    size_bytes  INTEGER NOT NULL,
    error       TEXT NOT NULL,
    accepted_at TIMESTAMPTZ NOT NULL,
    failed_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
