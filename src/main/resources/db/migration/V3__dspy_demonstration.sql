-- The demonstrations that passed the last training run of each model; predictions use them
-- instead of the raw training data once a run has stored them.
CREATE TABLE dspy_demonstration (
    model       VARCHAR(200) NOT NULL,
    position    INTEGER NOT NULL,
    input       TEXT NOT NULL,
    output      TEXT NOT NULL,
    trained_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (model, position)
);
