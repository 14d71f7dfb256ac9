-- Which instance made each configuration version.
ALTER TABLE config_change ADD COLUMN instance_id VARCHAR(128);

-- The instances sharing this database, each renewing its row once a health interval: the fleet
-- that /admin/instances lists (rows unseen for an hour are removed).
CREATE TABLE mesh_instance (
    id              VARCHAR(128) PRIMARY KEY,
    started_at      TIMESTAMPTZ NOT NULL,
    last_seen       TIMESTAMPTZ NOT NULL,
    config_version  BIGINT NOT NULL,
    config_error    TEXT,
    status          VARCHAR(16) NOT NULL
);
