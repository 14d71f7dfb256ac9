-- Runtime configuration changes made through POST /admin/config, one row per applied version.
CREATE TABLE config_change (
    version     BIGINT PRIMARY KEY,
    applied_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    source      VARCHAR(16) NOT NULL,
    changes     JSONB NOT NULL
);
